"""Hostile input found by an attacker's tour of the portal: each one gets a clear answer, never a
server error, and nothing of it is stored."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from aanvragen.models import Document, DocumentSoort, DossierInzage
from loket import rules, toegangsbeheer
from loket.bronnen.kbo import Onderneming
from loket.models import Organisatie, OrganisatieSoort, Toegang
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.conftest import handelt_voor

KBO_MET_SUPERSCRIPT = "0566988259²"
KBO_ARABISCH_INDISCH = "٠٥٦٦٩٨٨٢٥٩"  # 0566988259 in Arabic-Indic digits


@pytest.mark.parametrize("waarde", [KBO_MET_SUPERSCRIPT, KBO_ARABISCH_INDISCH])
def test_a_kbo_number_accepts_ascii_digits_only(waarde):
    with pytest.raises(rules.InvalidIdentifier):
        rules.normalise_kbo(waarde)


def test_a_kbo_number_typed_in_full_width_digits_is_stored_in_ascii():
    assert rules.normalise_kbo("0566９88259") == "0566988259"


@pytest.mark.parametrize("waarde", ["93051822361²", "٩٣٠٥١٨٢٢٣٦١", "93.05.18-223.6１"])
def test_an_insz_accepts_ascii_digits_and_separators_only(waarde):
    with pytest.raises(rules.InvalidIdentifier):
        rules.normalise_insz(waarde)
    assert rules.normalise_insz("93.05.18-223.61") == "93051822361"


@pytest.mark.django_db
def test_registering_a_kbo_number_with_a_superscript_is_a_form_error_and_stores_nothing(
    client, gebruiker, kbo_actief
):
    handelt_voor(client, gebruiker)
    response = client.post(
        reverse("loket:registreren"), {"kbo_nummer": KBO_MET_SUPERSCRIPT, "soort": OrganisatieSoort.PRIVAAT}
    )
    assert response.status_code == 200
    assert KBO_MET_SUPERSCRIPT in response.content.decode()  # what was typed is kept
    assert not Organisatie.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["abc%00def", "%00", "a" * 65 + "%2F"])
def test_an_invitation_link_with_a_nul_byte_or_garbage_is_not_found(client, gebruiker, token):
    client.force_login(gebruiker)
    response = client.get(f"/uitnodiging/{token}/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_receipt_whose_file_is_missing_is_not_found(employer_client, organisatie):
    dossier = DossierFactory(organisatie=organisatie, status="ingediend")
    document = Document(
        dossier=dossier,
        soort=DocumentSoort.ONTVANGSTBEWIJS,
        naam="o.pdf",
        mimetype="application/pdf",
        grootte=3,
    )
    document.bestand.save("o.pdf", ContentFile(b"pdf"), save=True)
    document.bestand.storage.delete(document.bestand.name)

    response = employer_client.get(reverse("aanvragen:ontvangstbewijs", args=[dossier.pk]))

    assert response.status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accounts_claiming_the_same_new_kbo_number_at_once_both_wait_and_one_is_activated():
    """Two pending claims block nobody; when both are activated at the same moment, one wins
    and the other gets a message (the database keeps one active responsible)."""
    eerste, tweede = factories.UserFactory(), factories.UserFactory()
    supervisor = factories.UserFactory(is_staff=True)
    onderneming = Onderneming("0566988259", "Bakkerij Zonnebloem bv", "bv", True)
    start = threading.Barrier(2)
    uitkomsten = []

    def gelijktijdig(doe):
        def run(gebruiker):
            start.wait()
            try:
                doe(gebruiker)
                uitkomsten.append("ok")
            except toegangsbeheer.ToegangGeweigerd as exc:
                uitkomsten.append(str(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(g,)) for g in (eerste, tweede)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    gelijktijdig(
        lambda g: toegangsbeheer.registreer_verantwoordelijke(
            gebruiker=g, onderneming=onderneming, soort=OrganisatieSoort.PRIVAAT
        )
    )
    assert uitkomsten == ["ok", "ok"]
    assert Organisatie.objects.count() == 1
    assert Toegang.objects.in_afwachting().count() == 2 and not Toegang.objects.actief().exists()

    uitkomsten.clear()
    gelijktijdig(
        lambda g: toegangsbeheer.activeer_zonder_code(
            Toegang.objects.get(gebruiker=g), door=supervisor, reden="telefonisch bevestigd"
        )
    )
    assert uitkomsten.count("ok") == 1 and len(uitkomsten) == 2
    assert Toegang.objects.actief().count() == 1
    assert not Toegang.objects.in_afwachting().exists()  # the other claim ended


# --- Identifiers in staff URLs and forms: ASCII digits only ----------------------------------------

ARABISCH_INDISCH = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def staff_client(client, db):
    from aanvragen.rollen import zet_rollen
    from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp

    zet_rollen()
    return meld_aan_met_otp(client, maak_medewerker("supervisor", "supervisor1"))


@pytest.mark.django_db
def test_a_dossier_id_in_an_admin_url_is_ascii_digits_only(staff_client):
    dossier = DossierFactory(status="ingediend")
    arabisch = str(dossier.pk).translate(ARABISCH_INDISCH)
    for object_id in ("²", "1²", arabisch):
        # Not this or any dossier: the admin's "does not exist" (to its index, with a message) ...
        response = staff_client.get(reverse("admin:aanvragen_dossier_change", args=[object_id]))
        assert response.status_code == 302 and response.url == reverse("admin:index"), object_id
        # ... and the dossier's own pages a 404.
        response = staff_client.get(reverse("admin:aanvragen_dossier_history", args=[object_id]))
        assert response.status_code == 404, object_id
    assert not DossierInzage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("ids", ["²", "1²,²", "٣"])
def test_post_letters_chosen_by_a_hostile_id_are_none(staff_client, ids):
    from loket.models import Bericht

    brief = Bericht.objects.create(sleutel="brief", kanaal="post", onderwerp="Brief", tekst="Brief")
    response = staff_client.get(reverse("admin:aanvragen_dossier_postbrieven_pdf"), {"ids": ids}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:aanvragen_dossier_postbrieven")
    assert "Geen van de gekozen brieven wacht nog op verzending." in response.content.decode()

    response = staff_client.post(reverse("admin:aanvragen_dossier_postbrieven_verzonden"), {"ids": ids})
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.verzonden_op is None  # nothing marked as sent


# --- A download whose file is missing is a 404, never a server error ------------------------------


def zonder_bestand(dossier, soort) -> Document:
    document = Document(dossier=dossier, soort=soort, naam="o.pdf", mimetype="application/pdf", grootte=3)
    document.bestand.save("o.pdf", ContentFile(b"pdf"), save=True)
    document.bestand.storage.delete(document.bestand.name)
    return document


@pytest.mark.django_db
def test_an_appeal_receipt_whose_file_is_missing_is_not_found(employer_client, organisatie):
    import datetime as dt

    from aanvragen.models import Beroep
    from tests.beroep.conftest import beslist_dossier

    dossier = beslist_dossier(organisatie)
    beroep = Beroep.objects.create(
        dossier=dossier,
        beslissing=dossier.beslissingen.get(),
        motivering="Wel in dienst.",
        beslissing_uiterlijk=dt.date(2027, 5, 1),
        ontvangstbewijs=zonder_bestand(dossier, DocumentSoort.ONTVANGSTBEWIJS),
    )
    url = reverse("aanvragen:beroep_ontvangstbewijs", args=[dossier.pk, beroep.pk])
    assert employer_client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_evaluation_receipt_whose_file_is_missing_is_not_found(employer_client, organisatie):
    from evaluaties.models import Evaluatie

    dossier = DossierFactory(organisatie=organisatie, status="lopend")
    evaluatie = Evaluatie.objects.create(
        dossier=dossier,
        status="ingediend",
        ontvangstbewijs=zonder_bestand(dossier, DocumentSoort.ONTVANGSTBEWIJS),
    )
    url = reverse("evaluaties:ontvangstbewijs", args=[dossier.pk, evaluatie.pk])
    assert employer_client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_sepa_file_missing_from_storage_is_not_found(staff_client):
    from premies.models import RunStatus, Uitbetalingsrun

    run = Uitbetalingsrun.objects.create(betaaldatum="2026-07-20", status=RunStatus.VERZONDEN)
    run.sepa_bestand.save("sepa.xml", ContentFile(b"<xml/>"), save=True)
    run.sepa_bestand.storage.delete(run.sepa_bestand.name)
    assert staff_client.get(reverse("admin:premies_uitbetalingsrun_sepa", args=[run.pk])).status_code == 404


# --- Dates: a year like 9999 or 0001 is a form error ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("datum", ["9999-12-31", "0001-01-01"])
def test_a_rule_parameter_dated_in_year_9999_or_1_is_a_form_error(staff_client, datum):
    from loket.models import GgmmiBedrag

    voor = GgmmiBedrag.objects.count()
    response = staff_client.post(
        reverse("admin:loket_ggmmibedrag_add"), {"geldig_vanaf": datum, "bedrag_per_maand": "2070.48"}
    )
    assert response.status_code == 200
    assert "Geef een datum tussen 01/01/2000 en 31/12/2099." in response.content.decode()
    assert GgmmiBedrag.objects.count() == voor
