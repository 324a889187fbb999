"""Staff process a change the employer reported: apply it to the dossier, or reject it with a reason.

Covers each kind of change, the bank account history (also for a school of a scholengroep), an
employee leaving service on a running and on an undecided dossier, rejecting, processing twice,
the mail to the employer, the admin pages and who may use them.
"""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules
from aanvragen.models import ErkendeDienstverlener, StatusOvergang, Wijziging
from aanvragen.rollen import zet_rollen
from aanvragen.wijzigingen import WijzigingGeweigerd, maak_plan, verwerk_wijziging, wijs_wijziging_af
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Bericht
from tests import factories

from .conftest import maak_medewerker, meld_aan_met_otp
from .factories import DossierFactory

NU = "2026-05-14 10:00 +02:00"
VANDAAG = dt.date(2026, 5, 14)
OUD_IBAN = "BE71096123456769"
NIEUW_IBAN = "BE62510007547061"
ANDER_IBAN = "BE43068999999501"


# --- Pure rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "einddatum", "laatste_dag", "verwacht"),
    [
        # A running premium: the end date moves to the last day in service when that is earlier.
        ("lopend", dt.date(2031, 3, 31), dt.date(2026, 6, 30), ("periode", dt.date(2026, 6, 30), False)),
        ("lopend", dt.date(2031, 3, 31), dt.date(2026, 5, 13), ("periode", dt.date(2026, 5, 13), True)),
        # The last day is today: the employee still works today, nothing ends yet.
        ("lopend", dt.date(2031, 3, 31), VANDAAG, ("periode", VANDAAG, False)),
        # Leaving after the end date changes nothing.
        ("lopend", dt.date(2026, 9, 30), dt.date(2027, 1, 31), ("periode", dt.date(2026, 9, 30), False)),
        ("toegekend", dt.date(2028, 3, 31), dt.date(2026, 5, 1), ("periode", dt.date(2026, 5, 1), True)),
        ("in_evaluatie", dt.date(2026, 3, 31), dt.date(2026, 8, 1), ("periode", dt.date(2026, 3, 31), True)),
        ("lopend", None, dt.date(2026, 8, 1), ("periode", dt.date(2026, 8, 1), False)),
        # Not decided yet: only recorded (the case handler refuses the application).
        ("ingediend", None, dt.date(2026, 5, 1), ("niet_beslist", None, False)),
        ("ontvankelijk", None, dt.date(2026, 5, 1), ("niet_beslist", None, False)),
        ("in_behandeling", None, dt.date(2026, 5, 1), ("niet_beslist", None, False)),
        # Closed: nothing changes.
        ("geweigerd", None, dt.date(2026, 5, 1), ("afgesloten", None, False)),
        ("niet_ontvankelijk", None, dt.date(2026, 5, 1), ("afgesloten", None, False)),
        ("beeindigd", dt.date(2026, 3, 31), dt.date(2026, 5, 1), ("afgesloten", None, False)),
    ],
)
def test_gevolg_uit_dienst(status, einddatum, laatste_dag, verwacht):
    gevolg = rules.gevolg_uit_dienst(status, einddatum, laatste_dag, VANDAAG)
    assert (gevolg.soort, gevolg.einddatum, gevolg.beeindigen) == verwacht


datums = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@given(einddatum=st.one_of(st.none(), datums), laatste_dag=datums, vandaag=datums)
def test_uit_dienst_verlengt_nooit_en_beeindigt_enkel_na_de_einddatum(einddatum, laatste_dag, vandaag):
    gevolg = rules.gevolg_uit_dienst("lopend", einddatum, laatste_dag, vandaag)
    assert gevolg.einddatum <= laatste_dag
    assert einddatum is None or gevolg.einddatum <= einddatum
    assert gevolg.einddatum in (einddatum, laatste_dag)
    assert gevolg.beeindigen == (gevolg.einddatum < vandaag)
    # The same rule as the daily period task: a running premium ends the day after its end date.
    assert gevolg.beeindigen == (
        rules.status_volgens_periode("lopend", None, gevolg.einddatum, vandaag) == "beeindigd"
    )


@given(status=st.sampled_from(["concept", "geweigerd", "niet_ontvankelijk", "beeindigd"]), dag=datums)
def test_uit_dienst_verandert_niets_aan_een_afgesloten_dossier(status, dag):
    gevolg = rules.gevolg_uit_dienst(status, dt.date(2030, 1, 1), dag, VANDAAG)
    assert gevolg.einddatum is None and not gevolg.beeindigen


def test_rekening_geldig_vanaf_en_overgang_naar_beeindigd():
    assert rules.rekening_geldig_vanaf(None, VANDAAG) == VANDAAG
    assert rules.rekening_geldig_vanaf(dt.date(2026, 7, 1), VANDAAG) == dt.date(2026, 7, 1)
    assert rules.overgang_toegelaten("toegekend", "beeindigd")
    assert rules.overgang_toegelaten("lopend", "beeindigd")


# --- Applying each kind -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _bevroren_tijd():
    with time_machine.travel(NU, tick=False):
        yield


def meld(dossier, soort, **gegevens):
    return Wijziging.objects.create(
        dossier=dossier, soort=soort, gegevens=gegevens, gemeld_door=factories.UserFactory()
    )


def verwerk(wijziging, door, capture):
    with capture(execute=True):
        return verwerk_wijziging(wijziging, door=door)


@pytest.mark.django_db
def test_contactpersoon_wordt_toegepast_en_de_werkgever_krijgt_een_mail(
    behandelaar, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(status="in_behandeling")
    wijziging = meld(dossier, "contactpersoon", naam="Lotte Claes", email="lotte@werkgever.be", telefoon="")

    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    assert (dossier.contact_naam, dossier.contact_email, dossier.contact_telefoon) == (
        "Lotte Claes",
        "lotte@werkgever.be",
        "",
    )
    historiek = dossier.history.first()
    assert historiek.history_user == behandelaar
    assert historiek.history_change_reason == "Gemelde wijziging verwerkt: Contactpersoon wijzigt"
    wijziging.refresh_from_db()
    assert wijziging.uitkomst == "verwerkt" and wijziging.verwerkt_door == behandelaar
    assert wijziging.verwerkt_op is not None and wijziging.reden == ""
    # One mail, to the new contact person, stored as a message of the dossier.
    bericht = Bericht.objects.get(sleutel=f"wijziging-{wijziging.pk}-verwerkt")
    assert bericht.onderwerp_object == dossier and bericht.organisatie == dossier.organisatie
    assert (
        bericht.onderwerp == f"Wijziging verwerkt voor dossier {dossier.referentie}: Contactpersoon wijzigt"
    )
    assert "Lotte Claes (lotte@werkgever.be)" in bericht.tekst
    assert [m.to for m in mail.outbox] == [["lotte@werkgever.be"]]
    assert "heeft deze wijziging verwerkt" in mail.outbox[0].body


@pytest.mark.django_db
def test_nieuw_rekeningnummer_wordt_actief_en_het_vorige_inactief(
    behandelaar, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(status="lopend", startdatum=dt.date(2026, 4, 1), einddatum=dt.date(2031, 3, 31))
    organisatie = dossier.organisatie
    oud = factories.BankrekeningFactory(organisatie=organisatie, iban=OUD_IBAN)
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf="2026-06-01")

    plan = maak_plan(wijziging)
    assert plan.gevolgen == [
        f"Nieuw rekeningnummer BE62 5100 0754 7061 wordt actief vanaf 01/06/2026 voor {organisatie.naam} "
        f"(alle premies van dit KBO-nummer). Het vorige ({oud.gemaskeerd}) wordt inactief."
    ]
    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    oud.refresh_from_db()
    nieuw = organisatie.rekeningen.get(actief=True)
    assert not oud.actief
    assert (nieuw.iban, nieuw.geldig_vanaf, nieuw.opgegeven_door) == (
        NIEUW_IBAN,
        dt.date(2026, 6, 1),
        wijziging.gemeld_door,
    )
    assert organisatie.huidige_rekening() == nieuw
    # History kept by simple-history, with the case handler as the author.
    assert [h.actief for h in oud.history.order_by("history_date", "history_id")] == [True, False]
    assert oud.history.first().history_user == behandelaar
    assert nieuw.history.get().history_user == behandelaar
    # The employer's mail shows the new account masked.
    tekst = Bericht.objects.get(sleutel=f"wijziging-{wijziging.pk}-verwerkt").tekst
    assert "BE62 5100 0754 7061" not in tekst and "7061" in tekst and "01/06/2026" in tekst


@pytest.mark.django_db
def test_rekeningnummer_zonder_datum_geldt_vanaf_vandaag(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory()
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)
    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)
    rekening = dossier.organisatie.huidige_rekening()
    assert (rekening.iban, rekening.geldig_vanaf) == (NIEUW_IBAN, VANDAAG)


@pytest.mark.django_db
def test_rekeningnummer_van_een_school_gaat_naar_de_scholengroep(
    behandelaar, django_capture_on_commit_callbacks
):
    groep = factories.OrganisatieFactory(soort="scholengroep", naam="Scholengroep Schelde")
    school = factories.OrganisatieFactory(soort="school", scholengroep=groep)
    oud = factories.BankrekeningFactory(organisatie=groep, iban=OUD_IBAN)
    dossier = DossierFactory(organisatie=school, status="toegekend")
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)

    assert "de scholengroep Scholengroep Schelde (voor al haar scholen)" in maak_plan(wijziging).gevolgen[0]
    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    oud.refresh_from_db()
    assert not oud.actief
    assert not school.rekeningen.exists()
    assert groep.huidige_rekening().iban == NIEUW_IBAN
    assert school.huidige_rekening() == groep.huidige_rekening()


@pytest.mark.django_db
def test_ongeldig_rekeningnummer_wordt_geweigerd_en_er_verandert_niets(behandelaar):
    dossier = DossierFactory()
    oud = factories.BankrekeningFactory(organisatie=dossier.organisatie, iban=OUD_IBAN)
    wijziging = meld(dossier, "rekeningnummer", iban="BE71096123456760", vanaf=None)  # wrong check digits

    with pytest.raises(WijzigingGeweigerd, match="Het gemelde rekeningnummer is ongeldig"):
        verwerk_wijziging(wijziging, door=behandelaar)

    assert dossier.organisatie.huidige_rekening() == oud
    wijziging.refresh_from_db()
    assert wijziging.verwerkt_op is None and wijziging.uitkomst == ""


@pytest.mark.django_db
def test_collega_coach_en_begeleider_worden_toegepast(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(
        status="lopend",
        premie_keuze="loon_begeleiding",
        begeleider_soort="intern",
        begeleider_naam="Piet Intern",
        collega_coach_naam="Jan Coach",
    )
    dienstverlener = ErkendeDienstverlener.objects.create(naam="Job & Co vzw")

    coach = meld(dossier, "collega_coach", naam="Sara Coach", vanaf="2026-06-01")
    assert maak_plan(coach).gevolgen == ["Collega-coach wordt Sara Coach (was Jan Coach)."]
    verwerk(coach, behandelaar, django_capture_on_commit_callbacks)
    extern = meld(
        dossier,
        "begeleider",
        begeleider_soort="extern",
        naam="",
        dienstverlener_id=dienstverlener.pk,
        dienstverlener="Job & Co vzw",
        vanaf="2026-06-01",
    )
    assert maak_plan(extern).gevolgen == [
        "Begeleider wordt erkende dienstverlener Job & Co vzw (was interne begeleider Piet Intern)."
    ]
    verwerk(extern, behandelaar, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    assert dossier.collega_coach_naam == "Sara Coach"
    assert (dossier.begeleider_soort, dossier.begeleider_naam, dossier.dienstverlener) == (
        "extern",
        "",
        dienstverlener,
    )

    intern = meld(
        dossier,
        "begeleider",
        begeleider_soort="intern",
        naam="Ria Intern",
        dienstverlener_id=None,
        dienstverlener="",
        vanaf="2026-07-01",
    )
    verwerk(intern, behandelaar, django_capture_on_commit_callbacks)
    dossier.refresh_from_db()
    assert (dossier.begeleider_soort, dossier.begeleider_naam, dossier.dienstverlener) == (
        "intern",
        "Ria Intern",
        None,
    )


@pytest.mark.django_db
def test_begeleider_die_niet_meer_erkend_is_wordt_geweigerd(behandelaar):
    dossier = DossierFactory(premie_keuze="loon_begeleiding")
    weg = ErkendeDienstverlener.objects.create(naam="Gestopt bv", actief=False)
    wijziging = meld(
        dossier,
        "begeleider",
        begeleider_soort="extern",
        dienstverlener_id=weg.pk,
        dienstverlener="Gestopt bv",
    )
    with pytest.raises(WijzigingGeweigerd, match="Gestopt bv"):
        verwerk_wijziging(wijziging, door=behandelaar)
    dossier.refresh_from_db()
    assert dossier.dienstverlener is None


# --- Employee leaves service --------------------------------------------------------------------------


def lopend_dossier(**kwargs):
    return DossierFactory(
        status="lopend",
        ingediend=dt.date(2025, 11, 3),
        startdatum=dt.date(2026, 1, 1),
        einddatum=dt.date(2030, 12, 31),
        **kwargs,
    )


@pytest.mark.django_db
def test_uit_dienst_in_de_toekomst_verschuift_de_einddatum(behandelaar, django_capture_on_commit_callbacks):
    dossier = lopend_dossier()
    wijziging = meld(dossier, "uit_dienst", datum="2026-06-30", toelichting="")

    plan = verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    assert dossier.einddatum == dt.date(2026, 6, 30)
    assert dossier.status == "lopend"
    assert "De einddatum van de premie wordt 30/06/2026 (was 31/12/2030)." in plan.gevolgen
    assert dossier.history.first().history_user == behandelaar
    assert "De premie loopt tot en met 30/06/2026." in mail.outbox[0].body


@pytest.mark.django_db
def test_uit_dienst_in_het_verleden_beeindigt_het_lopende_dossier(
    behandelaar, django_capture_on_commit_callbacks
):
    dossier = lopend_dossier()
    wijziging = meld(dossier, "uit_dienst", datum="2026-05-08", toelichting="Ontslag op eigen vraag")

    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.einddatum) == ("beeindigd", dt.date(2026, 5, 8))
    overgang = StatusOvergang.objects.get(dossier=dossier)
    assert (overgang.van, overgang.naar, overgang.door) == ("lopend", "beeindigd", behandelaar)
    assert overgang.reden == "Werknemer uit dienst op 08/05/2026"
    laatste = dossier.history.first()
    assert (laatste.status, laatste.einddatum, laatste.history_user) == (
        "beeindigd",
        dt.date(2026, 5, 8),
        behandelaar,
    )
    assert "het dossier is beëindigd" in mail.outbox[0].body


@pytest.mark.django_db
def test_uit_dienst_beeindigt_ook_een_toegekend_dossier(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(
        status="toegekend", startdatum=dt.date(2026, 4, 1), einddatum=dt.date(2028, 3, 31)
    )
    verwerk(meld(dossier, "uit_dienst", datum="2026-05-11"), behandelaar, django_capture_on_commit_callbacks)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.einddatum) == ("beeindigd", dt.date(2026, 5, 11))
    assert dossier.overgangen.get().van == "toegekend"


@pytest.mark.django_db
def test_uit_dienst_na_de_einddatum_verandert_niets(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="lopend", startdatum=dt.date(2026, 1, 1), einddatum=dt.date(2026, 9, 30))
    plan = verwerk(
        meld(dossier, "uit_dienst", datum="2027-01-31"), behandelaar, django_capture_on_commit_callbacks
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.einddatum) == ("lopend", dt.date(2026, 9, 30))
    assert (
        plan.gevolgen[0]
        == "De einddatum van de premie blijft 30/09/2026: de werknemer gaat pas daarna uit dienst."
    )


@pytest.mark.django_db
def test_uit_dienst_voor_de_beslissing_wordt_geregistreerd_met_een_waarschuwing(
    behandelaar_client, behandelaar, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(status="in_behandeling")
    wijziging = meld(dossier, "uit_dienst", datum="2026-05-08")

    plan = verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    assert dossier.status == "in_behandeling" and dossier.einddatum is None
    assert plan.waarschuwing_niet_beslist and "weiger de aanvraag" in plan.gevolgen[0]
    wijziging.refresh_from_db()
    assert wijziging.uitkomst == "verwerkt"
    # The dossier page and the decision form warn the case handler.
    pagina = behandelaar_client.get(
        reverse("admin:aanvragen_dossier_change", args=[dossier.pk])
    ).content.decode()
    waarschuwing = pagina.split('data-testid="uit-dienst"')[1].split("</p>")[0]
    assert "De werknemer is uit dienst sinds 08/05/2026" in waarschuwing
    assert "weiger dan de aanvraag" in waarschuwing
    beslissen = behandelaar_client.get(
        reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, "beslissen"])
    )
    assert "De werknemer is uit dienst sinds 08/05/2026" in beslissen.content.decode()


# --- Rejecting, twice, mail once -----------------------------------------------------------------


@pytest.mark.django_db
def test_afwijzen_met_reden(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory()
    wijziging = meld(dossier, "collega_coach", naam="Sara Coach", vanaf="2026-06-01")

    with django_capture_on_commit_callbacks(execute=True):
        wijs_wijziging_af(wijziging, door=behandelaar, reden="  Sara Coach werkt niet bij u.  ")

    wijziging.refresh_from_db()
    assert (wijziging.uitkomst, wijziging.reden, wijziging.verwerkt_door) == (
        "afgewezen",
        "Sara Coach werkt niet bij u.",
        behandelaar,
    )
    dossier.refresh_from_db()
    assert dossier.collega_coach_naam == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(f"Wijziging afgewezen voor dossier {dossier.referentie}")
    assert "Sara Coach werkt niet bij u." in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize("reden", ["", "   "])
def test_afwijzen_zonder_reden_wordt_geweigerd(behandelaar, reden):
    wijziging = meld(DossierFactory(), "collega_coach", naam="Sara Coach", vanaf="2026-06-01")
    with pytest.raises(WijzigingGeweigerd, match="Geef de reden op"):
        wijs_wijziging_af(wijziging, door=behandelaar, reden=reden)
    wijziging.refresh_from_db()
    assert wijziging.verwerkt_op is None and not Bericht.objects.exists()


@pytest.mark.django_db
def test_twee_keer_verwerken_wordt_geweigerd_en_er_is_maar_een_mail(
    behandelaar, supervisor, django_capture_on_commit_callbacks
):
    dossier = DossierFactory()
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)
    verwerk(wijziging, behandelaar, django_capture_on_commit_callbacks)

    with pytest.raises(
        WijzigingGeweigerd, match="Deze wijziging is al behandeld op 14/05/2026 10:00 door Mie"
    ):
        verwerk(Wijziging.objects.get(pk=wijziging.pk), supervisor, django_capture_on_commit_callbacks)
    with pytest.raises(WijzigingGeweigerd, match="al behandeld"):
        wijs_wijziging_af(wijziging, door=supervisor, reden="Te laat")

    assert dossier.organisatie.rekeningen.count() == 1
    assert Bericht.objects.filter(sleutel__startswith=f"wijziging-{wijziging.pk}").count() == 1
    assert len(mail.outbox) == 1
    wijziging.refresh_from_db()
    assert wijziging.verwerkt_door == behandelaar and wijziging.uitkomst == "verwerkt"


# --- Admin: preview, confirm, reject, bulk actions, permissions -----------------------------------

CHANGELIST = "/admin/aanvragen/wijziging/"


def verwerken_url(wijziging):
    return reverse("admin:aanvragen_wijziging_verwerken", args=[wijziging.pk])


def afwijzen_url(wijziging):
    return reverse("admin:aanvragen_wijziging_afwijzen", args=[wijziging.pk])


@pytest.mark.django_db
def test_behandelaar_ziet_wat_verwerken_doet_en_bevestigt(
    behandelaar_client, behandelaar, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(status="lopend")
    factories.BankrekeningFactory(organisatie=dossier.organisatie, iban=OUD_IBAN)
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)
    dossierpagina = reverse("admin:aanvragen_dossier_change", args=[dossier.pk])

    # From the dossier page's list of reported changes.
    html = behandelaar_client.get(dossierpagina).content.decode()
    rij = html.split(f'data-testid="wijziging-{wijziging.pk}"')[1].split("</tr>")[0]
    assert "Verwerken (toepassen)" in rij and "Afwijzen" in rij and verwerken_url(wijziging) in rij

    voorbeeld = behandelaar_client.get(verwerken_url(wijziging), {"next": dossierpagina}).content.decode()
    assert (
        "Nieuw rekeningnummer BE62 5100 0754 7061 wordt actief vanaf 14/05/2026" in voorbeeld
        and "Het vorige (BE** **** **** 6769) wordt inactief." in voorbeeld
    )
    assert dossier.organisatie.huidige_rekening().iban == OUD_IBAN  # nothing applied by looking

    with django_capture_on_commit_callbacks(execute=True):
        response = behandelaar_client.post(
            verwerken_url(wijziging), {"bevestigd": "ja", "next": dossierpagina}
        )

    assert response.status_code == 302 and response.url == dossierpagina
    assert dossier.organisatie.huidige_rekening().iban == NIEUW_IBAN
    html = behandelaar_client.get(dossierpagina).content.decode()
    assert "verwerkt." in html  # the success message names what happened
    rij = html.split(f'data-testid="wijziging-{wijziging.pk}"')[1].split("</tr>")[0]
    assert "Verwerkt 14/05/2026 10:00" in rij and "Verwerken (toepassen)" not in rij
    assert "BE** **** **** 7061 (rekening van de organisatie)" in html

    # Confirming again (a second tab): refused with a message, nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = behandelaar_client.post(
            verwerken_url(wijziging), {"bevestigd": "ja", "next": dossierpagina}, follow=True
        )
    assert "al behandeld" in response.content.decode()
    assert dossier.organisatie.rekeningen.count() == 2 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_afwijzen_vraagt_een_reden(behandelaar_client, behandelaar, django_capture_on_commit_callbacks):
    wijziging = meld(DossierFactory(), "contactpersoon", naam="An", email="an@werkgever.be", telefoon="")

    response = behandelaar_client.post(afwijzen_url(wijziging), {"bevestigd": "ja", "reden": "  "})
    assert response.status_code == 200
    assert "Geef de reden op waarom u de wijziging afwijst" in response.content.decode()
    wijziging.refresh_from_db()
    assert wijziging.verwerkt_op is None

    with django_capture_on_commit_callbacks(execute=True):
        response = behandelaar_client.post(
            afwijzen_url(wijziging), {"bevestigd": "ja", "reden": "An is geen medewerker van uw organisatie."}
        )
    assert response.status_code == 302
    wijziging.refresh_from_db()
    assert (
        wijziging.uitkomst == "afgewezen" and wijziging.reden == "An is geen medewerker van uw organisatie."
    )
    lijst = behandelaar_client.get(CHANGELIST, {"verwerkt": "afgewezen"}).content.decode()
    assert "Afgewezen: An is geen medewerker" in lijst


@pytest.mark.django_db
def test_bulkacties_tonen_eerst_wat_er_gebeurt(
    behandelaar_client, behandelaar, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(collega_coach_naam="Jan")
    coach = meld(dossier, "collega_coach", naam="Sara Coach", vanaf="2026-06-01")
    contact = meld(dossier, "contactpersoon", naam="Lotte Claes", email="lotte@werkgever.be", telefoon="")
    verkeerd = meld(dossier, "rekeningnummer", iban="BE00", vanaf=None)
    gekozen = [coach.pk, contact.pk]

    bevestig = behandelaar_client.post(CHANGELIST, {"action": "verwerken", "_selected_action": gekozen})
    html = bevestig.content.decode()
    assert bevestig.status_code == 200
    assert "Collega-coach wordt Sara Coach (was Jan)." in html and "Contactpersoon wordt Lotte Claes" in html
    assert not Wijziging.objects.filter(verwerkt_op__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = behandelaar_client.post(
            CHANGELIST, {"action": "verwerken", "_selected_action": gekozen, "bevestigd": "ja"}
        )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.collega_coach_naam, dossier.contact_naam) == ("Sara Coach", "Lotte Claes")
    assert len(mail.outbox) == 2

    # An invalid change: the preview says why; rejecting it as a selection asks one reason.
    html = behandelaar_client.post(
        CHANGELIST, {"action": "verwerken", "_selected_action": [verkeerd.pk]}
    ).content
    assert "Het gemelde rekeningnummer is ongeldig" in html.decode()
    zonder = behandelaar_client.post(
        CHANGELIST, {"action": "afwijzen", "_selected_action": [verkeerd.pk], "bevestigd": "ja", "reden": ""}
    )
    assert "Geef de reden op" in zonder.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        behandelaar_client.post(
            CHANGELIST,
            {
                "action": "afwijzen",
                "_selected_action": [verkeerd.pk],
                "bevestigd": "ja",
                "reden": "Geen IBAN.",
            },
        )
    verkeerd.refresh_from_db()
    assert (verkeerd.uitkomst, verkeerd.reden) == ("afgewezen", "Geen IBAN.")


@pytest.mark.django_db
def test_wijzigingspagina_toont_gevolgen_en_knoppen(supervisor_client):
    dossier = DossierFactory(collega_coach_naam="Jan")
    wijziging = meld(dossier, "collega_coach", naam="Sara Coach", vanaf="2026-06-01")
    html = supervisor_client.get(
        reverse("admin:aanvragen_wijziging_change", args=[wijziging.pk])
    ).content.decode()
    assert "Collega-coach wordt Sara Coach (was Jan)." in html
    assert verwerken_url(wijziging) in html and afwijzen_url(wijziging) in html


@pytest.mark.parametrize("aantal", [5, 50])
@pytest.mark.django_db
def test_wijzigingenlijst_heeft_een_vast_aantal_queries(
    behandelaar_client, django_assert_max_num_queries, aantal
):
    for i in range(aantal):
        dossier = DossierFactory()
        wijziging = meld(dossier, ["contactpersoon", "rekeningnummer", "uit_dienst"][i % 3], naam="X")
        if i % 2:
            Wijziging.objects.filter(pk=wijziging.pk).update(
                verwerkt_op="2026-05-10T10:00:00+02:00", uitkomst="afgewezen", reden="Nee"
            )
    with django_assert_max_num_queries(10):
        response = behandelaar_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-dossier_link"') == aantal


@pytest.mark.django_db
def test_werkgever_en_medewerker_zonder_rol_kunnen_niet_verwerken(employer_client, rollen):
    wijziging = meld(DossierFactory(), "contactpersoon", naam="An", email="an@werkgever.be", telefoon="")

    for url in (verwerken_url(wijziging), afwijzen_url(wijziging), CHANGELIST):
        response = employer_client.post(url, {"bevestigd": "ja", "reden": "x"})
        assert response.status_code == 302 and response.url.startswith("/admin/login/"), url

    zonder_rol = factories.UserFactory(username="stagiair", is_staff=True)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=zonder_rol, name="authenticator", confirmed=True)
    staff = meld_aan_met_otp(Client(), zonder_rol)
    assert staff.post(verwerken_url(wijziging), {"bevestigd": "ja"}).status_code == 403
    assert staff.post(afwijzen_url(wijziging), {"bevestigd": "ja", "reden": "x"}).status_code == 403

    wijziging.refresh_from_db()
    assert wijziging.verwerkt_op is None


# --- Employer side -------------------------------------------------------------------------------------


def werkgever_client(organisatie):
    toegang = factories.ToegangFactory(organisatie=organisatie)
    client = Client()
    client.force_login(toegang.gebruiker)
    session = client.session
    session[SESSION_KEY_ORGANISATIE] = organisatie.pk
    session.save()
    return client


@pytest.mark.django_db
def test_werkgever_ziet_de_stand_van_elke_wijziging(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="in_behandeling")
    wachtend = meld(dossier, "collega_coach", naam="Sara", vanaf="2026-06-01")
    verwerkt = meld(dossier, "uit_dienst", datum="2026-05-08")
    afgewezen = meld(dossier, "contactpersoon", naam="An", email="an@werkgever.be", telefoon="")
    verwerk(verwerkt, behandelaar, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        wijs_wijziging_af(afgewezen, door=behandelaar, reden="An is niet gekend bij uw organisatie.")
    client = werkgever_client(dossier.organisatie)
    pagina = reverse("aanvragen:dossier", args=[dossier.pk])

    html = client.get(pagina, {"tab": "wijzigingen"}).content.decode()

    def stand(w):
        return html.split(f'data-testid="stand-{w.pk}"')[1].split("</td>")[0]

    assert "Wordt verwerkt" in stand(wachtend)
    assert "Verwerkt op 14/05/2026" in stand(verwerkt)
    assert "Afgewezen op 14/05/2026" in stand(afgewezen)
    assert "An is niet gekend bij uw organisatie." in stand(afgewezen)
    overzicht = client.get(pagina).content.decode()
    assert "De werknemer is uit dienst sinds 08/05/2026" in overzicht
    berichten = client.get(pagina, {"tab": "berichten"}).content.decode()
    assert "Wijziging afgewezen voor dossier" in berichten and "Wijziging verwerkt voor dossier" in berichten

    # Another organisation's employer sees nothing of it.
    ander = werkgever_client(factories.OrganisatieFactory())
    for tab in ("wijzigingen", "berichten", "overzicht"):
        assert ander.get(pagina, {"tab": tab}).status_code == 404
    assert dossier.referentie not in ander.get(reverse("aanvragen:dossiers")).content.decode()


# --- Two case handlers at the same moment (PostgreSQL row locks) -------------------------------------


def gelijktijdig(*taken):
    """Run each task in its own thread and connection, all starting together; returns the errors."""
    barrier = threading.Barrier(len(taken))
    fouten = []

    def loop(taak):
        try:
            barrier.wait(timeout=10)
            taak()
        except ValidationError as exc:
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=loop, args=(taak,)) for taak in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return fouten


@pytest.mark.postgres
def test_gelijktijdig_verwerken_en_afwijzen_een_van_beide_staat(transactional_db):
    zet_rollen()
    dossier = DossierFactory()
    wijziging = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)
    a, b = (maak_medewerker("behandelaar", f"gelijk{i}") for i in range(2))

    fouten = gelijktijdig(
        lambda: verwerk_wijziging(Wijziging.objects.get(pk=wijziging.pk), door=a),
        lambda: wijs_wijziging_af(Wijziging.objects.get(pk=wijziging.pk), door=b, reden="Nee."),
    )

    assert len(fouten) == 1 and "al behandeld" in fouten[0].messages[0]
    wijziging.refresh_from_db()
    assert (wijziging.uitkomst == "verwerkt") == dossier.organisatie.rekeningen.filter(actief=True).exists()
    assert Bericht.objects.filter(sleutel=f"wijziging-{wijziging.pk}-verwerkt").count() == 1


@pytest.mark.postgres
def test_twee_nieuwe_rekeningnummers_tegelijk_laten_een_actieve_rekening(transactional_db):
    zet_rollen()
    dossier = DossierFactory()
    factories.BankrekeningFactory(organisatie=dossier.organisatie, iban=OUD_IBAN)
    eerste = meld(dossier, "rekeningnummer", iban=NIEUW_IBAN, vanaf=None)
    tweede = meld(
        DossierFactory(organisatie=dossier.organisatie), "rekeningnummer", iban=ANDER_IBAN, vanaf=None
    )
    a, b = (maak_medewerker("behandelaar", f"rekening{i}") for i in range(2))

    fouten = gelijktijdig(
        lambda: verwerk_wijziging(Wijziging.objects.get(pk=eerste.pk), door=a),
        lambda: verwerk_wijziging(Wijziging.objects.get(pk=tweede.pk), door=b),
    )

    assert fouten == []
    rekeningen = dossier.organisatie.rekeningen
    assert rekeningen.count() == 3 and rekeningen.filter(actief=True).count() == 1
