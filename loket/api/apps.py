from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "loket.api"
    label = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the OpenAPI description of the client credentials authentication.
        from . import schema  # noqa: F401


class RestFrameworkConfig(AppConfig):
    """Django REST framework without its own translation catalogue: its Dutch 'Dit veld is
    vereist.' would override Django's 'Dit veld is verplicht.' on every form of the portal (an
    app's catalogue wins over Django's). DRF's texts go through the project's catalogue instead.
    The path holds no templates or static files either: the API renders JSON only."""

    name = "rest_framework"
    label = "rest_framework"
    path = str(Path(__file__).resolve().parent / "rest_framework_app")
