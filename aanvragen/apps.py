from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AanvragenConfig(AppConfig):
    name = "aanvragen"
    verbose_name = _("Aanvragen en dossiers")

    def ready(self):
        # Webhook events of the API (issue #12) on status changes, decisions and messages.
        from .api import events

        events.verbind()
