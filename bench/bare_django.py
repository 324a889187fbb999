"""The baseline: one Django view with no middleware, no database and no template, served by the
same gunicorn settings as the portal. Its req/s is the most a Django page can do on this machine;
``serve_and_measure.py`` reports every portal page as a share of it."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only-not-a-secret",  # nosec B106: a benchmark view without sessions or users
    MIDDLEWARE=[],
)


def bare(request):
    return HttpResponse("<!doctype html><title>bench</title><p>Hallo</p>")


urlpatterns = [path("", bare)]
application = get_wsgi_application()


if __name__ == "__main__":
    # ``python bench/bare_django.py``: this view's CPU time per request in-process, the baseline
    # of serve_and_measure's CPU column.
    import time

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/")
    start = time.process_time()
    for _ in range(500):
        client.get("/")
    print(f"{1000 * (time.process_time() - start) / 500:.3f}")
