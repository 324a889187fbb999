"""Staff sign in to the admin (backoffice) with a second factor: a TOTP code (django-otp).

``LoketAdminSite`` is django-otp's ``OTPAdminSite`` (a staff user without a verified device is
treated as not staff) with a Dutch login form that asks username, password and the 6-digit code
of the authenticator app. ``loket/urls.py`` switches the default admin site to it; the
management command ``staff_totp`` gives a staff member a device. The site also keeps the
navigation (app list and sidebar) per permission set, so an admin page does not rebuild it.
"""

import copy
from urllib.parse import quote

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware


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

    def get_app_list(self, request, app_label=None):
        """The navigation's list of apps and models, built once per permission set.

        Every admin page shows it (the sidebar); building it asks each registered admin for the
        user's rights and reverses two URLs per model, 3-5 ms a page. What it holds follows only
        from the user's permissions (no admin here decides by anything else), so the set of them
        is the key: a changed permission gives a new key, never a stale list."""
        return _onthouden(
            self._memo("app_lists"),
            (rechten_sleutel(request.user), app_label),
            lambda: super(LoketAdminSite, self).get_app_list(request, app_label),
        )

    def nav_sidebar_html(self, request, app_list) -> str:
        """The sidebar's list of apps (``admin/app_list.html``), rendered once per permission set
        and highlighted entry: 40 models' rows were another 4-5 ms on every admin page."""
        # The entries the template highlights: those whose URL is in the path, as it tests them.
        pad = quote(request.path, safe="/")
        huidig = tuple(
            url
            for app in app_list
            for url in (app["app_url"], *(model.get("admin_url") for model in app["models"]))
            if url and url in pad
        )
        return _onthouden(
            self._memo("nav_sidebar"),
            (rechten_sleutel(request.user), huidig),
            lambda: render_to_string(
                "admin/app_list.html",
                {"app_list": app_list, "show_changelinks": False, "request": request},
            ),
        )

    def _memo(self, naam: str) -> dict:
        # Not made in __init__: loket/urls.py swaps the class of the existing default site.
        return self.__dict__.setdefault(f"_memo_{naam}", {})


# Distinct permission sets are few (the staff groups); a bound keeps a process's memory flat.
MEMO_SIZE = 256


def _onthouden(memo: dict, sleutel, maak):
    waarde = memo.get(sleutel)
    if waarde is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        waarde = memo[sleutel] = maak()
    return waarde


def rechten_sleutel(user) -> tuple:
    """All that the admin's navigation depends on for a user: their permissions (and the language
    it is shown in). Equal keys give the same app list and the same sidebar."""
    return (
        user.is_active,
        user.is_superuser,
        frozenset(user.get_all_permissions()),
        translation.get_language(),
    )


# (persistent device id, rights version) -> the device as read then; a few hundred staff at most.
_APPARATEN: dict[tuple[str, int], object] = {}
_APPARATEN_MAX = 2000


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, with a staff member's verified device kept in this process under
    the rights version (``data_versions.STAFF_RIGHTS``) that the user's own query already reads:
    django-otp loads the device again on every request (a query on every admin page). A device
    that is deleted, unconfirmed, given to someone else or used to sign in changes that version
    (triggers on its table, whoever writes), so the next request reads it again; each request
    gets its own copy. A user loaded without the version is served as django-otp does."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            versie = getattr(user, "rechten_versie", None)
            device = self._apparaat(persistent_id, versie) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user

    def _apparaat(self, persistent_id: str, versie: int | None):
        if versie is None:
            return self._device_from_persistent_id(persistent_id)
        sleutel = (persistent_id, versie)
        if sleutel not in _APPARATEN:
            if len(_APPARATEN) >= _APPARATEN_MAX:
                _APPARATEN.clear()  # versions only grow: old entries are never asked again
            _APPARATEN[sleutel] = self._device_from_persistent_id(persistent_id)
        device = _APPARATEN[sleutel]
        return None if device is None else copy.copy(device)
