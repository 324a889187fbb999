"""Hostile input found by an attacker's tour of the portal: each one gets a clear answer, never a
server error, and nothing of it is stored."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from aanvragen.models import Document, DocumentSoort
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
