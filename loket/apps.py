from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("WSE-loket")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from . import emailbevestiging, taal  # noqa: F401  (taal connects the login signal for the language)

        gebruiker = get_user_model()
        pre_save.connect(
            emailbevestiging.onthoud_adreswijziging, sender=gebruiker, dispatch_uid="loket-email-1"
        )
        post_save.connect(
            emailbevestiging.bevestig_nieuw_adres, sender=gebruiker, dispatch_uid="loket-email-2"
        )
        # Request ids on every log record and task; task and queue metrics (issue 11).
        from . import metrics, request_id

        request_id.install_log_record_factory()
        metrics.register_collectors()
