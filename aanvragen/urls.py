from django.urls import path

from .views import aanvraag

app_name = "aanvragen"

# Each feature adds its routes here; URLs are Dutch.
urlpatterns = [
    path("aanvraag/start/", aanvraag.start, name="start"),
]
