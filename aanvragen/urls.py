from django.urls import path

from .views import aanvraag, dossiers

app_name = "aanvragen"

# Each feature adds its routes here; URLs are Dutch.
urlpatterns = [
    path("aanvraag/start/", aanvraag.start, name="start"),
    # Following the dossier (B2): 'Actuele stand van uw dossier', the dossier page, documents, changes.
    path("dossiers/", dossiers.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/", dossiers.dossier, name="dossier"),
    path("dossiers/<int:pk>/wijziging/<slug:soort>/", dossiers.wijziging_melden, name="wijziging_melden"),
    path("documenten/<int:pk>/", dossiers.document, name="document"),
]
