"""Mounted at ``api/v1/`` by ``loket.urls``; the apps mount their own resources beside it."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import RedocView, SwaggerView
from .token import ThrottledTokenView

app_name = "api"

router = SimpleRouter()
router.register("organisaties", views.OrganisatieViewSet, basename="organisatie")
router.register("webhook", views.WebhookViewSet, basename="webhook")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("oauth/token/", ThrottledTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="swagger"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
]
