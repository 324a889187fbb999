"""A local OpenID Connect provider (django-oidc-provider) for the tests of the federal login: a
tiny Django project of its own, run as a separate server process by ``tests.oidc.provider``.
It stands in for the federal login (CSAM): it signs ID tokens (RS256) and hands out the claims
the portal maps, including the KBO mandates. Never part of the portal."""

import os
from pathlib import Path

WERKMAP = Path(os.environ["OIDC_TEST_DIR"])
SECRET_KEY = "only-for-the-local-test-provider"  # nosec B105: a test double, never deployed
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(WERKMAP / "provider.sqlite3")}}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/aanmelden/"
SITE_URL = os.environ["OIDC_TEST_SITE_URL"]
OIDC_USERINFO = "tests.oidc.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "tests.oidc.claims.KboMandaten"
