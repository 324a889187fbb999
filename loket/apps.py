from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("WSE-loket")

    def ready(self):
        from . import taal  # noqa: F401  (connects the login signal that applies the account's language)
