"""'Actuele stand van uw dossier', the dossier page and its tabs, document download."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from aanvragen import rules, services
from aanvragen.models import Dossier
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import (
    bronnen_in_orde,
    client_voor,
    concept,
    document,
    ingediend,
)

pytestmark = pytest.mark.django_db

LIJST = reverse("aanvragen:dossiers")
NU = dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _bevroren_tijd():
    with time_machine.travel(NU, tick=False):
        yield


def html(response):
    return response.content.decode()


# --- list ----------------------------------------------------------------------------------------


def test_list_shows_submitted_applications_of_this_organisation_only(employer_client, organisatie):
    eigen = ingediend(organisatie, werknemer_voornaam="Mieke", werknemer_achternaam="Maes")
    eigen_concept = concept(organisatie, werknemer_achternaam="Conceptje")
    ander = ingediend(factories.OrganisatieFactory(), werknemer_achternaam="Vreemd")

    response = employer_client.get(LIJST)

    assert response.status_code == 200
    inhoud = html(response)
    assert eigen.referentie in inhoud and "Mieke Maes" in inhoud
    assert "Loonpremie" in inhoud
    assert "12/05/2026" in inhoud  # submitted on
    assert "11/06/2026" in inhoud  # decision deadline
    assert 'class="badge badge-bezig">Ingediend' in inhoud
    assert "Conceptje" not in inhoud and str(eigen_concept) not in inhoud
    assert "Vreemd" not in inhoud and ander.referentie not in inhoud


def test_past_decision_deadline_is_highlighted_while_undecided(employer_client, organisatie):
    laat = ingediend(organisatie, ingediend_op=NU - dt.timedelta(days=40))
    beslist = ingediend(organisatie, status="toegekend", ingediend_op=NU - dt.timedelta(days=41))
    inhoud = html(employer_client.get(LIJST))
    assert f"{laat.beslissing_uiterlijk:%d/%m/%Y} – verstreken" in inhoud
    # Decided: the deadline no longer applies (as on the dossier page).
    assert f"{beslist.beslissing_uiterlijk:%d/%m/%Y}" not in inhoud


def test_filter_on_status(employer_client, organisatie):
    ok = ingediend(organisatie, status="ontvankelijk")
    nok = ingediend(organisatie, status="niet_ontvankelijk")
    inhoud = html(employer_client.get(LIJST, {"status": "niet_ontvankelijk"}))
    assert nok.referentie in inhoud and ok.referentie not in inhoud
    assert '<option value="niet_ontvankelijk" selected>' in inhoud
    assert '<option value="concept"' not in inhoud
    # An unknown status shows everything.
    inhoud = html(employer_client.get(LIJST, {"status": "concept"}))
    assert nok.referentie in inhoud and ok.referentie in inhoud


def test_empty_list_and_empty_filter(employer_client, organisatie):
    assert "U hebt nog geen aanvragen ingediend." in html(employer_client.get(LIJST))
    ingediend(organisatie)
    assert "Er zijn geen dossiers met deze status." in html(employer_client.get(LIJST, {"status": "lopend"}))


def test_paging_25_per_page_newest_first(employer_client, organisatie):
    dossiers = [ingediend(organisatie, ingediend_op=NU - dt.timedelta(hours=i)) for i in range(30)]
    eerste = html(employer_client.get(LIJST))
    tweede = html(employer_client.get(LIJST, {"pagina": 2}))
    assert eerste.count('data-testid="dossier-') == 25
    assert tweede.count('data-testid="dossier-') == 5
    assert dossiers[0].referentie in eerste and dossiers[29].referentie in tweede
    assert "Pagina 1 van 2" in eerste and "pagina=2" in eerste
    assert "30 dossiers" in eerste
    # The filter is kept when paging.
    for d in dossiers:
        Dossier.objects.filter(pk=d.pk).update(status="ontvankelijk")
    assert "status=ontvankelijk&amp;pagina=2" in html(employer_client.get(LIJST, {"status": "ontvankelijk"}))


def test_a_page_past_the_end_shows_the_last_and_the_count_is_the_organisations_and_the_statuss(
    employer_client, organisatie, django_assert_max_num_queries
):
    for i in range(27):
        ingediend(
            organisatie, status="lopend" if i < 3 else "ingediend", ingediend_op=NU - dt.timedelta(hours=i)
        )
    ingediend(factories.OrganisatieFactory(), status="lopend")  # another organisation's
    laatste = html(employer_client.get(LIJST, {"pagina": 99}))
    assert "Pagina 2 van 2" in laatste and laatste.count('data-testid="dossier-') == 2
    assert "Pagina 1 van 2" in html(employer_client.get(LIJST, {"pagina": "twee"}))
    lopend = html(employer_client.get(LIJST, {"status": "lopend", "pagina": 5}))
    assert "3 dossiers" in lopend and lopend.count('data-testid="dossier-') == 3
    assert "Pagina" not in lopend  # one page: no paging
    with django_assert_max_num_queries(3):  # session, access, count: no page to read
        geen = html(employer_client.get(LIJST, {"status": "geweigerd"}))
    assert 'data-testid="geen-dossiers"' in geen and "Er zijn geen dossiers met deze status." in geen


@pytest.mark.parametrize("aantal", [5, 50])
def test_list_runs_a_constant_number_of_queries(
    employer_client, organisatie, aantal, django_assert_max_num_queries
):
    for i in range(aantal):
        ingediend(organisatie, status=["ingediend", "ontvankelijk", "toegekend"][i % 3])
    # session, access with the user (middleware), count, page: the same 4 for 5 and for 50 dossiers.
    with django_assert_max_num_queries(4):
        response = employer_client.get(LIJST)
    assert response.status_code == 200
    assert html(response).count('data-testid="dossier-') == min(aantal, 25)


def test_header_menu_links_to_the_list_when_acting_for_an_organisation(employer_client, client):
    assert 'data-testid="menu-dossiers"' in html(employer_client.get(LIJST))


# --- dossier page --------------------------------------------------------------------------------


def test_overview_shows_timeline_data_and_deadlines(
    employer_client, organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie, werknemer_insz="93051822361")
    bronnen_in_orde(dossier)
    with django_capture_on_commit_callbacks(execute=True):
        services.dien_in(dossier, door=None)

    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])))

    assert f"Dossier {dossier.referentie}" in inhoud
    assert 'data-testid="status">Ontvankelijk' in inhoud
    tijdlijn = inhoud.split('data-testid="tijdlijn"')[1].split("</ol>")[0]
    assert tijdlijn.index("Ingediend") < tijdlijn.index("Ontvankelijk") < tijdlijn.index("In behandeling")
    assert "Beslissing" in tijdlijn and "uiterlijk 11/06/2026" in tijdlijn
    assert "93.05.18-223.61" in inhoud
    assert dossier.contact_email in inhoud
    assert "Hoofdzetel" in inhoud


def test_overview_of_a_fresh_application_shows_the_7_day_deadline(employer_client, organisatie):
    dossier = ingediend(organisatie)
    tijdlijn = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])))
    assert "Ontvankelijkheid: bevestiging per e-mail" in tijdlijn and "uiterlijk 19/05/2026" in tijdlijn


def test_overview_lists_the_admissibility_reasons(
    employer_client, organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie)  # nothing in the sources
    with django_capture_on_commit_callbacks(execute=True):
        services.dien_in(dossier, door=None)
    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])))
    redenen = inhoud.split('data-testid="redenen"')[1].split("</section>")[0]
    assert rules.reden(rules.GEEN_TEWERKSTELLING).wat_nu in redenen
    assert rules.reden(rules.GEEN_BEHOEFTE).uitleg in redenen
    assert "Niet ontvankelijk" in inhoud


def test_overview_shows_the_period_when_granted(employer_client, organisatie):
    dossier = ingediend(organisatie, status="toegekend")
    dossier.startdatum = dt.date(2026, 4, 1)
    dossier.einddatum = rules.einddatum(dossier.startdatum, 5)
    dossier.save()
    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])))
    periode = inhoud.split('data-testid="periode"')[1]
    assert "01/04/2026" in periode and "31/03/2031" in periode


def test_messages_tab_lists_the_mails_of_the_dossier_with_full_text(
    employer_client, organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie)
    bronnen_in_orde(dossier)
    with django_capture_on_commit_callbacks(execute=True):
        services.dien_in(dossier, door=None)
    ander = ingediend(organisatie)
    with django_capture_on_commit_callbacks(execute=True):
        services.registreer_ontvankelijkheid(ander, [])

    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "berichten"}))

    berichten = inhoud.split('data-testid="berichten"')[1]
    assert f"Uw aanvraag individueel maatwerk {dossier.referentie} is ontvankelijk" in berichten
    assert "12/05/2026" in berichten
    assert "beslist uiterlijk op 11 juni 2026" in berichten  # the full text
    assert ander.referentie not in berichten
    assert "<details" in berichten


def test_messages_tab_hides_the_employees_own_copy(employer_client, organisatie):
    """The employee's copy of a decision is addressed to the employee, not to the employer."""
    from loket.mail import verstuur_bericht

    dossier = ingediend(organisatie)
    werknemer = factories.PersoonFactory(insz=dossier.werknemer_insz)
    context = {"dossier": dossier, "redenen": [], "ontvankelijk": True}
    verstuur_bericht(
        sleutel="test-werkgever",
        aan="els@werkgever.be",
        template="aanvragen/mail/ontvankelijkheid",
        context=context,
        organisatie=organisatie,
        onderwerp_object=dossier,
    )
    verstuur_bericht(
        sleutel="test-werknemer",
        aan=werknemer.email,
        template="aanvragen/mail/ontvankelijkheid",
        context=context,
        persoon=werknemer,
        onderwerp_object=dossier,
    )

    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "berichten"}))

    berichten = inhoud.split('data-testid="berichten"')[1]
    assert berichten.count("<details") == 1


def test_documents_tab_and_download(employer_client, organisatie):
    dossier = ingediend(organisatie)
    doc = document(dossier, naam="kwalificatie begeleider.pdf")
    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "documenten"}))
    url = reverse("aanvragen:document", args=[doc.pk])
    assert url == f"/individueel-maatwerk/documenten/{doc.pk}/"
    assert url in inhoud and "kwalificatie begeleider.pdf" in inhoud

    response = employer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "kwalificatie" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_png_document_keeps_its_content_type(employer_client, organisatie):
    doc = document(
        ingediend(organisatie), naam="scan.png", inhoud=b"\x89PNG\r\n\x1a\nxx", mimetype="image/png"
    )
    assert employer_client.get(reverse("aanvragen:document", args=[doc.pk]))["Content-Type"] == "image/png"


def test_unknown_tab_shows_the_overview(employer_client, organisatie):
    dossier = ingediend(organisatie)
    inhoud = html(employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "<script>"}))
    assert 'data-testid="tijdlijn"' in inhoud


# --- isolation ------------------------------------------------------------------------------------


def _urls_van(dossier, doc):
    return [
        reverse("aanvragen:dossier", args=[dossier.pk]),
        reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=berichten",
        reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=documenten",
        reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=wijzigingen",
        reverse("aanvragen:document", args=[doc.pk]),
        reverse("aanvragen:wijziging_melden", args=[dossier.pk, "contactpersoon"]),
    ]


def test_another_organisations_dossier_and_document_do_not_exist(employer_client):
    vreemd = ingediend(factories.OrganisatieFactory())
    doc = document(vreemd)
    for url in _urls_van(vreemd, doc):
        assert employer_client.get(url).status_code == 404, url
    response = employer_client.post(
        reverse("aanvragen:wijziging_melden", args=[vreemd.pk, "contactpersoon"]),
        {"naam": "Indringer", "email": "x@y.be"},
    )
    assert response.status_code == 404
    assert not vreemd.wijzigingen.exists()


def test_a_draft_is_not_a_dossier_page(employer_client, organisatie):
    assert (
        employer_client.get(reverse("aanvragen:dossier", args=[concept(organisatie).pk])).status_code == 404
    )


def test_not_logged_in_goes_to_the_login_page(client, organisatie):
    dossier = ingediend(organisatie)
    for url in [LIJST, *_urls_van(dossier, document(dossier))]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_revoked_access_loses_the_dossiers(client, organisatie):
    dossier = ingediend(organisatie)
    gebruiker = client_voor(client, organisatie)
    assert client.get(reverse("aanvragen:dossier", args=[dossier.pk])).status_code == 200
    gebruiker.toegangen.update(ingetrokken_op=NU)
    response = client.get(reverse("aanvragen:dossier", args=[dossier.pk]))
    assert response.status_code == 302 and "in-naam-van" in response["Location"]


def test_switching_organisation_shows_that_organisations_dossiers(client):
    a, b = factories.OrganisatieFactory(), factories.OrganisatieFactory()
    da, db_ = ingediend(a), ingediend(b)
    client_voor(client, a)
    inhoud = html(client.get(LIJST))
    assert da.referentie in inhoud and db_.referentie not in inhoud
