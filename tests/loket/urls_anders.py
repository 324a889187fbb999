"""Another URL configuration for loket.url_tag's tests: the portal's routes under another path,
the admin twice (two instances of one namespace) and a route that takes any text."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from loket.urls import loket_patterns

urlpatterns = [
    path("elders/", include(loket_patterns)),
    path("admin/", admin.site.urls),
    path("tweede-admin/", (admin.site.urls[0], "admin", "tweede")),
    path("tekst/<str:tekst>/", lambda request, tekst: HttpResponse(tekst), name="tekst"),
]
