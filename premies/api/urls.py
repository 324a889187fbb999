from rest_framework.routers import SimpleRouter

from . import views

app_name = "api-premies"

router = SimpleRouter()
router.register(
    r"dossiers/(?P<dossier_pk>[0-9]+)/berekeningen", views.BerekeningenViewSet, basename="berekeningen"
)
router.register("betalingen", views.BetalingViewSet, basename="betaling")

urlpatterns = router.urls
