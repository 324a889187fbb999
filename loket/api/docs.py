"""The API documentation pages (Swagger UI, Redoc) from drf-spectacular-sidecar: served by the
portal itself. Both build their styles at run time, so these two pages (only) allow inline styles."""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class _DocsCsp:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class SwaggerView(_DocsCsp, SpectacularSwaggerSplitView):
    pass


class RedocView(_DocsCsp, SpectacularRedocView):
    pass
