from rest_framework.routers import SimpleRouter

from . import views

app_name = "api-aanvragen"

router = SimpleRouter()
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("aanvragen", views.AanvraagViewSet, basename="aanvraag")

urlpatterns = router.urls
