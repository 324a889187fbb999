from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AanvragenConfig(AppConfig):
    name = "aanvragen"
    verbose_name = _("Aanvragen en dossiers")
