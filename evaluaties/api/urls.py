from rest_framework.routers import SimpleRouter

from . import views

app_name = "api-evaluaties"

router = SimpleRouter()
router.register(r"dossiers/(?P<dossier_pk>[0-9]+)/evaluaties", views.EvaluatieViewSet, basename="evaluatie")

urlpatterns = router.urls
