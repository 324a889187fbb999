from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluatiesConfig(AppConfig):
    name = "evaluaties"
    verbose_name = _("Evaluaties")
