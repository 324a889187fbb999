from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import hulp, views
from .api import portaal
from .otp import LoketAdminSite

# Staff sign in to the admin with a second factor (TOTP); see loket/otp.py.
admin.site.__class__ = LoketAdminSite

app_name_loket = "loket"

loket_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("in-naam-van/", views.kies_organisatie, name="kies_organisatie"),
        path("registreren/", views.registreren, name="registreren"),
        path("registreren/activeren/", views.activeren, name="activeren"),
        path("toegang/", views.toegang, name="toegang"),
        path("toegang/<int:pk>/intrekken/", views.toegang_intrekken, name="toegang_intrekken"),
        path(
            "toegang/uitnodigingen/<int:pk>/intrekken/",
            views.uitnodiging_intrekken,
            name="uitnodiging_intrekken",
        ),
        path("uitnodiging/<slug:token>/", views.uitnodiging, name="uitnodiging"),
        path("toegang/mandaten/", views.mandaat_verlenen, name="mandaat_verlenen"),
        path("toegang/mandaten/<int:pk>/intrekken/", views.mandaat_intrekken, name="mandaat_intrekken"),
        path("toegang/api-clients/", portaal.client_aanmaken, name="api_client_aanmaken"),
        path(
            "toegang/api-clients/<int:pk>/intrekken/", portaal.client_intrekken, name="api_client_intrekken"
        ),
        # Public pages (no login): help, privacy and accessibility statements.
        path("hulp/", hulp.hulp, name="hulp"),
        path("hulp/<slug:onderwerp>/", hulp.hulp_onderwerp, name="hulp_onderwerp"),
        path("privacy/", hulp.privacy, name="privacy"),
        path("toegankelijkheid/", hulp.toegankelijkheid, name="toegankelijkheid"),
    ],
    "loket",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("aanmelden/", auth_views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("account-aanmaken/", views.account_aanmaken, name="account_aanmaken"),
    path("", include(loket_patterns)),
    path("individueel-maatwerk/", include("aanvragen.urls")),
    path("individueel-maatwerk/", include("premies.urls")),
    path("individueel-maatwerk/", include("evaluaties.urls")),
    # The REST API (issue #12): the infrastructure, then each app's resources on it.
    path("api/v1/", include("loket.api.urls")),
    path("api/v1/", include("aanvragen.api.urls")),
    path("api/v1/", include("premies.api.urls")),
    path("api/v1/", include("evaluaties.api.urls")),
]
