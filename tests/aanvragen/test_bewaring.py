"""Retention: the 'ended' rule (Hypothesis properties) and the anonymisation of dossiers whose
period is over: personal data gone for good (also from the history), numbers and dates kept."""

import datetime as dt
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import bewaring, rules, uploads
from aanvragen.models import Document, DocumentSoort, Dossier, Status
from loket.models import Bericht, Persoon
from premies.models import Betaallijn
from premies.tasks.uitbetaling import betaal_wat_verschuldigd_is
from tests.behandeling.factories import DossierFactory
from tests.premies.helpers import dmfa, lopend_dossier

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
dagen = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
statussen = st.sampled_from([s.value for s in Status])
jaren = st.integers(min_value=1, max_value=30)


@given(statussen, st.none() | dagen, st.none() | dagen, dagen, jaren)
def test_an_open_dossier_is_never_anonymised(status, einddatum, afgesloten_op, vandaag, n):
    if status not in rules.AFGESLOTEN_STATUSSEN:
        assert not rules.te_anonimiseren(status, einddatum, afgesloten_op, vandaag, n)


@given(st.sampled_from(rules.AFGESLOTEN_STATUSSEN), dagen, dagen, dagen, jaren, st.integers(0, 5000))
def test_once_due_a_dossier_stays_due_and_a_longer_period_is_never_due_earlier(
    status, einddatum, afgesloten_op, vandaag, n, later
):
    if rules.te_anonimiseren(status, einddatum, afgesloten_op, vandaag, n + 1):
        assert rules.te_anonimiseren(status, einddatum, afgesloten_op, vandaag, n)
    if rules.te_anonimiseren(status, einddatum, afgesloten_op, vandaag, n):
        assert rules.te_anonimiseren(status, einddatum, afgesloten_op, vandaag + dt.timedelta(days=later), n)


@given(st.sampled_from(rules.AFGESLOTEN_STATUSSEN), st.none() | dagen, dagen, jaren)
def test_due_exactly_on_the_day_the_period_is_over(status, einddatum, afgesloten_op, n):
    einde = rules.einde_dossier(status, einddatum, afgesloten_op)
    # An ended premium counts from its end; a refusal or inadmissibility from the decision.
    assert einde == (einddatum or afgesloten_op if status == "beeindigd" else afgesloten_op)
    termijn_om = rules.jaren_later(einde, n)
    assert rules.te_anonimiseren(status, einddatum, afgesloten_op, termijn_om, n)
    assert not rules.te_anonimiseren(status, einddatum, afgesloten_op, termijn_om - dt.timedelta(days=1), n)
    assert (termijn_om - einde).days in range(365 * n - 1, 366 * n + 1)


def test_29_february_counts_to_28_february():
    assert rules.jaren_later(dt.date(2028, 2, 29), 10) == dt.date(2038, 2, 28)


@pytest.fixture
def beeindigd(settings, django_capture_on_commit_callbacks):
    """A premium that ran in 2026 and ended on 31 December 2026: paid, with documents and mails."""
    settings.BEWAARTERMIJN_DOSSIER_JAREN = 10
    dossier = lopend_dossier(start=dt.date(2026, 1, 1), eind=dt.date(2026, 12, 31), iban="BE71096123456769")
    dmfa(dossier, 2026, 1)
    betaal_wat_verschuldigd_is("2026-07-01")
    dossier.status = Status.BEEINDIGD
    dossier.begeleider_naam = "Bart Begeleider"
    dossier.save()  # a history row with every personal field
    with django_capture_on_commit_callbacks(execute=True):
        document = uploads.bewaar_inhoud(
            dossier, DocumentSoort.BEWIJS_KWALIFICATIE, "diploma.pdf", PDF, "application/pdf"
        )
    Bericht.objects.create(
        sleutel=f"bewaring-{dossier.pk}",
        aan="els@werkgever.example",
        onderwerp=f"Beslissing voor {dossier.werknemer_voornaam}",
        tekst=f"Beste, {dossier.werknemer_voornaam} {dossier.werknemer_achternaam} ...",
        content_type=ContentType.objects.get_for_model(Dossier),
        object_id=dossier.pk,
    )
    return dossier, document


@pytest.mark.django_db
def test_after_the_period_personal_data_are_gone_for_good_and_the_numbers_stay(
    beeindigd, django_capture_on_commit_callbacks, caplog
):
    dossier, document = beeindigd
    insz, achternaam, persoon = dossier.werknemer_insz, dossier.werknemer_achternaam, dossier.werknemer
    bestand = document.bestand.storage, document.bestand.name
    lijn = Betaallijn.objects.get(dossier=dossier)
    lopend = DossierFactory(status="lopend", einddatum=dt.date(2027, 12, 31))
    recent = DossierFactory(status="beeindigd", einddatum=dt.date(2027, 1, 1))

    assert bewaring.anonimiseer_verlopen_dossiers(dt.date(2036, 12, 30)) == 0  # one day too early
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        assert bewaring.anonimiseer_verlopen_dossiers(dt.date(2036, 12, 31), door="test") == 1

    dossier.refresh_from_db()
    assert dossier.geanonimiseerd_op is not None
    for veld in bewaring.DOSSIER_LEEG:
        assert getattr(dossier, veld) == "", veld
    # The history keeps no copy: no row of this dossier still holds the INSZ or the name.
    historiek = dossier.history.all()
    assert historiek.count() >= 2
    assert not historiek.filter(werknemer_insz=insz).exists()
    assert not historiek.exclude(werknemer_achternaam="").exists()
    # Documents: rows and files gone.
    assert not Document.objects.filter(dossier=dossier).exists()
    assert not bestand[0].exists(bestand[1])
    bericht = Bericht.objects.get(sleutel=f"bewaring-{dossier.pk}")
    assert (bericht.aan, bericht.tekst) == ("", "") and achternaam not in bericht.onderwerp
    persoon.refresh_from_db()
    assert persoon.insz.startswith("X") and persoon.achternaam == "" and persoon.voornaam == ""
    # Statistics: status, dates, premium and amounts unchanged; the account number masked.
    assert (dossier.status, dossier.startdatum, dossier.einddatum) == (
        "beeindigd",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )
    nu = Betaallijn.objects.get(pk=lijn.pk)
    assert nu.iban == "BE71********69"
    assert (nu.bedrag, nu.brutoloon, nu.jaar, nu.kwartaal) == (
        lijn.bedrag,
        lijn.brutoloon,
        lijn.jaar,
        lijn.kwartaal,
    )
    # Other dossiers untouched.
    for ander in (lopend, recent):
        ander.refresh_from_db()
        assert ander.geanonimiseerd_op is None and ander.werknemer_insz
    # Logged: how many and by whom, never who the person was.
    [record] = [r for r in caplog.records if r.name == "aanvragen.bewaring" and r.door == "test"]
    assert record.aantal == 1 and record.door == "test"
    assert insz not in record.getMessage() and achternaam not in record.getMessage()
    # Safe to rerun: nothing left to do.
    assert bewaring.anonimiseer_verlopen_dossiers(dt.date(2036, 12, 31)) == 0


@pytest.mark.django_db
def test_a_person_still_in_a_dossier_within_its_period_keeps_their_data(settings):
    settings.BEWAARTERMIJN_DOSSIER_JAREN = 10
    oud = DossierFactory(status="geweigerd", einddatum=None)
    oud.overgangen.create(van="in_behandeling", naar="geweigerd")
    oud.overgangen.update(op=dt.datetime(2015, 3, 1, 12, tzinfo=dt.UTC))
    DossierFactory(status="lopend", werknemer=oud.werknemer)
    assert bewaring.anonimiseer_verlopen_dossiers(dt.date(2026, 1, 1), batch=1) == 1
    persoon = Persoon.objects.get(pk=oud.werknemer_id)
    assert not persoon.insz.startswith("X") and persoon.achternaam


@pytest.mark.django_db
def test_the_privacy_statement_cites_the_configured_period(client, settings):
    settings.BEWAARTERMIJN_DOSSIER_JAREN = 7
    tekst = client.get(reverse("loket:privacy")).content.decode()
    assert "bewaren we 7 jaar na het einde van de premie" in tekst
    assert "anoniem" in tekst


@pytest.mark.django_db
def test_the_access_log_is_deleted_after_its_own_period_by_the_daily_job(settings):
    """The privacy statement promises the access log BEWAARTERMIJN_INZAGELOG_JAREN years: the
    retention job (the beat task's function) deletes what is older, whatever the dossier."""
    import time_machine

    from aanvragen.models import DossierInzage
    from tests import factories

    settings.BEWAARTERMIJN_INZAGELOG_JAREN = 5
    dossier = DossierFactory(status="lopend")  # open: the dossier itself is kept
    door = factories.UserFactory(is_staff=True)

    def inzage(moment: str) -> DossierInzage:
        with time_machine.travel(moment, tick=False):
            return DossierInzage.objects.create(dossier=dossier, door=door)

    oud = inzage("2021-05-13 23:30 +02:00")
    precies_vijf_jaar = inzage("2021-05-14 22:00 +02:00")
    een_dag_jonger = inzage("2021-05-15 00:10 +02:00")
    recent = inzage("2026-01-10 09:00 +01:00")

    with time_machine.travel("2026-05-14 03:30 +02:00", tick=False):
        assert bewaring.anonimiseer_verlopen_dossiers(door="test") == 0
    over = set(DossierInzage.objects.values_list("pk", flat=True))
    assert over == {een_dag_jonger.pk, recent.pk}, (oud.pk, precies_vijf_jaar.pk)

    # The period comes from the settings, in one place: shorter, and more goes.
    settings.BEWAARTERMIJN_INZAGELOG_JAREN = 1
    with time_machine.travel("2026-05-14 03:30 +02:00", tick=False):
        assert bewaring.verwijder_verlopen_inzages(batch=1) == 1
    assert set(DossierInzage.objects.values_list("pk", flat=True)) == {recent.pk}
    dossier.refresh_from_db()
    assert dossier.geanonimiseerd_op is None
