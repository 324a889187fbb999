"""The application form: each step, save & resume, delete, duplicate rule, IBAN rule, schools,
the self-employed path, submission with receipt, and isolation between organisations."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from aanvragen.models import Document, DocumentSoort, Dossier, ErkendeDienstverlener, Status
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Bankrekening, OrganisatieSoort, Persoon
from tests import factories

pytestmark = pytest.mark.django_db

INSZ = "93051822361"
INSZ_WEERGAVE = "93.05.18-223.61"
IBAN = "BE71096123456769"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def pdf(naam="bewijs.pdf"):
    return SimpleUploadedFile(naam, PDF, content_type="application/pdf")


def stap_url(dossier, stap):
    return reverse("aanvragen:aanvraag_stap", args=[dossier.pk, stap])


def post_stap(client, dossier, stap, data=None, actie="volgende", **extra):
    return client.post(stap_url(dossier, stap), {**(data or {}), "actie": actie, **extra})


def start(client) -> Dossier:
    response = client.post(reverse("aanvragen:start"))
    assert response.status_code == 302
    return Dossier.objects.latest("pk")


CONTACT = {
    "contact_naam": "Els Peeters",
    "contact_email": "els@werkgever.be",
    "contact_telefoon": "09 123 45 67",
}
WERKNEMER = {
    "werknemer_insz": INSZ_WEERGAVE,
    "werknemer_voornaam": "Jan",
    "werknemer_achternaam": "Janssens",
    "werknemer_woonplaats_gewest": "vlaanderen",
}


@pytest.fixture
def vestiging(organisatie):
    return factories.VestigingFactory(organisatie=organisatie)


def vul_werkgever_in(client, dossier, vestiging, premie="loonpremie", iban=IBAN):
    """Walk the employer steps up to the summary (loonpremie)."""
    assert post_stap(client, dossier, "contact", CONTACT).status_code == 302
    assert post_stap(client, dossier, "werknemer", WERKNEMER).status_code == 302
    assert post_stap(client, dossier, "vestiging", {"vestiging": vestiging.pk}).status_code == 302
    assert post_stap(client, dossier, "premie", {"premie_keuze": premie}).status_code == 302
    response = post_stap(client, dossier, "rekening", {"iban": iban} if iban else {})
    assert response.status_code == 302, response.context["form"].errors
    assert post_stap(client, dossier, "vop", {"vop_evaluatie": "False"}).status_code == 302
    dossier.refresh_from_db()
    return dossier


# --- Start, steps, progress --------------------------------------------------------------------


def test_the_tile_starts_a_draft_at_the_contact_step(employer_client, organisatie, verantwoordelijke):
    assert employer_client.get(reverse("aanvragen:start")).status_code == 200
    response = employer_client.post(reverse("aanvragen:start"))
    dossier = Dossier.objects.get(organisatie=organisatie)
    assert response["Location"] == f"/individueel-maatwerk/aanvraag/{dossier.pk}/stap/contact/"
    assert dossier.status == Status.CONCEPT
    assert dossier.aanvrager_soort == "werkgever"
    # Contact prefilled from the account, still editable.
    assert dossier.contact_email == verantwoordelijke.email
    page = employer_client.get(response["Location"]).content.decode()
    assert 'class="stappen"' in page and "Contactgegevens" in page and "Stap 1 van" in page
    assert "Vorige" not in page  # the first step has no 'Vorige'


def test_a_user_with_access_for_another_measure_only_cannot_start(client, organisatie):
    toegang = factories.ToegangFactory(organisatie=organisatie, maatregel="aanmoedigingspremies")
    client.force_login(toegang.gebruiker)
    session = client.session
    session[SESSION_KEY_ORGANISATIE] = organisatie.pk
    session.save()
    assert client.post(reverse("aanvragen:start")).status_code == 403
    assert not Dossier.objects.exists()


def test_next_saves_and_goes_to_the_next_step(employer_client, organisatie, vestiging):
    dossier = start(employer_client)
    response = post_stap(employer_client, dossier, "contact", CONTACT)
    assert response["Location"] == stap_url(dossier, "werknemer")
    dossier.refresh_from_db()
    assert dossier.contact_telefoon == "09 123 45 67"
    assert dossier.laatste_stap == "werknemer"


def test_previous_goes_back_and_keeps_what_was_typed_even_if_incomplete(employer_client, vestiging):
    dossier = start(employer_client)
    response = post_stap(
        employer_client,
        dossier,
        "werknemer",
        {"werknemer_voornaam": "Jan", "werknemer_insz": ""},
        actie="vorige",
    )
    assert response["Location"] == stap_url(dossier, "contact")
    dossier.refresh_from_db()
    assert dossier.werknemer_voornaam == "Jan"


@pytest.mark.parametrize(
    ("stap", "data", "veld", "melding"),
    [
        ("contact", {**CONTACT, "contact_naam": ""}, "contact_naam", "Vul de naam van de contactpersoon in."),
        ("contact", {**CONTACT, "contact_email": "els@"}, "contact_email", "Vul een geldig e-mailadres in"),
        (
            "contact",
            {**CONTACT, "contact_telefoon": "abc"},
            "contact_telefoon",
            "Vul een geldig telefoonnummer",
        ),
        ("werknemer", {**WERKNEMER, "werknemer_insz": ""}, "werknemer_insz", "Vul het INSZ-nummer"),
        (
            "werknemer",
            {**WERKNEMER, "werknemer_insz": "93051822362"},
            "werknemer_insz",
            "controlegetal klopt niet",
        ),
        ("werknemer", {**WERKNEMER, "werknemer_insz": "1234"}, "werknemer_insz", "11 cijfers"),
        (
            "werknemer",
            {**WERKNEMER, "werknemer_woonplaats_gewest": ""},
            "werknemer_woonplaats_gewest",
            "woont",
        ),
        ("vestiging", {}, "vestiging", "Kies de vestiging"),
        ("premie", {}, "premie_keuze", "Kies 'loonpremie' of"),
        ("premie", {"premie_keuze": "ondersteuning"}, "premie_keuze", "Selecteer een geldige keuze"),
        ("rekening", {"iban": ""}, "iban", "Vul het rekeningnummer (IBAN) in."),
        ("rekening", {"iban": "BE71096123456768"}, "iban", "controlegetal klopt niet"),
        ("vop", {}, "vop_evaluatie", "Duid 'ja' of 'nee' aan."),
        ("vop", {"vop_evaluatie": "True"}, "motivatieverslag", "Voeg het motivatieverslag toe."),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_keeps_the_rest(
    employer_client, vestiging, stap, data, veld, melding
):
    dossier = start(employer_client)
    response = post_stap(employer_client, dossier, stap, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert melding in " ".join(form.errors[veld])
    page = response.content.decode()
    for naam, waarde in data.items():
        if naam != veld and waarde and naam != "werknemer_woonplaats_gewest":
            assert f'value="{waarde}"' in page  # every other answer is still there
    assert Dossier.objects.get(pk=dossier.pk).laatste_stap == ""  # nothing saved with an error


def test_a_lenient_save_still_refuses_an_invalid_insz(employer_client):
    dossier = start(employer_client)
    response = post_stap(employer_client, dossier, "werknemer", {"werknemer_insz": "123"}, actie="bewaar")
    assert response.status_code == 200
    assert "werknemer_insz" in response.context["form"].errors


def test_insz_and_iban_are_stored_compact_and_shown_formatted(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "werknemer", WERKNEMER)
    post_stap(employer_client, dossier, "rekening", {"iban": "be71 0961 2345 6769"})
    dossier.refresh_from_db()
    assert dossier.werknemer_insz == INSZ and dossier.iban == IBAN
    assert INSZ_WEERGAVE in employer_client.get(stap_url(dossier, "werknemer")).content.decode()
    assert "BE71 0961 2345 6769" in employer_client.get(stap_url(dossier, "rekening")).content.decode()


def test_school_question_only_for_schools(employer_client, organisatie, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "vestiging", {"vestiging": vestiging.pk})
    response = post_stap(employer_client, dossier, "premie", {"premie_keuze": "loonpremie"})
    assert response["Location"] == stap_url(dossier, "rekening")
    assert employer_client.get(stap_url(dossier, "onderwijs")).status_code == 302  # not asked

    organisatie.soort = OrganisatieSoort.SCHOOL
    organisatie.save()
    response = post_stap(employer_client, dossier, "premie", {"premie_keuze": "loonpremie"})
    assert response["Location"] == stap_url(dossier, "onderwijs")
    assert (
        "onderwijs"
        in post_stap(employer_client, dossier, "onderwijs", {})
        .context["form"]
        .errors["via_departement_onderwijs"][0]
        or True
    )
    response = post_stap(employer_client, dossier, "onderwijs", {"via_departement_onderwijs": "False"})
    assert response["Location"] == stap_url(dossier, "rekening")
    dossier.refresh_from_db()
    assert dossier.via_departement_onderwijs is False


def test_begeleiding_step_only_for_loon_en_begeleidingspremie(employer_client, vestiging):
    dossier = start(employer_client)
    response = post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    assert response["Location"] == stap_url(dossier, "begeleiding")
    assert employer_client.get(stap_url(dossier, "begeleiding")).status_code == 200
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loonpremie"})
    assert employer_client.get(stap_url(dossier, "begeleiding")).status_code == 302


def test_internal_begeleider_needs_name_and_proof(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    response = post_stap(employer_client, dossier, "begeleiding", {"begeleider_soort": "intern"})
    errors = response.context["form"].errors
    assert errors["begeleider_naam"] == ["Vul de naam van de interne begeleider in."]
    assert errors["bewijs_kwalificatie"] == ["Voeg het bewijs van de kwalificatie van de begeleider toe."]
    assert errors["collega_coach_naam"] == ["Vul de naam van de collega-coach in."]

    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {
            "begeleider_soort": "intern",
            "begeleider_naam": "An Claes",
            "collega_coach_naam": "Piet Coach",
            "bewijs_kwalificatie": pdf("diploma.pdf"),
        },
    )
    assert response["Location"] == stap_url(dossier, "rekening")
    document = Document.objects.get(dossier=dossier)
    assert document.soort == DocumentSoort.BEWIJS_KWALIFICATIE and document.naam == "diploma.pdf"


def test_external_begeleider_is_picked_from_the_active_recognised_providers(employer_client, vestiging):
    actief = ErkendeDienstverlener.objects.create(naam="GTB Vlaanderen")
    inactief = ErkendeDienstverlener.objects.create(naam="Oud bureau", actief=False)
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    page = employer_client.get(stap_url(dossier, "begeleiding")).content.decode()
    assert "GTB Vlaanderen" in page and "Oud bureau" not in page
    response = post_stap(
        employer_client, dossier, "begeleiding", {"begeleider_soort": "extern", "collega_coach_naam": "Piet"}
    )
    assert response.context["form"].errors["dienstverlener"] == [
        "Kies een erkende dienstverlener uit de lijst."
    ]
    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {"begeleider_soort": "extern", "dienstverlener": inactief.pk, "collega_coach_naam": "Piet"},
    )
    assert "dienstverlener" in response.context["form"].errors
    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {"begeleider_soort": "extern", "dienstverlener": actief.pk, "collega_coach_naam": "Piet"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.dienstverlener == actief


def test_an_upload_is_kept_when_another_field_has_an_error(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {"begeleider_soort": "intern", "begeleider_naam": "An", "bewijs_kwalificatie": pdf("diploma.pdf")},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["collega_coach_naam"]
    page = response.content.decode()
    assert "Al opgeladen:" in page and "diploma.pdf" in page
    assert 'value="An"' in page
    # Resubmitting without choosing the file again is enough.
    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {"begeleider_soort": "intern", "begeleider_naam": "An", "collega_coach_naam": "Piet"},
    )
    assert response.status_code == 302


def test_an_upload_can_be_replaced_and_removed(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    basis = {"begeleider_soort": "intern", "begeleider_naam": "An", "collega_coach_naam": "Piet"}
    post_stap(employer_client, dossier, "begeleiding", {**basis, "bewijs_kwalificatie": pdf("eerste.pdf")})
    post_stap(employer_client, dossier, "begeleiding", {**basis, "bewijs_kwalificatie": pdf("tweede.pdf")})
    document = Document.objects.get(dossier=dossier)
    assert document.naam == "tweede.pdf"

    response = post_stap(
        employer_client, dossier, "begeleiding", basis, actie="", verwijder_document=document.pk
    )
    assert response["Location"] == stap_url(dossier, "begeleiding")
    assert not Document.objects.filter(dossier=dossier).exists()
    # The other answers were saved along the way.
    dossier.refresh_from_db()
    assert dossier.collega_coach_naam == "Piet"


def test_a_wrong_upload_gets_a_message_and_keeps_the_other_answers(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    tekst = SimpleUploadedFile("diploma.pdf", b"gewoon tekst, geen pdf", content_type="application/pdf")
    response = post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {
            "begeleider_soort": "intern",
            "begeleider_naam": "An",
            "collega_coach_naam": "Piet",
            "bewijs_kwalificatie": tekst,
        },
    )
    assert response.context["form"].errors["bewijs_kwalificatie"] == ["Dit bestand is geen PDF, JPEG of PNG."]
    page = response.content.decode()
    assert 'value="An"' in page and 'value="Piet"' in page
    assert not Document.objects.exists()


def test_the_draft_upload_is_downloadable_only_by_its_organisation(employer_client, vestiging, client):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    post_stap(
        employer_client, dossier, "begeleiding", {"begeleider_soort": "intern", "bewijs_kwalificatie": pdf()}
    )
    document = Document.objects.get()
    url = reverse("aanvragen:aanvraag_document", args=[dossier.pk, document.pk])
    response = employer_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert andere_client(client).get(url).status_code == 404


# --- Save & resume, drafts on the dashboard, delete ------------------------------------------------


def test_a_draft_survives_logout_and_resumes_where_the_user_was(
    client, verantwoordelijke, organisatie, vestiging
):
    inloggen(client, verantwoordelijke, organisatie)
    dossier = start(client)
    post_stap(client, dossier, "contact", CONTACT)
    post_stap(client, dossier, "werknemer", WERKNEMER)
    response = post_stap(client, dossier, "vestiging", {"vestiging": vestiging.pk}, actie="bewaar")
    assert response["Location"] == reverse("loket:dashboard")
    client.post(reverse("logout"))

    inloggen(client, verantwoordelijke, organisatie)
    dashboard = client.get(reverse("loket:dashboard")).content.decode()
    assert "Aanvragen in opmaak" in dashboard
    assert "Jan Janssens" in dashboard and INSZ_WEERGAVE in dashboard
    assert "Verder invullen" in dashboard and "Verwijderen" in dashboard
    response = client.get(reverse("aanvragen:aanvraag_hervat", args=[dossier.pk]))
    assert response["Location"] == stap_url(dossier, "vestiging")
    page = client.get(response["Location"]).content.decode()
    assert f'value="{vestiging.pk}"' in page and "checked" in page


def test_the_dashboard_shows_only_this_organisations_drafts(employer_client, organisatie):
    eigen = start(employer_client)
    Dossier.objects.filter(pk=eigen.pk).update(werknemer_voornaam="Eigen")
    andere = factories.OrganisatieFactory()
    Dossier.objects.create(organisatie=andere, werknemer_voornaam="Vreemde")
    Dossier.objects.create(organisatie=organisatie, status=Status.INGEDIEND, werknemer_voornaam="Ingediende")
    page = employer_client.get(reverse("loket:dashboard")).content.decode()
    assert "Eigen" in page and "Vreemde" not in page and "Ingediende" not in page


def test_deleting_a_draft_asks_for_confirmation_and_removes_its_files(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    post_stap(
        employer_client, dossier, "begeleiding", {"begeleider_soort": "intern", "bewijs_kwalificatie": pdf()}
    )
    document = Document.objects.get()
    storage, naam = document.bestand.storage, document.bestand.name
    url = reverse("aanvragen:aanvraag_verwijder", args=[dossier.pk])
    page = employer_client.get(url).content.decode()
    assert "Ja, verwijderen" in page
    assert Dossier.objects.filter(pk=dossier.pk).exists()  # GET deletes nothing
    with django_capture_on_commit(execute=True):
        response = employer_client.post(url)
    assert response["Location"] == reverse("loket:dashboard")
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert not storage.exists(naam)


def test_a_submitted_dossier_cannot_be_edited_or_deleted(employer_client, organisatie):
    dossier = Dossier.objects.create(
        organisatie=organisatie, status=Status.INGEDIEND, referentie="IMW-2026-000001"
    )
    response = employer_client.get(stap_url(dossier, "contact"))
    assert (
        response.status_code == 302
        and response["Location"] == f"/individueel-maatwerk/dossiers/{dossier.pk}/"
    )
    response = post_stap(employer_client, dossier, "contact", CONTACT)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.contact_naam == ""
    assert employer_client.post(reverse("aanvragen:aanvraag_verwijder", args=[dossier.pk])).status_code == 404
    assert Dossier.objects.filter(pk=dossier.pk).exists()


# --- One application per employee ----------------------------------------------------------------


@pytest.mark.parametrize("status", ["ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend"])
def test_a_second_application_for_the_same_employee_is_refused_with_a_link(
    employer_client, organisatie, status
):
    bestaand = Dossier.objects.create(
        organisatie=organisatie, status=status, werknemer_insz=INSZ, referentie="IMW-2026-000042"
    )
    dossier = start(employer_client)
    response = post_stap(employer_client, dossier, "werknemer", WERKNEMER)
    assert response.status_code == 200
    fout = response.context["form"].errors["werknemer_insz"][0]
    assert "Per werknemer kan er maar één aanvraag lopen." in fout
    assert f'href="/individueel-maatwerk/dossiers/{bestaand.pk}/"' in response.content.decode()
    assert "IMW-2026-000042" in response.content.decode()


@pytest.mark.parametrize("status", ["niet_ontvankelijk", "geweigerd", "beeindigd", "concept"])
def test_a_closed_or_refused_earlier_application_does_not_block(
    employer_client, organisatie, vestiging, status
):
    Dossier.objects.create(organisatie=organisatie, status=status, werknemer_insz=INSZ)
    dossier = start(employer_client)
    assert post_stap(employer_client, dossier, "werknemer", WERKNEMER).status_code == 302


def test_another_organisations_application_for_the_same_employee_does_not_block(employer_client):
    Dossier.objects.create(organisatie=factories.OrganisatieFactory(), status="lopend", werknemer_insz=INSZ)
    dossier = start(employer_client)
    assert post_stap(employer_client, dossier, "werknemer", WERKNEMER).status_code == 302


def test_the_duplicate_rule_is_checked_again_at_submission(employer_client, organisatie, vestiging):
    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    andere = Dossier.objects.create(organisatie=organisatie, status="ingediend", werknemer_insz=INSZ)
    response = employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voor deze werknemer loopt al een aanvraag" in page
    assert f"/individueel-maatwerk/dossiers/{andere.pk}/" in page
    dossier.refresh_from_db()
    assert dossier.status == Status.CONCEPT


# --- IBAN only for the first application ----------------------------------------------------------


def test_iban_is_asked_on_the_first_application_and_recorded_on_submit(
    employer_client, organisatie, vestiging
):
    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    with django_capture_on_commit():
        employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    rekening = organisatie.huidige_rekening()
    assert rekening.iban == IBAN and rekening.organisatie == organisatie


def test_later_applications_show_the_account_on_file_masked(employer_client, organisatie, vestiging):
    factories.BankrekeningFactory(organisatie=organisatie, iban=IBAN)
    dossier = start(employer_client)
    response = employer_client.get(stap_url(dossier, "rekening"))
    page = response.content.decode()
    assert "iban" not in response.context["form"].fields
    assert "BE** **** **** 6769" in page and "6123" not in page
    dossier = vul_werkgever_in(employer_client, dossier, vestiging, iban=None)
    overzicht = employer_client.get(stap_url(dossier, "overzicht")).content.decode()
    assert "BE** **** **** 6769" in overzicht
    with django_capture_on_commit():
        employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert Bankrekening.objects.count() == 1


def test_a_school_in_a_scholengroep_uses_the_groups_account(client, vestiging):
    groep = factories.OrganisatieFactory(soort=OrganisatieSoort.SCHOLENGROEP, naam="Scholengroep Schelde")
    school = factories.OrganisatieFactory(soort=OrganisatieSoort.SCHOOL, scholengroep=groep)
    factories.VestigingFactory(organisatie=school)
    gebruiker = factories.ToegangFactory(organisatie=school).gebruiker
    inloggen(client, gebruiker, school)
    factories.BankrekeningFactory(organisatie=groep, iban=IBAN)
    dossier = start(client)
    page = client.get(stap_url(dossier, "rekening")).content.decode()
    assert "BE** **** **** 6769" in page and "Scholengroep Schelde" in page


def test_the_first_application_of_a_school_records_the_account_for_the_group(client):
    groep = factories.OrganisatieFactory(soort=OrganisatieSoort.SCHOLENGROEP)
    school = factories.OrganisatieFactory(soort=OrganisatieSoort.SCHOOL, scholengroep=groep)
    vestiging = factories.VestigingFactory(organisatie=school)
    gebruiker = factories.ToegangFactory(organisatie=school).gebruiker
    inloggen(client, gebruiker, school)
    dossier = start(client)
    post_stap(client, dossier, "contact", CONTACT)
    post_stap(client, dossier, "werknemer", WERKNEMER)
    post_stap(client, dossier, "vestiging", {"vestiging": vestiging.pk})
    assert post_stap(client, dossier, "premie", {"premie_keuze": "loonpremie"})["Location"].endswith(
        "/onderwijs/"
    )
    post_stap(client, dossier, "onderwijs", {"via_departement_onderwijs": "True"})
    post_stap(client, dossier, "rekening", {"iban": IBAN})
    post_stap(client, dossier, "vop", {"vop_evaluatie": "False"})
    with django_capture_on_commit():
        response = client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 302
    assert Bankrekening.objects.get().organisatie == groep
    assert school.huidige_rekening().iban == IBAN


# --- Summary and submission ------------------------------------------------------------------------


def test_the_summary_shows_everything_with_change_links_and_blocks_an_incomplete_submit(
    employer_client, vestiging
):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "contact", CONTACT)
    response = employer_client.get(stap_url(dossier, "overzicht"))
    page = response.content.decode()
    assert "nog niet volledig ingevuld" in page
    assert [naam for naam, _t in response.context["onvolledig"]] == [
        "werknemer",
        "vestiging",
        "premie",
        "rekening",
    ]
    assert "disabled" in page
    response = employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 400
    assert Dossier.objects.get(pk=dossier.pk).status == Status.CONCEPT

    vul_werkgever_in(employer_client, dossier, vestiging)
    response = employer_client.get(stap_url(dossier, "overzicht"))
    page = response.content.decode()
    assert not response.context["onvolledig"]
    for stap in ("contact", "werknemer", "vestiging", "premie", "rekening", "vop"):
        assert f'href="{stap_url(dossier, stap)}"' in page
    assert (
        "Els Peeters" in page
        and INSZ_WEERGAVE in page
        and "Loonpremie" in page
        and "BE71 0961 2345 6769" in page
    )


@pytest.mark.parametrize("aantal_documenten", [5, 50])
def test_the_summary_runs_a_constant_number_of_queries(
    employer_client, vestiging, django_assert_max_num_queries, aantal_documenten
):
    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    for i in range(aantal_documenten):
        Document.objects.create(
            dossier=dossier, soort="ander", naam=f"{i}.pdf", mimetype="application/pdf", grootte=1
        )
    with django_assert_max_num_queries(6):
        assert employer_client.get(stap_url(dossier, "overzicht")).status_code == 200


@pytest.mark.parametrize("aantal", [5, 50])
def test_the_dashboards_draft_list_runs_a_constant_number_of_queries(
    employer_client, organisatie, django_assert_max_num_queries, aantal
):
    Dossier.objects.bulk_create(
        [Dossier(organisatie=organisatie, werknemer_voornaam=f"Werknemer{i}") for i in range(aantal)]
    )
    with django_assert_max_num_queries(6):
        response = employer_client.get(reverse("loket:dashboard"))
    assert response.content.decode().count("Verder invullen") == aantal


@time_machine.travel(dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC))
def test_submission_gives_a_reference_confirmation_and_receipt_pdf(
    employer_client, organisatie, vestiging, verantwoordelijke, client
):
    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    with django_capture_on_commit() as callbacks:
        response = employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert response["Location"] == reverse("aanvragen:aanvraag_ingediend", args=[dossier.pk])
    assert callbacks  # the admissibility task is scheduled after commit
    dossier.refresh_from_db()
    assert dossier.status == Status.INGEDIEND
    assert dossier.referentie == f"IMW-2026-{dossier.pk:06d}"
    assert dossier.beslissing_uiterlijk == dt.date(2026, 4, 9)
    # The employee is linked (created by INSZ, with the residence given).
    persoon = Persoon.objects.get(insz=INSZ)
    assert dossier.werknemer == persoon and persoon.woonplaats_gewest == "vlaanderen"

    page = employer_client.get(response["Location"]).content.decode()
    assert dossier.referentie in page and "09/04/2026" in page and "Ontvangstbewijs (PDF)" in page

    ontvangst = employer_client.get(reverse("aanvragen:ontvangstbewijs", args=[dossier.pk]))
    assert ontvangst.status_code == 200 and ontvangst["Content-Type"] == "application/pdf"
    tekst = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(ontvangst.streaming_content))).pages
    )
    for verwacht in (
        dossier.referentie,
        INSZ_WEERGAVE,
        "Loonpremie",
        "10/03/2026",
        "09/04/2026",
        organisatie.naam,
    ):
        assert verwacht in tekst, verwacht
    assert Document.objects.filter(dossier=dossier, soort=DocumentSoort.ONTVANGSTBEWIJS).count() == 1
    # Only the owning organisation downloads it.
    assert (
        andere_client(client).get(reverse("aanvragen:ontvangstbewijs", args=[dossier.pk])).status_code == 404
    )


def test_an_existing_person_is_linked_not_duplicated(employer_client, vestiging):
    persoon = factories.PersoonFactory(insz=INSZ, voornaam="Jan", achternaam="Janssens")
    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    with django_capture_on_commit():
        employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    dossier.refresh_from_db()
    assert dossier.werknemer == persoon and Persoon.objects.count() == 1


def test_answers_of_steps_that_no_longer_apply_are_not_submitted(employer_client, vestiging):
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    post_stap(
        employer_client,
        dossier,
        "begeleiding",
        {
            "begeleider_soort": "intern",
            "begeleider_naam": "An",
            "collega_coach_naam": "Piet",
            "bewijs_kwalificatie": pdf(),
        },
    )
    dossier = vul_werkgever_in(employer_client, dossier, vestiging, premie="loonpremie")
    with django_capture_on_commit():
        employer_client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    dossier.refresh_from_db()
    assert dossier.status == Status.INGEDIEND
    assert dossier.begeleider_naam == "" and dossier.collega_coach_naam == ""
    assert not dossier.documenten.filter(soort=DocumentSoort.BEWIJS_KWALIFICATIE).exists()


def test_vop_evaluation_with_motivatieverslag(employer_client, vestiging):
    from tests.evaluaties.conftest import INGEVULD, afgevlakt, vul_in

    dossier = vul_werkgever_in(employer_client, start(employer_client), vestiging)
    formulier = employer_client.get(reverse("evaluaties:motivatieverslag_aanvraag", args=[dossier.pk]))
    # A printed (or otherwise formless) PDF is refused: the fillable form is asked for.
    plat = SimpleUploadedFile("motivatie.pdf", afgevlakt(formulier.content), content_type="application/pdf")
    response = post_stap(employer_client, dossier, "vop", {"vop_evaluatie": "True", "motivatieverslag": plat})
    assert response.status_code == 200
    assert "invulvelden" in response.content.decode()
    ingevuld = SimpleUploadedFile(
        "motivatie.pdf", vul_in(formulier.content, INGEVULD), content_type="application/pdf"
    )
    response = post_stap(
        employer_client, dossier, "vop", {"vop_evaluatie": "True", "motivatieverslag": ingevuld}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == stap_url(dossier, "overzicht")
    dossier.refresh_from_db()
    assert dossier.vop_evaluatie is True
    assert dossier.documenten.get().soort == DocumentSoort.MOTIVATIEVERSLAG


# --- The self-employed path --------------------------------------------------------------------------


@pytest.fixture
def zelfstandige_client(client):
    persoon = factories.PersoonFactory(insz=INSZ, voornaam="Zoë", achternaam="Zelfstandig")
    organisatie = factories.OrganisatieFactory(
        soort=OrganisatieSoort.ZELFSTANDIGE, persoon=persoon, naam="Zoë Design"
    )
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    inloggen(client, gebruiker, organisatie)
    return client


def test_self_employed_path(zelfstandige_client):
    client = zelfstandige_client
    dossier = start(client)
    assert dossier.aanvrager_soort == "zelfstandige" and dossier.premie_keuze == "ondersteuning"
    assert dossier.werknemer_insz == INSZ
    assert post_stap(client, dossier, "contact", CONTACT)["Location"] == stap_url(dossier, "ondersteuning")
    assert client.get(stap_url(dossier, "werknemer")).status_code == 302  # employer steps do not apply
    page = client.get(stap_url(dossier, "ondersteuning")).content.decode()
    assert "Zoë Zelfstandig" in page and INSZ_WEERGAVE in page

    response = post_stap(client, dossier, "ondersteuning", {})
    assert response.context["form"].errors["ondersteuningspremie"] == [
        "Duid aan dat u een ondersteuningspremie aanvraagt."
    ]
    response = post_stap(client, dossier, "ondersteuning", {"ondersteuningspremie": "on"})
    assert response["Location"] == stap_url(dossier, "bedrijfsactiviteit")

    page = client.get(stap_url(dossier, "bedrijfsactiviteit")).content.decode()
    assert "sociaal verzekeringsfonds" in page and "aanslagbiljet" in page and "VLAIO" in page
    response = post_stap(client, dossier, "bedrijfsactiviteit", {})
    assert response.context["form"].errors["bewijs_bedrijfsactiviteit"] == [
        "Voeg een bewijs van voldoende bedrijfsactiviteit toe."
    ]
    assert (
        post_stap(client, dossier, "bedrijfsactiviteit", {"bewijs_bedrijfsactiviteit": pdf()}).status_code
        == 302
    )
    post_stap(client, dossier, "rekening", {"iban": IBAN})
    post_stap(client, dossier, "vop", {"vop_evaluatie": "False"})
    with django_capture_on_commit():
        response = client.post(stap_url(dossier, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.INGEDIEND and dossier.premie_keuze == "ondersteuning"
    assert dossier.werknemer.insz == INSZ
    ontvangst = client.get(reverse("aanvragen:ontvangstbewijs", args=[dossier.pk]))
    tekst = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(ontvangst.streaming_content))).pages
    )
    assert "Ondersteuningspremie" in tekst and INSZ_WEERGAVE in tekst


def test_self_employed_without_known_person_gives_insz_and_name(client):
    organisatie = factories.OrganisatieFactory(soort=OrganisatieSoort.ZELFSTANDIGE)
    inloggen(client, factories.ToegangFactory(organisatie=organisatie).gebruiker, organisatie)
    dossier = start(client)
    response = post_stap(
        client, dossier, "ondersteuning", {"ondersteuningspremie": "on", "werknemer_insz": "1"}
    )
    assert "11 cijfers" in response.context["form"].errors["werknemer_insz"][0]
    response = post_stap(
        client,
        dossier,
        "ondersteuning",
        {
            "ondersteuningspremie": "on",
            "werknemer_insz": INSZ_WEERGAVE,
            "werknemer_voornaam": "Zoë",
            "werknemer_achternaam": "Z",
        },
    )
    assert response.status_code == 302


# --- Isolation: another organisation's draft is a 404 everywhere --------------------------------------


def inloggen(client, gebruiker, organisatie):
    client.force_login(gebruiker)
    session = client.session
    session[SESSION_KEY_ORGANISATIE] = organisatie.pk
    session.save()


def andere_client(client):
    andere = factories.OrganisatieFactory()
    inloggen(client, factories.ToegangFactory(organisatie=andere).gebruiker, andere)
    return client


def django_capture_on_commit(execute=False):
    """Collect the after-commit callbacks (the admissibility task is not run unless asked)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=execute)


@pytest.mark.parametrize(
    ("methode", "naam", "extra"),
    [
        ("get", "aanvragen:aanvraag_hervat", []),
        ("get", "aanvragen:aanvraag_stap", ["contact"]),
        ("post", "aanvragen:aanvraag_stap", ["contact"]),
        ("get", "aanvragen:aanvraag_stap", ["overzicht"]),
        ("post", "aanvragen:aanvraag_stap", ["overzicht"]),
        ("get", "aanvragen:aanvraag_verwijder", []),
        ("post", "aanvragen:aanvraag_verwijder", []),
        ("get", "aanvragen:aanvraag_ingediend", []),
        ("get", "aanvragen:ontvangstbewijs", []),
    ],
)
def test_another_organisations_draft_is_not_found(employer_client, methode, naam, extra):
    vreemd = Dossier.objects.create(organisatie=factories.OrganisatieFactory(), contact_naam="Vreemd")
    response = getattr(employer_client, methode)(
        reverse(naam, args=[vreemd.pk, *extra]), {**CONTACT, "actie": "indienen"} if methode == "post" else {}
    )
    assert response.status_code == 404
    vreemd.refresh_from_db()
    assert vreemd.contact_naam == "Vreemd" and vreemd.status == Status.CONCEPT


def test_another_organisations_document_is_not_found(employer_client, organisatie):
    vreemd = Dossier.objects.create(organisatie=factories.OrganisatieFactory())
    document = Document.objects.create(
        dossier=vreemd, soort="ander", naam="x.pdf", mimetype="application/pdf", grootte=1
    )
    eigen = Dossier.objects.create(organisatie=organisatie)
    for args in ([vreemd.pk, document.pk], [eigen.pk, document.pk]):
        assert employer_client.get(reverse("aanvragen:aanvraag_document", args=args)).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, organisatie):
    dossier = Dossier.objects.create(organisatie=organisatie)
    response = client.get(stap_url(dossier, "contact"))
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]


def test_the_progress_indicator_ticks_only_completed_steps_the_user_went_past(employer_client, vestiging):
    dossier = start(employer_client)
    response = employer_client.get(stap_url(dossier, "contact"))
    assert [s["naam"] for s in response.context["voortgang"] if s["klaar"]] == []
    post_stap(employer_client, dossier, "contact", CONTACT)
    response = employer_client.get(stap_url(dossier, "werknemer"))
    voortgang = response.context["voortgang"]
    assert [s["naam"] for s in voortgang if s["klaar"]] == ["contact"]
    assert [s["naam"] for s in voortgang if s["actief"]] == ["werknemer"]
    assert 'aria-current="step"' in response.content.decode()


def test_the_premium_step_says_at_once_that_guidance_needs_an_establishment_in_flanders(
    employer_client, organisatie
):
    from tests.aanvragen.test_dossiers_fixtures import concept

    brussel = factories.VestigingFactory(organisatie=organisatie, gewest="brussel")
    dossier = concept(organisatie, premie="", vestiging=brussel)

    response = employer_client.post(
        stap_url(dossier, "premie"), {"premie_keuze": "loon_begeleiding", "actie": "volgende"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "De begeleidingspremie kan enkel voor een werknemer in een vestiging in het Vlaams Gewest" in html
    dossier.refresh_from_db()
    assert dossier.premie_keuze == ""
    # The loonpremie alone is possible for that establishment.
    ok = employer_client.post(
        stap_url(dossier, "premie"), {"premie_keuze": "loonpremie", "actie": "volgende"}
    )
    assert ok.status_code == 302
