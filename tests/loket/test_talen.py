"""English next to Dutch: every string translated, the language switch, the choice on the account,
mails and letters in the recipient's language, the admin always Dutch."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.urls import clear_script_prefix, reverse, set_script_prefix
from pypdf import PdfReader

from aanvragen import beslissingen
from loket import translations
from loket.models import Bericht, Profiel
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.conftest import handelt_voor

BRONNEN = ("loket", "aanvragen", "premies", "evaluaties", "templates", "locale", "manage.py")


def _vereis_gettext():
    if shutil.which("xgettext") is None:
        reden = "needs GNU gettext (apt-get install gettext) to extract the strings"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reden}", pytrace=False)
        pytest.skip(reden)


def test_every_string_of_the_sources_has_an_english_translation(tmp_path):
    """Extract the strings as `make messages` does, into a copy (the checkout is left alone)."""
    _vereis_gettext()
    for naam in BRONNEN:
        bron = Path(settings.BASE_DIR) / naam
        if bron.is_dir():
            shutil.copytree(bron, tmp_path / naam, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(bron, tmp_path / naam)
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {"DJANGO_ENV": "test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *translations.MAKEMESSAGES_ARGS],
        cwd=tmp_path,
        env=omgeving,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 1500
    assert translations.untranslated(po) == [], "run `make messages` and add the English texts"
    assert translations.placeholder_errors(po) == []


def test_the_committed_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(translations.PO_PATH))
    assert translations.untranslated(po) == []
    assert translations.placeholder_errors(po) == []
    mo = polib.mofile(str(translations.PO_PATH.with_suffix(".mo")))
    gecompileerd = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    bron = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert gecompileerd == bron, "the .mo is out of date: run `make messages`"


def test_placeholder_check_catches_a_dropped_placeholder():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Uw referentie is %(ref)s.", msgstr="Your reference."))
    po.append(polib.POEntry(msgid="Beste {naam}", msgstr="Dear {name}"))
    assert len(translations.placeholder_errors(po)) == 2


def test_anonymous_visitor_switches_to_english_and_back(client):
    login = reverse("login")
    nl = client.get(login)
    assert '<html lang="nl">' in nl.content.decode() and "Aanmelden bij het WSE-loket" in nl.content.decode()

    response = client.post(reverse("loket:taal"), {"language": "en", "next": login})
    assert response.status_code == 302 and response["Location"] == login
    en = client.get(login).content.decode()
    assert '<html lang="en">' in en
    assert "Sign in to the WSE-loket" in en
    assert "The Dutch version is the legal text." in en
    # the way back, in its own language, and no button for the page's own
    assert 'lang="nl" data-testid="taal-nl">Nederlands</button>' in en and 'data-testid="taal-en"' not in en

    client.post(reverse("loket:taal"), {"language": "nl", "next": login})
    terug = client.get(login).content.decode()
    assert "Aanmelden bij het WSE-loket" in terug and "legal text" not in terug
    assert (
        'lang="en" data-testid="taal-en">English</button>' in terug and 'data-testid="taal-nl"' not in terug
    )


def test_the_browser_language_does_not_change_the_default(client):
    pagina = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "Aanmelden bij het WSE-loket" in pagina


def test_the_choice_is_kept_on_the_account_and_follows_it_to_another_device(client, organisatie):
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    handelt_voor(client, gebruiker, organisatie)
    client.post(reverse("loket:taal"), {"language": "en", "next": reverse("loket:dashboard")})
    assert Profiel.objects.get(gebruiker=gebruiker).taal == "en"

    ander_toestel = client.__class__()
    handelt_voor(ander_toestel, gebruiker, organisatie)
    pagina = ander_toestel.get(reverse("loket:dashboard"))
    assert pagina.headers["Content-Language"] == "en"
    assert '<html lang="en">' in pagina.content.decode()
    # ...and the cookie follows the account, so the pages stay English after signing out.
    assert pagina.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_choice_made_on_the_login_page_is_kept_on_an_account_without_one(client, db):
    gebruiker = factories.UserFactory()
    gebruiker.set_password("geheim-wachtwoord-123")
    gebruiker.save()
    client.post(reverse("loket:taal"), {"language": "en", "next": "/"})
    client.post(reverse("login"), {"username": gebruiker.username, "password": "geheim-wachtwoord-123"})
    assert Profiel.objects.get(gebruiker=gebruiker).taal == "en"


def test_the_admin_stays_dutch_whatever_the_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/")
    assert response.headers["Content-Language"] == "nl"
    assert "Gebruikersnaam" in response.content.decode()
    # Also when the portal is served under a path (a proxy's SCRIPT_NAME, which the WSGI handler
    # makes the script prefix; the test client does not), and the rest is not.
    set_script_prefix("/loket/")
    try:
        onder_pad = client.get("/admin/login/", SCRIPT_NAME="/loket")
        assert onder_pad.headers["Content-Language"] == "nl"
        assert client.get("/aanmelden/", SCRIPT_NAME="/loket").headers["Content-Language"] == "en"
    finally:
        clear_script_prefix()


def _pdf_tekst(inhoud: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())


@time_machine.travel("2026-05-14 10:00 +02:00", tick=False)
def test_decision_mail_and_letter_in_english_for_an_english_account_and_dutch_for_the_employee(db):
    werkgever = factories.UserFactory()
    Profiel.objects.create(gebruiker=werkgever, taal="en")
    dossier = DossierFactory(status="in_behandeling", ingediend_door=werkgever, contact_email=werkgever.email)
    beslissingen.beslis(
        dossier, door=werkgever, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=5
    )

    mail = Bericht.objects.get(sleutel__endswith="-werkgever")
    assert mail.aan == werkgever.email
    assert mail.onderwerp.startswith("Decision on your application for customised work")
    assert "grants the wage premium." in mail.tekst and "40 % quarters 1–20" in mail.tekst
    assert mail.tekst.rstrip().endswith("The Dutch version is the legal text.")
    assert '<html lang="en">' in mail.html
    with mail.bijlagen.get().inhoud.open("rb") as fh:
        brief = _pdf_tekst(fh.read())
    assert "Decision: customised work granted" in brief and "We grant the wage premium." in brief
    assert "The Dutch version is the legal text." in brief
    assert "toegekend" not in brief

    # The employee has no account: mail and letter in Dutch, without the note.
    kopie = Bericht.objects.get(sleutel__endswith="-werknemer")
    assert kopie.onderwerp.startswith("Kopie van de beslissing") and "kent de loonpremie toe" in kopie.tekst
    with kopie.bijlagen.get().inhoud.open("rb") as fh:
        kopie_brief = _pdf_tekst(fh.read())
    assert (
        "Beslissing: toekenning van individueel maatwerk" in kopie_brief and "legal text" not in kopie_brief
    )


def test_stored_reasons_of_inadmissibility_are_shown_in_english(employer_client, organisatie):
    """The reasons are stored in Dutch when the check runs (worker); the page translates them."""
    from django.utils import translation

    from aanvragen import rules

    with translation.override("nl"):
        reden = rules.reden(rules.PREMIE_WIJKT_AF).als_dict()
    dossier = DossierFactory(
        organisatie=organisatie,
        status="niet_ontvankelijk",
        ontvankelijk=False,
        ontvankelijkheid_redenen=[reden],
    )
    employer_client.post(reverse("loket:taal"), {"language": "en", "next": "/"})
    pagina = employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()
    assert "The premium you chose in the application does not match" in pagina


def test_history_written_during_an_english_request_stays_dutch(db):
    from django.utils import translation

    from aanvragen import services

    dossier = DossierFactory(status="concept", referentie="")
    with translation.override("en"):
        services.dien_in(dossier, door=dossier.ingediend_door)
    assert dossier.overgangen.get(naar="ingediend").reden == "Aanvraag ingediend in het WSE-loket."


@pytest.mark.parametrize(
    ("taal", "getypt", "bedrag"),
    [
        ("nl", "2.500,50", "2500.50"),
        ("nl", "2.500", "2500"),
        ("nl", "2,5", "2.5"),
        ("en", "2,500.50", "2500.50"),
        ("en", "2,500", "2500"),
        ("en", "2.5", "2.5"),
    ],
)
def test_amounts_are_read_and_shown_in_the_notation_of_the_page(taal, getypt, bedrag):
    from decimal import Decimal

    from django.utils import translation

    from premies.forms import BedragField
    from premies.templatetags.premies_tags import euro

    with translation.override(taal):
        assert BedragField().clean(getypt) == Decimal(bedrag)
        assert euro("1234.5") == {"nl": "€ 1.234,50", "en": "€ 1,234.50"}[taal]


# The identifiers' messages come from loket.rules (pure rules, translated when raised): on an English
# page a wrong KBO, INSZ or IBAN is explained in English, wherever the form passes the message on.
KBO_FOUT = "This KBO number does not exist: the check digit is wrong."
INSZ_FOUT = "This INSZ number does not exist: the check digit is wrong."
IBAN_FOUT = "This account number (IBAN) does not exist: the check digit is wrong."


@pytest.mark.django_db
def test_a_wrong_kbo_number_is_explained_in_english_on_an_english_page(client):
    gebruiker = factories.UserFactory()
    client.force_login(gebruiker)
    client.post(reverse("loket:taal"), {"language": "en", "next": "/"})
    pagina = client.post(reverse("loket:registreren"), {"kbo_nummer": "0566.988.258", "soort": "privaat"})
    html = pagina.content.decode()
    assert KBO_FOUT in html and "controlegetal" not in html


@pytest.mark.django_db
def test_wrong_insz_and_iban_in_the_wizard_are_explained_in_english():
    from django.utils import translation

    from aanvragen.forms import RekeningForm, WerknemerForm
    from aanvragen.models import Dossier

    dossier = DossierFactory(status="concept", referentie="")
    with translation.override("en"):
        werknemer = WerknemerForm({"werknemer_insz": "93.05.18-223.62"}, dossier=dossier, lenient=True)
        rekening = RekeningForm({"iban": "BE71 0961 2345 6768"}, dossier=dossier)
        assert werknemer.errors["werknemer_insz"] == [INSZ_FOUT]
        assert rekening.errors["iban"] == [IBAN_FOUT]
        # The model fields (loket.fields) give the same English text.
        veld = Dossier._meta.get_field("iban").formfield()
        with pytest.raises(Exception) as fout:
            veld.clean("BE71 0961 2345 6768")
        assert fout.value.messages == [IBAN_FOUT]
        # A valid checksum with a bank code no Belgian bank uses: its own message, the code in it.
        with pytest.raises(Exception) as fout:
            veld.clean("BE60 9990 0000 0070")
        assert "the bank code 999" in fout.value.messages[0]
    with translation.override("nl"):
        assert (
            "controlegetal klopt niet"
            in RekeningForm({"iban": "BE71 0961 2345 6768"}, dossier=dossier).errors["iban"][0]
        )
