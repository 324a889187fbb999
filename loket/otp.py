"""Staff sign in to the admin (backoffice) with a second factor: a TOTP code (django-otp).

``LoketAdminSite`` is django-otp's ``OTPAdminSite`` (a staff user without a verified device is
treated as not staff) with a Dutch login form that asks username, password and the 6-digit code
of the authenticator app. ``loket/urls.py`` switches the default admin site to it; the
management command ``staff_totp`` gives a staff member a device.
"""

from django import forms
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
