from django.urls import path

from .views import aanvraag, beroep, dossiers

app_name = "aanvragen"

# Each feature adds its routes here; URLs are Dutch.
urlpatterns = [
    path("aanvraag/start/", aanvraag.start, name="start"),
    # The application form (B1). Draft uploads are served by aanvraag_document; the receipt by
    # ontvangstbewijs; documents of submitted dossiers by the dossier feature's 'document' view.
    path("aanvraag/<int:pk>/", aanvraag.hervat, name="aanvraag_hervat"),
    path("aanvraag/<int:pk>/stap/<slug:stap>/", aanvraag.stap, name="aanvraag_stap"),
    path("aanvraag/<int:pk>/verwijderen/", aanvraag.verwijder, name="aanvraag_verwijder"),
    path("aanvraag/<int:pk>/ingediend/", aanvraag.ingediend, name="aanvraag_ingediend"),
    path("aanvraag/<int:pk>/ontvangstbewijs/", aanvraag.ontvangstbewijs, name="ontvangstbewijs"),
    path(
        "aanvraag/<int:pk>/document/<int:document_pk>/", aanvraag.concept_document, name="aanvraag_document"
    ),
    # Following the dossier (B2): 'Actuele stand van uw dossier', the dossier page, documents, changes.
    path("dossiers/", dossiers.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/", dossiers.dossier, name="dossier"),
    path("dossiers/<int:pk>/wijziging/<slug:soort>/", dossiers.wijziging_melden, name="wijziging_melden"),
    path("documenten/<int:pk>/", dossiers.document, name="document"),
    # The appeal against the decision ('Beroep aantekenen'), within 45 days of the decision.
    path("dossiers/<int:pk>/beroep/", beroep.beroep, name="beroep"),
    path("dossiers/<int:pk>/beroep/<int:bpk>/", beroep.ontvangen, name="beroep_ontvangen"),
    path(
        "dossiers/<int:pk>/beroep/<int:bpk>/ontvangstbewijs/",
        beroep.ontvangstbewijs,
        name="beroep_ontvangstbewijs",
    ),
]
