"""The portal with one extra page, ``/bench/leeg/``: an empty response behind everything a signed-in
employer's request goes through (every middleware: session, account, acting organisation and its
access grant re-checked, language, CSRF, security headers, metrics), without a query, a template or
a context processor of its own. ``serve_and_measure.py`` serves it beside the portal: its req/s
is the most any signed-in portal page can reach on this machine, the floor the pages stand on."""

import os

from django.contrib.auth.decorators import login_required
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import clear_url_caches, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
application = get_wsgi_application()

import loket.urls  # noqa: E402  (after setup: the portal's own URLs)


@login_required
def leeg(request):
    assert request.organisatie is not None  # the acting organisation was checked
    return HttpResponse("<!doctype html><title>bench</title><p>Hallo</p>")


loket.urls.urlpatterns.insert(0, path("bench/leeg/", leeg))
clear_url_caches()
