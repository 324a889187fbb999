from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremiesConfig(AppConfig):
    name = "premies"
    verbose_name = _("Premies en uitbetalingen")

    def ready(self):
        # Importing the receivers also registers their Celery task with a worker.
        from . import receivers, signals

        signals.run_verzonden.connect(
            receivers.plan_betalingsoverzichten, dispatch_uid="premies.betalingsoverzichten"
        )
        # Webhook events of the API (issue #12) when a run is sent.
        from .api import events

        events.verbind()
