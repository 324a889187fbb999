"""The OAuth2 token endpoint (django-oauth-toolkit), rate limited per client_id and address."""

import math

from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from oauth2_provider.views import TokenView

from .problems import PROBLEM_CONTENT_TYPE, methode_niet_toegelaten, probleem
from .throttles import TokenAddressThrottle, TokenClientThrottle


class ThrottledTokenView(TokenView):
    throttle_classes = (TokenAddressThrottle, TokenClientThrottle)

    def http_method_not_allowed(self, request, *args, **kwargs):
        return methode_niet_toegelaten(request, self._allowed_methods())

    @method_decorator(sensitive_post_parameters("client_secret"))
    def post(self, request, *args, **kwargs):
        wachttijden = []
        for throttle in (cls() for cls in self.throttle_classes):
            if not throttle.allow_request(request, self):
                wachttijden.append(throttle.wait() or 1)
        if not wachttijden:
            return super().post(request, *args, **kwargs)
        wacht = math.ceil(max(wachttijden))
        response = JsonResponse(
            probleem(
                429,
                _("Te veel tokenaanvragen. Probeer opnieuw over %(seconden)d seconden.")
                % {"seconden": wacht},
                code="throttled",
                instance=request.path,
            ),
            status=429,
            content_type=PROBLEM_CONTENT_TYPE,
        )
        response["Retry-After"] = str(wacht)
        return response
