import time

API_PREFIX = "/api/v1/"


class ApiAccessLogMiddleware:
    """Every call to the API in the access log (``ApiCall``): client, path, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        start = time.monotonic()
        response = self.get_response(request)
        from .models import ApiCall

        ApiCall.objects.create(
            client=getattr(request, "api_client", None),
            methode=request.method[:10],
            pad=request.get_full_path()[:500],
            status=response.status_code,
            duur_ms=int((time.monotonic() - start) * 1000),
            adres=request.META.get("REMOTE_ADDR") or None,
        )
        return response
