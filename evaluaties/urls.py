from django.urls import path

from . import views

app_name = "evaluaties"

# Under /individueel-maatwerk/ (loket/urls.py), next to the dossier pages.
urlpatterns = [
    path("dossiers/<int:pk>/evaluatie/", views.start, name="start"),
    path("dossiers/<int:pk>/motivatieverslag.pdf", views.motivatieverslag_pdf, name="motivatieverslag"),
    # For the evaluation of a VOP premium: a new application (a draft) with the VOP flag.
    path(
        "aanvraag/<int:pk>/motivatieverslag.pdf",
        views.motivatieverslag_aanvraag,
        name="motivatieverslag_aanvraag",
    ),
    path("dossiers/<int:pk>/evaluatie/<int:epk>/stap/<slug:stap>/", views.stap, name="stap"),
    path("dossiers/<int:pk>/evaluatie/<int:epk>/ingediend/", views.ingediend, name="ingediend"),
    path(
        "dossiers/<int:pk>/evaluatie/<int:epk>/ontvangstbewijs/",
        views.ontvangstbewijs,
        name="ontvangstbewijs",
    ),
]
