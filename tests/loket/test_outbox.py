"""The outbox delivers every mail exactly once: one claimant wins, a crash is retried only after
the claim's lease, and every copy carries the same Message-ID."""

import threading

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone

from loket import mail as outbox
from loket.models import Bericht
from loket.tasks import bezorg_openstaande_berichten

pytestmark = pytest.mark.django_db


def bericht(sleutel="test-1", aan="werkgever@example.be") -> Bericht:
    return Bericht.objects.create(sleutel=sleutel, aan=aan, onderwerp="Uw aanvraag", tekst="Tekst")


def test_a_mail_carries_a_message_id_derived_from_its_key():
    outbox.bezorg(bericht("beslissing-7-werkgever"))

    assert len(mail.outbox) == 1
    message_id = mail.outbox[0].extra_headers["Message-ID"]
    assert message_id == outbox.message_id("beslissing-7-werkgever")
    assert message_id != outbox.message_id("beslissing-8-werkgever")
    assert message_id.startswith("<") and message_id.endswith(">") and "@" in message_id


def test_a_delivered_mail_is_never_sent_again():
    b = bericht()
    assert outbox.bezorg(b) is True
    assert outbox.bezorg(b) is False
    assert bezorg_openstaande_berichten() == 0
    assert len(mail.outbox) == 1
    b.refresh_from_db()
    assert b.verzonden_op is not None and b.geclaimd_tot is None and b.pogingen == 1


def test_a_claimed_mail_is_left_to_its_claimant_until_the_lease_expires(settings):
    b = bericht()
    assert outbox.claim(b.pk) is True  # a delivery that crashed after claiming

    assert outbox.claim(b.pk) is False
    assert bezorg_openstaande_berichten() == 0
    assert mail.outbox == []

    with time_machine.travel(
        timezone.now() + timezone.timedelta(seconds=settings.MAIL_CLAIM_LEASE_SECONDS + 1)
    ):
        assert bezorg_openstaande_berichten() == 1
    assert len(mail.outbox) == 1


def test_a_failed_hand_off_releases_the_claim_so_a_retry_sends(monkeypatch):
    b = bericht()

    def backend_down(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", backend_down)
    with pytest.raises(OSError):
        outbox.bezorg(b)
    monkeypatch.undo()

    assert outbox.bezorg(b) is True
    assert len(mail.outbox) == 1


def test_database_locked_after_the_hand_off_does_not_make_the_sweeper_send_twice(monkeypatch):
    """The reported double: the mark-as-sent failed with 'database is locked' and the resend job
    sent the mail again. Now the claim keeps the sweeper away until its lease expires."""
    b = bericht()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(outbox, "_markeer_verzonden", locked)
    with pytest.raises(OperationalError):
        outbox.bezorg(b)
    monkeypatch.undo()

    assert bezorg_openstaande_berichten() == 0
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_send_one_mail():
    b = bericht()
    start = threading.Barrier(4)
    resultaten = []

    def bezorger():
        start.wait()
        try:
            resultaten.append(outbox.bezorg(b))
        finally:
            connection.close()

    threads = [threading.Thread(target=bezorger) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(resultaten) == [False, False, False, True]
    assert len(mail.outbox) == 1
