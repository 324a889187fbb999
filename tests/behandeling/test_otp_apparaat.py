"""A staff member's second factor is kept between requests under the rights version
(``loket.otp.OTPMiddleware``): an unchanged device costs no query, and a device that is deleted,
unconfirmed or given to someone else, by the ORM or raw SQL, stops counting at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

WACHTRIJ = "/admin/aanvragen/dossier/"


def _apparaat_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(WACHTRIJ).status_code
    return status, sum("otp_totp_totpdevice" in q["sql"] for q in ctx.captured_queries)


def _naar_aanmelden(client) -> bool:
    antwoord = client.get(WACHTRIJ)
    return antwoord.status_code == 302 and "/admin/login/" in antwoord["Location"]


def test_an_unchanged_device_is_read_once(behandelaar_client):
    assert _apparaat_queries(behandelaar_client)[0] == 200
    assert _apparaat_queries(behandelaar_client) == (200, 0)
    assert _apparaat_queries(behandelaar_client) == (200, 0)


def test_a_deleted_device_no_longer_counts(behandelaar_client, behandelaar):
    assert behandelaar_client.get(WACHTRIJ).status_code == 200
    TOTPDevice.objects.filter(user=behandelaar).delete()
    assert _naar_aanmelden(behandelaar_client)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE otp_totp_totpdevice SET confirmed = false WHERE user_id = %s",
        "UPDATE otp_totp_totpdevice SET user_id = (SELECT max(id) FROM auth_user WHERE id <> %s)",
    ],
)
def test_a_device_unconfirmed_or_given_away_in_raw_sql_no_longer_counts(
    behandelaar_client, behandelaar, supervisor, sql
):
    assert behandelaar_client.get(WACHTRIJ).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(sql, [behandelaar.pk])
    assert _naar_aanmelden(behandelaar_client)


def test_each_request_gets_its_own_copy(rf, behandelaar):
    """A view that changes its request's device (django-otp's verify_token saves throttling state)
    does not change what the next request is given."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from loket.backends import ModelBackend
    from loket.otp import OTPMiddleware

    apparaat = TOTPDevice.objects.get(user=behandelaar)
    middleware = OTPMiddleware(lambda request: None)
    gezien = []
    for _ in range(2):
        request = rf.get(WACHTRIJ)
        request.session = SessionStore()
        request.session[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        request.user = ModelBackend().get_user(behandelaar.pk)
        middleware(request)
        assert request.user.is_verified()
        assert request.user.otp_device.throttling_failure_count == 0  # not the previous request's
        request.user.otp_device.throttling_failure_count = 99
        gezien.append(request.user.otp_device)
    assert gezien[0] is not gezien[1]
