"""Staff sign in to the admin (backoffice) with a second factor: a TOTP code (django-otp).

``LoketAdminSite`` is django-otp's ``OTPAdminSite`` (a staff user without a verified device is
treated as not staff) with a Dutch login form that asks username, password and the 6-digit code
of the authenticator app. ``loket/urls.py`` switches the default admin site to it; the
management command ``staff_totp`` gives a staff member a device.
"""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin


class LoketOTPAuthenticationForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Verificatiecode"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("De code van 6 cijfers in uw authenticator-app."),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Vul de verificatiecode van uw authenticator-app in."),
        "invalid_token": _("De verificatiecode is niet juist of verlopen. Probeer opnieuw."),
        "device_required": _(
            "Voor uw account is nog geen authenticator-app ingesteld. Vraag het aan een supervisor."
        ),
        "verification_not_allowed": _("Aanmelden met een verificatiecode is tijdelijk geblokkeerd."),
        "n_failed_attempts": ngettext_lazy(
            "Na %(failure_count)d foute verificatiecode is aanmelden even geblokkeerd. Probeer zo opnieuw.",
            "Na %(failure_count)d foute verificatiecodes is aanmelden even geblokkeerd. Probeer zo opnieuw.",
            "failure_count",
        ),
    }

    def _chosen_device(self, user):
        # Staff have one authenticator app: use it without asking them to pick a device.
        device = super()._chosen_device(user)
        if device is None:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()
        return device


class LoketAdminSite(OTPAdminSite):
    login_form = LoketOTPAuthenticationForm
    login_template = "admin/login_otp.html"
    # Distinct permission sets are few (the staff groups); a bound keeps a process's memory flat.
    APP_LIST_MEMO_SIZE = 128

    def get_app_list(self, request, app_label=None):
        """The navigation's list of apps and models, built once per permission set.

        Every admin page shows it (the sidebar); building it asks each registered admin for the
        user's rights and reverses two URLs per model, 3-5 ms a page. What it holds follows only
        from the user's permissions (no admin here decides by anything else), so the set of them
        is the key: a changed permission gives a new key, never a stale list."""
        user = request.user
        sleutel = (
            user.is_active,
            user.is_superuser,
            frozenset(user.get_all_permissions()),
            app_label,
            translation.get_language(),
        )
        # Not set in __init__: loket/urls.py swaps the class of the existing default site.
        memo = self.__dict__.setdefault("_app_lists", {})
        app_list = memo.get(sleutel)
        if app_list is None:
            if len(memo) >= self.APP_LIST_MEMO_SIZE:
                memo.clear()
            app_list = memo[sleutel] = super().get_app_list(request, app_label)
        return app_list
