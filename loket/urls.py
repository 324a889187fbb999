from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import emailbevestiging_views, federale_aanmelding, health, hulp, metrics, taal, views
from .api import portaal, problems
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
        # The account's e-mail address and the link in its verification mail.
        path("account/e-mailadres/", emailbevestiging_views.emailadres, name="emailadres"),
        path(
            "account/e-mailadres/bevestigen/<str:token>/",
            emailbevestiging_views.emailadres_bevestigen,
            name="emailadres_bevestigen",
        ),
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
        # The language switch in the header of every page (loket/taal.py).
        path("taal/", taal.taal_kiezen, name="taal"),
    ],
    "loket",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    # Infrastructure (English): probes for the load balancer / Kubernetes, Prometheus scraping.
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("aanmelden/", federale_aanmelding.AanmeldenView.as_view(), name="login"),
    # The federal login (OpenID Connect); 404 unless configured (OIDC_RP_CLIENT_ID).
    path("aanmelden/federaal/", federale_aanmelding.FederaalAanmelden.as_view(), name="federale_aanmelding"),
    path(
        "aanmelden/federaal/terug/",
        federale_aanmelding.FederaalTerug.as_view(),
        name="federale_aanmelding_terug",
    ),
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

# Errors Django answers itself: under /api/ an RFC 9457 problem detail (in the language of
# Accept-Language), elsewhere the portal's Dutch pages (templates/400.html, 404.html, 500.html).
handler400 = problems.ongeldig_verzoek
handler404 = problems.niet_gevonden
handler500 = problems.serverfout
