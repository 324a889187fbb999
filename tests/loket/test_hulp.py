"""Public help pages, contact in the footer and on letters, privacy and accessibility statements."""

import io

import pytest
import time_machine
from django.conf import settings as settings_module
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import beslissingen, services
from loket.hulp import ONDERWERPEN
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.conftest import handelt_voor

pytestmark = pytest.mark.django_db

# The facts each topic must give (from the procedure page and the domain notes).
KERNFEITEN = {
    "voorwaarden": ["arbeidsovereenkomst", "VDAB", "scholen en lokale besturen", "Vlaamse Gewest"],
    "registreren": ["DWSE Organisatieverantwoordelijke", "per maatregel", "scholengroep"],
    "aanvragen": ["Start nieuwe aanvraag", "Eén aanvraag per werknemer", "rekeningnummer"],
    "na-de-aanvraag": ["Binnen 7 dagen", "binnen 30 dagen", "Dimona", "eerste dag van het kwartaal"],
    "betaling": ["vierde maand", "per kwartaal", "Berekeningen", "DmfA"],
    "opvolgen": ["Actuele stand van uw dossier", "rekeningnummer wijzigt", "uit dienst"],
    "evaluatie": ["120 dagen", "tweede jaar", "5 maanden", "motivatieverslag"],
    "veelgestelde-vragen": ["tegel", "vierde maand"],
}


def tekst(response) -> str:
    return response.content.decode()


def pdf_tekst(inhoud: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages)


def test_every_topic_has_its_key_facts():
    assert set(KERNFEITEN) == set(ONDERWERPEN)


@pytest.mark.parametrize("onderwerp", list(ONDERWERPEN))
def test_topic_page_without_login_gives_its_key_facts_and_the_navigation(client, onderwerp):
    response = client.get(reverse("loket:hulp_onderwerp", args=[onderwerp]))
    assert response.status_code == 200
    pagina = tekst(response)
    for feit in KERNFEITEN[onderwerp]:
        assert feit in pagina, (onderwerp, feit)
    # The side navigation links every topic and marks this one.
    for ander in ONDERWERPEN:
        assert reverse("loket:hulp_onderwerp", args=[ander]) in pagina
    assert f'href="{reverse("loket:hulp_onderwerp", args=[onderwerp])}" aria-current="page"' in pagina


def test_overview_lists_the_seven_steps(client):
    response = client.get(reverse("loket:hulp"))
    assert response.status_code == 200
    pagina = tekst(response)
    stappen = pagina.split('data-testid="stappen"', 1)[1].split("</ol>", 1)[0]
    assert "7 stappen" in pagina and stappen.count("<li>") == 7


def test_unknown_topic_is_404(client):
    assert client.get("/hulp/bestaat-niet/").status_code == 404
    assert client.get("/hulp/_basis/").status_code == 404


def test_help_pages_link_to_the_portal_pages(client):
    assert reverse("loket:registreren") in tekst(client.get("/hulp/registreren/"))
    assert reverse("aanvragen:start") in tekst(client.get("/hulp/aanvragen/"))


def test_footer_shows_the_contact_from_the_settings(client, settings):
    pagina = tekst(client.get(reverse("loket:hulp")))
    assert 'href="mailto:imw@vlaanderen.example"' in pagina and 'href="tel:1700"' in pagina
    for naam in ("loket:hulp", "loket:privacy", "loket:toegankelijkheid"):
        assert f'href="{reverse(naam)}"' in pagina

    settings.DWSE_CONTACT_EMAIL = "vragen@imw.example"
    settings.DWSE_CONTACT_TELEFOON = "02 553 00 00"
    pagina = tekst(client.get(reverse("login")))
    assert 'href="mailto:vragen@imw.example"' in pagina
    assert 'href="tel:025530000"' in pagina and "02 553 00 00" in pagina
    assert "imw@vlaanderen.example" not in pagina


def test_privacy_shows_the_retention_and_the_dpo_from_the_settings(client, settings):
    settings.BEWAARTERMIJN_DOSSIER_JAREN = 12
    settings.BEWAARTERMIJN_INZAGELOG_JAREN = 3
    settings.DWSE_DPO_EMAIL = "privacy@dwse.example"
    response = client.get(reverse("loket:privacy"))
    assert response.status_code == 200
    pagina = tekst(response)
    assert "12 jaar na het einde van de premie" in pagina
    assert "Het inzagelog bewaren we 3 jaar" in pagina
    assert "mailto:privacy@dwse.example" in pagina
    for feit in ("INSZ", "VDAB", "Dimona", "DmfA", "IBAN", "inzagelog", "14 januari 2022", "artikel 9"):
        assert feit in pagina, feit


def test_accessibility_statement(client, settings):
    settings.DWSE_CONTACT_EMAIL = "toegankelijk@imw.example"
    response = client.get(reverse("loket:toegankelijkheid"))
    assert response.status_code == 200
    pagina = tekst(response)
    for feit in ("WCAG 2.1", "gedeeltelijk conform", "Niet-toegankelijke inhoud", "Vlaamse Ombudsdienst"):
        assert feit in pagina, feit
    assert "23 november 2026" in pagina
    assert "mailto:toegankelijk@imw.example" in pagina


def test_dashboard_links_to_the_matching_help(client):
    organisatie = factories.OrganisatieFactory()
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    pagina = tekst(handelt_voor(client, gebruiker, organisatie).get(reverse("loket:dashboard")))
    assert (
        'data-testid="hulplink"' in pagina and reverse("loket:hulp_onderwerp", args=["aanvragen"]) in pagina
    )


@time_machine.travel("2026-05-14 10:00 +02:00", tick=False)
def test_decision_letter_and_receipt_carry_the_contact(settings):
    settings.DWSE_CONTACT_EMAIL = "brieven@imw.example"
    settings.DWSE_CONTACT_TELEFOON = "1700"
    gebruiker = factories.UserFactory()
    dossier = DossierFactory(status="in_behandeling", ingediend_door=gebruiker)
    beslissing = beslissingen.beslis(
        dossier, door=gebruiker, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=5
    )
    brief = pdf_tekst(beslissingen.render_beslissingsbrief(beslissing))
    assert "brieven@imw.example" in brief and "1700" in brief

    document = services.maak_ontvangstbewijs(dossier)
    with document.bestand.open("rb") as fh:
        ontvangst = pdf_tekst(fh.read())
    assert "brieven@imw.example" in ontvangst


# Every letter (PDF) DWSE sends carries its contact. Found by path, so a new letter without the
# contact fails here; the two others under pdf/ are forms and demo content, not letters.
GEEN_BRIEF = {"evaluaties/pdf/motivatieverslag.html", "evaluaties/pdf/demo_ondersteuningsplan.html"}
BRIEVEN = sorted(
    str(pad.relative_to(settings_module.BASE_DIR / "templates"))
    for pad in (settings_module.BASE_DIR / "templates").glob("**/pdf/*.html")
    if not pad.name.startswith("_")
)


def test_the_letters_are_the_known_ones():
    assert set(BRIEVEN) - GEEN_BRIEF >= {
        "aanvragen/pdf/beslissingsbrief.html",
        "aanvragen/pdf/ontvangstbewijs.html",
        "aanvragen/beroep/pdf/beslissing.html",
        "aanvragen/beroep/pdf/ontvangstbewijs.html",
        "evaluaties/pdf/beslissing.html",
        "evaluaties/pdf/ontvangstbewijs.html",
        "premies/pdf/betalingsoverzicht.html",
        "loket/pdf/activatiebrief.html",
    }


@pytest.mark.parametrize("template", sorted(set(BRIEVEN) - GEEN_BRIEF))
def test_every_letter_carries_the_dwse_contact(template, settings):
    """Rendered as the services do (``loket.pdf.render_pdf`` adds the contact), read back from the PDF."""
    import datetime as dt

    from aanvragen.models import Beroep, Beslissing
    from evaluaties.models import Evaluatie
    from loket.pdf import render_pdf

    settings.DWSE_CONTACT_EMAIL = "brieven@imw.example"
    settings.DWSE_CONTACT_TELEFOON = "02 553 44 00"
    dossier = DossierFactory(status="toegekend", ingediend_door=factories.UserFactory())
    beslissing = Beslissing(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=True,
        percentage=40,
        duur_jaren=2,
        startdatum=dt.date(2026, 4, 1),
        einddatum=dt.date(2028, 3, 31),
        beslist_op=dt.date(2026, 5, 14),
    )
    context = {
        "dossier": dossier,
        "organisatie": dossier.organisatie,
        "beslissing": beslissing,
        "evaluatie": Evaluatie(dossier=dossier, uitkomst="ongewijzigd", beslist_op=dt.date(2026, 5, 14)),
        "beroep": Beroep(dossier=dossier, beslissing=beslissing, motivering="Niet akkoord."),
        "beroepstermijn": 45,
    }
    tekst = pdf_tekst(render_pdf(template, context))
    assert "brieven@imw.example" in tekst and "02 553 44 00" in tekst, template


def test_privacy_names_everyone_who_sees_or_receives_the_data(client):
    pagina = tekst(client.get(reverse("loket:privacy")))
    ontvangers = pagina.split('data-testid="ontvangers"', 1)[1].split("</ul>", 1)[0]
    for wie in (
        "sociaal secretariaat",
        "mandaat",
        "API-clients",
        "webhook",
        "eID of itsme",
        "federale aanmelding",
    ):
        assert wie in ontvangers, wie
    assert "</a>.." not in pagina
    assert "Het inzagelog bewaren we 5 jaar; daarna wissen we het." in pagina
