from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremiesConfig(AppConfig):
    name = "premies"
    verbose_name = _("Premies en uitbetalingen")
