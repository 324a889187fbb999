from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("WSE-loket")

    def ready(self):
        # Request ids on every log record and task; task and queue metrics (issue 11).
        from . import metrics, request_id

        request_id.install_log_record_factory()
        metrics.register_collectors()
