"""The period of a granted premium: 'toegekend' → 'lopend' on the start date, 'lopend' → 'beeindigd'
after the end date (the rule, the service, the daily task, right after a decision, the dossier page)."""

import datetime as dt

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import beslissingen, rules, services, tasks
from aanvragen.models import Beslissing, Dossier, StatusOvergang
from loket.models import Bericht
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import client_voor
from tests.behandeling.factories import DossierFactory

# The daily run at 00:30 in Brussels: in UTC it is still 22 November.
NACHT = "2026-11-23 00:30 +01:00"
VANDAAG = dt.date(2026, 11, 23)
GISTEREN = VANDAAG - dt.timedelta(days=1)
MORGEN = VANDAAG + dt.timedelta(days=1)
ALLE_STATUSSEN = sorted(rules.OVERGANGEN)

BEGIN_BEREIKT = "Begindatum bereikt: de premie loopt."
EINDE_BEREIKT = "Einddatum bereikt: de premie is beëindigd."


# --- The rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "start", "eind", "verwacht"),
    [
        # A grant runs from its start date on (usually at once: the first day of the decision's quarter).
        ("toegekend", VANDAAG, dt.date(2031, 11, 22), "lopend"),
        ("toegekend", dt.date(2026, 10, 1), dt.date(2031, 9, 30), "lopend"),
        ("toegekend", MORGEN, dt.date(2031, 11, 23), None),
        ("toegekend", None, None, None),
        # A grant whose whole period is past: first 'lopend' (the next step is 'beeindigd').
        ("toegekend", dt.date(2024, 1, 1), dt.date(2025, 12, 31), "lopend"),
        # A running premium ends the day after its end date, not on it.
        ("lopend", dt.date(2024, 10, 1), GISTEREN, "beeindigd"),
        ("lopend", dt.date(2024, 10, 1), VANDAAG, None),
        ("lopend", dt.date(2024, 10, 1), MORGEN, None),
        ("lopend", dt.date(2024, 10, 1), None, None),
        # Under evaluation: payment continues until DWSE decides; never ended automatically.
        ("in_evaluatie", dt.date(2021, 10, 1), dt.date(2026, 9, 30), None),
        ("beeindigd", dt.date(2021, 10, 1), dt.date(2026, 9, 30), None),
        ("geweigerd", dt.date(2021, 10, 1), dt.date(2026, 9, 30), None),
    ],
)
def test_status_volgens_periode(status, start, eind, verwacht):
    assert rules.status_volgens_periode(status, start, eind, VANDAAG) == verwacht


@pytest.mark.parametrize("status", sorted(set(ALLE_STATUSSEN) - {"toegekend", "lopend"}))
def test_only_granted_and_running_dossiers_move_with_the_period(status):
    for start in (None, dt.date(2020, 1, 1), MORGEN):
        for eind in (None, dt.date(2021, 1, 1), GISTEREN, VANDAAG, MORGEN):
            assert rules.status_volgens_periode(status, start, eind, VANDAAG) is None
            assert rules.periode_stappen(status, start, eind, VANDAAG) == []


def test_periode_stappen_walks_a_past_period_in_two_steps():
    assert rules.periode_stappen("toegekend", dt.date(2024, 1, 1), dt.date(2025, 12, 31), VANDAAG) == [
        "lopend",
        "beeindigd",
    ]
    assert rules.periode_stappen("toegekend", VANDAAG, dt.date(2031, 11, 22), VANDAAG) == ["lopend"]
    assert rules.periode_stappen("lopend", dt.date(2024, 1, 1), GISTEREN, VANDAAG) == ["beeindigd"]
    assert rules.periode_stappen("in_evaluatie", dt.date(2020, 1, 1), dt.date(2021, 1, 1), VANDAAG) == []


def test_duration_in_whole_years():
    assert rules.periode_duur_jaren(dt.date(2026, 4, 1), dt.date(2031, 3, 31)) == 5
    assert rules.periode_duur_jaren(dt.date(2026, 10, 1), dt.date(2028, 9, 30)) == 2
    assert rules.periode_duur_jaren(dt.date(2026, 10, 1), dt.date(2028, 9, 29)) == 1
    assert rules.periode_duur_jaren(dt.date(2026, 10, 1), dt.date(2027, 3, 31)) == 0
    assert rules.periode_duur_jaren(dt.date(2024, 2, 29), dt.date(2029, 2, 28)) == 5


datums = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2036, 12, 31))
misschien = st.none() | datums


@given(st.sampled_from(ALLE_STATUSSEN), misschien, misschien, datums)
def test_the_period_never_skips_a_step_and_is_idempotent(status, start, eind, vandaag):
    stappen = rules.periode_stappen(status, start, eind, vandaag)
    assert len(stappen) <= 2
    van = status
    for naar in stappen:
        assert rules.overgang_toegelaten(van, naar), (van, naar)
        van = naar
    # Applying the result again changes nothing.
    assert rules.status_volgens_periode(van, start, eind, vandaag) is None
    assert rules.periode_stappen(van, start, eind, vandaag) == []
    eerste = rules.status_volgens_periode(status, start, eind, vandaag)
    assert (stappen[0] if stappen else None) == eerste


@given(st.sampled_from(ALLE_STATUSSEN), misschien, misschien, datums)
def test_a_premium_runs_only_from_its_start_and_ends_only_after_its_end(status, start, eind, vandaag):
    stappen = rules.periode_stappen(status, start, eind, vandaag)
    if "lopend" in stappen:
        assert status == "toegekend" and start <= vandaag
    if "beeindigd" in stappen:
        assert status in ("toegekend", "lopend") and eind < vandaag
    if status == "in_evaluatie":
        assert stappen == []


@given(datums, st.integers(min_value=1, max_value=5))
def test_duration_of_a_decided_period(start, jaren):
    assert rules.periode_duur_jaren(start, rules.einddatum(start, jaren)) == jaren


# --- The service ----------------------------------------------------------------------------------


def dossier_met_periode(status, start, eind, **velden):
    return DossierFactory(status=status, startdatum=start, einddatum=eind, **velden)


def overgangen(dossier):
    return [(o.van, o.naar, o.door, o.reden) for o in StatusOvergang.objects.filter(dossier=dossier)]


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_a_grant_starts_running_on_its_start_date_as_the_system():
    dossier = dossier_met_periode("toegekend", dt.date(2026, 10, 1), dt.date(2031, 9, 30))

    assert services.werk_periode_bij(dossier, VANDAAG) == ["lopend"]

    assert dossier.status == "lopend"
    dossier.refresh_from_db()
    assert dossier.status == "lopend"
    assert overgangen(dossier) == [("toegekend", "lopend", None, BEGIN_BEREIKT)]
    assert dossier.history.first().status == "lopend"
    assert not Bericht.objects.exists()  # only the end is mailed
    # Idempotent: nothing the second time.
    assert services.werk_periode_bij(dossier, VANDAAG) == []
    assert len(overgangen(dossier)) == 1


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_a_grant_in_the_future_waits():
    dossier = dossier_met_periode("toegekend", dt.date(2027, 1, 1), dt.date(2028, 12, 31))
    assert services.werk_periode_bij(dossier) == []
    dossier.refresh_from_db()
    assert dossier.status == "toegekend" and not overgangen(dossier)


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_premium_ends_the_day_after_its_end_date_with_one_mail(django_capture_on_commit_callbacks):
    dossier = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN, contact_naam="Els Peeters")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.werk_periode_bij(dossier) == ["beeindigd"]

    dossier.refresh_from_db()
    assert dossier.status == "beeindigd"
    assert overgangen(dossier) == [("lopend", "beeindigd", None, EINDE_BEREIKT)]
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == [dossier.contact_email]
    assert bericht.subject == f"De premie van dossier {dossier.referentie} is beëindigd op 22/11/2026"
    assert "is beëindigd op 22 november 2026" in bericht.body
    # A 5-year premium: the employer is told an evaluation (extension) is asked for in time.
    assert "Een premie van 5 jaar kan via een evaluatie verlengd worden" in bericht.body
    assert "minstens 5 maanden voor het einde" in bericht.body
    html = bericht.alternatives[0][0]
    assert "<strong>22 november 2026</strong>" in html
    stored = Bericht.objects.get(sleutel=f"periode-einde-{dossier.pk}")
    assert stored.organisatie == dossier.organisatie and stored.object_id == dossier.pk

    # A rerun (or a retry) neither changes nor mails again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.werk_periode_bij(dossier) == []
        services.verstuur_periode_einde_mail(dossier)
    assert len(mail.outbox) == 1
    assert Bericht.objects.filter(sleutel__startswith="periode-einde-").count() == 1


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_on_its_end_date_the_premium_still_runs():
    dossier = dossier_met_periode("lopend", dt.date(2021, 11, 23), VANDAAG)
    assert services.werk_periode_bij(dossier) == []
    dossier.refresh_from_db()
    assert dossier.status == "lopend"


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_a_grant_whose_whole_period_is_past_runs_and_ends_in_one_go(django_capture_on_commit_callbacks):
    organisatie = factories.OrganisatieFactory(email="info@werkgever.be")
    dossier = dossier_met_periode(
        "toegekend", dt.date(2024, 10, 1), dt.date(2026, 9, 30), organisatie=organisatie, contact_email=""
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.werk_periode_bij(dossier) == ["lopend", "beeindigd"]

    dossier.refresh_from_db()
    assert dossier.status == "beeindigd"
    assert overgangen(dossier) == [
        ("toegekend", "lopend", None, BEGIN_BEREIKT),
        ("lopend", "beeindigd", None, EINDE_BEREIKT),
    ]
    # Without a contact person's address the organisation's address gets the mail.
    assert [m.to for m in mail.outbox] == [["info@werkgever.be"]]
    # A 2-year premium cannot be evaluated: a new application is the way.
    assert "kan niet via een evaluatie verlengd worden" in mail.outbox[0].body
    assert "Een premie van 5 jaar kan" not in mail.outbox[0].body


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_decided_duration_decides_about_evaluation(django_capture_on_commit_callbacks):
    # Decided for 5 years, the end later corrected to an earlier date: still a 5-year premium.
    dossier = dossier_met_periode("lopend", dt.date(2024, 1, 1), dt.date(2026, 6, 30))
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=True,
        percentage=40,
        duur_jaren=5,
        startdatum=dossier.startdatum,
        einddatum=dossier.einddatum,
        beslist_op=dt.date(2024, 2, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.werk_periode_bij(dossier)
    assert "Een premie van 5 jaar kan via een evaluatie verlengd worden" in mail.outbox[0].body


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_under_evaluation_the_premium_is_not_ended():
    dossier = dossier_met_periode("in_evaluatie", dt.date(2021, 10, 1), dt.date(2026, 9, 30))
    assert services.werk_periode_bij(dossier) == []
    dossier.refresh_from_db()
    assert dossier.status == "in_evaluatie"
    assert not Bericht.objects.exists()


# --- The daily task -------------------------------------------------------------------------------


def dossiers_zonder_werk(organisatie, n):
    """``n`` dossiers the period leaves alone today."""
    soorten = [
        ("toegekend", MORGEN, dt.date(2031, 11, 23)),  # starts tomorrow
        ("lopend", dt.date(2024, 10, 1), VANDAAG),  # ends today: still runs
        ("lopend", dt.date(2026, 10, 1), dt.date(2031, 9, 30)),
        ("in_evaluatie", dt.date(2021, 10, 1), dt.date(2026, 9, 30)),  # past end, under evaluation
        ("beeindigd", dt.date(2021, 10, 1), dt.date(2026, 9, 30)),
        ("geweigerd", None, None),
        ("in_behandeling", None, None),
    ]
    return [dossier_met_periode(*soorten[i % len(soorten)], organisatie=organisatie) for i in range(n)]


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_daily_task_changes_exactly_what_the_period_asks(django_capture_on_commit_callbacks):
    organisatie = factories.OrganisatieFactory()
    rust = dossiers_zonder_werk(organisatie, 7)
    begint = dossier_met_periode("toegekend", dt.date(2026, 10, 1), dt.date(2028, 9, 30))
    eindigt = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN)
    voorbij = dossier_met_periode("toegekend", dt.date(2024, 10, 1), dt.date(2026, 9, 30))
    voor = {d.pk: d.status for d in rust}

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.werk_periodes_bij.delay().get() == 3

    statussen = dict(Dossier.objects.values_list("pk", "status"))
    assert statussen[begint.pk] == "lopend"
    assert statussen[eindigt.pk] == statussen[voorbij.pk] == "beeindigd"
    assert {pk: statussen[pk] for pk in voor} == voor
    assert sorted(m.to[0] for m in mail.outbox) == sorted([eindigt.contact_email, voorbij.contact_email])
    aantal_overgangen = StatusOvergang.objects.count()
    assert aantal_overgangen == 4

    # A second run the same day: nothing changes, nothing is mailed twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.werk_periodes_bij.delay().get() == 0
    assert len(mail.outbox) == 2
    assert StatusOvergang.objects.count() == aantal_overgangen


@pytest.mark.parametrize("aantal", [5, 50])
@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_daily_task_finds_its_work_in_one_query(aantal, django_assert_max_num_queries):
    dossiers_zonder_werk(factories.OrganisatieFactory(), aantal)
    with django_assert_max_num_queries(1):
        assert tasks.werk_periodes_bij() == 0


@pytest.mark.parametrize("aantal", [5, 50])
@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_queries_depend_on_the_changes_only(aantal, django_assert_max_num_queries):
    organisatie = factories.OrganisatieFactory()
    dossiers_zonder_werk(organisatie, aantal)
    dossier_met_periode("toegekend", dt.date(2026, 10, 1), dt.date(2028, 9, 30), organisatie=organisatie)
    dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN, organisatie=organisatie)
    # 1 selection; per change (savepoints included) 8 to start, 13 to end with its mail (the first
    # mail also looks up the content type and the recipient's language), plus one per webhook event
    # (the API's lookup of the clients to notify: two status changes and a message): 26 whether 5 or
    # 50 dossiers need nothing.
    with django_assert_max_num_queries(26):
        assert tasks.werk_periodes_bij() == 2


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_one_failing_dossier_does_not_hold_up_the_others(monkeypatch, caplog):
    kapot = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN)
    goed = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN)
    echte_mail = services.verstuur_periode_einde_mail

    def mail(dossier):
        if dossier.pk == kapot.pk:
            raise RuntimeError("mailserver weg")
        return echte_mail(dossier)

    monkeypatch.setattr(services, "verstuur_periode_einde_mail", mail)
    assert tasks.werk_periodes_bij() == 1
    statussen = dict(Dossier.objects.values_list("pk", "status"))
    # The failing one is rolled back as a whole (status and mail) and selected again tomorrow.
    assert statussen == {kapot.pk: "lopend", goed.pk: "beeindigd"}
    assert f"Periode van dossier {kapot.pk} niet bijgewerkt" in caplog.text
    monkeypatch.setattr(services, "verstuur_periode_einde_mail", echte_mail)
    assert tasks.werk_periodes_bij() == 1
    assert Dossier.objects.get(pk=kapot.pk).status == "beeindigd"


def test_the_task_runs_daily_after_midnight():
    taak = settings.CELERY_BEAT_SCHEDULE["werk-periodes-bij"]
    assert taak["task"] == "aanvragen.tasks.werk_periodes_bij"
    assert taak["schedule"] == crontab(hour=0, minute=30)


# --- Right after a decision -----------------------------------------------------------------------

BESLISDAG = "2026-05-14 10:00 +02:00"


def ken_toe(dossier, door, **extra):
    waarden = {"uitkomst": "toegekend", "loonpremie": True, "percentage": 40, "duur_jaren": 5, **extra}
    return beslissingen.beslis(dossier, door=door, **waarden)


@time_machine.travel(BESLISDAG, tick=False)
@pytest.mark.django_db
def test_a_grant_runs_at_once_and_can_still_be_corrected(django_capture_on_commit_callbacks):
    behandelaar = factories.UserFactory(is_staff=True)
    dossier = DossierFactory(status="in_behandeling")

    eerste = ken_toe(dossier, behandelaar)
    assert dossier.status == "lopend"
    dossier.refresh_from_db()
    assert dossier.status == "lopend" and dossier.startdatum == dt.date(2026, 4, 1)
    assert overgangen(dossier)[-1] == ("toegekend", "lopend", None, BEGIN_BEREIKT)

    # A correction of the percentage keeps the premium running.
    tweede = ken_toe(dossier, behandelaar, percentage=50, vervangt=eerste, reden="Tikfout.")
    dossier.refresh_from_db()
    assert dossier.status == "lopend"

    # A correction whose period already lies in the past ends the premium (with the end mail).
    with django_capture_on_commit_callbacks(execute=True):
        ken_toe(
            dossier,
            behandelaar,
            duur_jaren=1,
            einddatum=dt.date(2026, 5, 10),
            vervangt=tweede,
            reden="Werknemer uit dienst op 10 mei.",
        )
    dossier.refresh_from_db()
    assert dossier.status == "beeindigd" and dossier.einddatum == dt.date(2026, 5, 10)
    assert overgangen(dossier)[-1] == ("lopend", "beeindigd", None, EINDE_BEREIKT)
    assert Bericht.objects.filter(sleutel=f"periode-einde-{dossier.pk}").count() == 1
    assert any("is beëindigd op 10 mei 2026" in m.body for m in mail.outbox)


@time_machine.travel(BESLISDAG, tick=False)
@pytest.mark.django_db
def test_a_running_grant_corrected_to_a_refusal_and_back():
    behandelaar = factories.UserFactory(is_staff=True)
    dossier = DossierFactory(status="ontvankelijk")
    eerste = ken_toe(dossier, behandelaar)
    assert dossier.status == "lopend"

    weigering = beslissingen.beslis(
        dossier, door=behandelaar, uitkomst="geweigerd", reden="Werknemer was al uit dienst.", vervangt=eerste
    )
    dossier.refresh_from_db()
    assert dossier.status == "geweigerd"

    ken_toe(dossier, behandelaar, vervangt=weigering, reden="Toch nog in dienst.")
    dossier.refresh_from_db()
    assert dossier.status == "lopend"
    assert [o[1] for o in overgangen(dossier)] == ["toegekend", "lopend", "geweigerd", "toegekend", "lopend"]


@time_machine.travel(BESLISDAG, tick=False)
@pytest.mark.django_db
def test_a_refusal_stays_refused():
    dossier = DossierFactory(status="in_behandeling")
    beslissingen.beslis(dossier, door=None, uitkomst="geweigerd", reden="Geen tewerkstelling.")
    dossier.refresh_from_db()
    assert dossier.status == "geweigerd"


# --- What the employer sees -----------------------------------------------------------------------


@time_machine.travel(NACHT, tick=False)
@pytest.mark.django_db
def test_the_employer_sees_the_premium_run_and_end(client):
    organisatie = factories.OrganisatieFactory()
    client_voor(client, organisatie)
    begint = dossier_met_periode(
        "toegekend", dt.date(2026, 10, 1), dt.date(2028, 9, 30), organisatie=organisatie
    )
    eindigt = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN, organisatie=organisatie)

    tasks.werk_periodes_bij()

    pagina = client.get(reverse("aanvragen:dossier", args=[begint.pk])).content.decode()
    assert 'data-testid="status">Lopend' in pagina
    assert "01/10/2026" in pagina and "30/09/2028" in pagina
    pagina = client.get(reverse("aanvragen:dossier", args=[eindigt.pk])).content.decode()
    assert 'data-testid="status">Beëindigd' in pagina
    # The end mail is on the tab Berichten.
    berichten = client.get(reverse("aanvragen:dossier", args=[eindigt.pk]), {"tab": "berichten"})
    assert "is beëindigd op 22/11/2026" in berichten.content.decode()
    # Another organisation's dossier does not exist for this employer.
    ander = dossier_met_periode("lopend", dt.date(2021, 10, 1), GISTEREN)
    assert client.get(reverse("aanvragen:dossier", args=[ander.pk])).status_code == 404
