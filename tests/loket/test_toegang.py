"""Access management by the organisation responsible: invitations, acceptance, revocation."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Bericht, Maatregel, Rol, Toegang, Uitnodiging
from tests import factories
from tests.conftest import handelt_voor
from tests.loket.conftest import medewerker_van

pytestmark = pytest.mark.django_db
TOEGANG = "/toegang/"
NU = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def nodig_uit(client, email="collega@bakkerij.be"):
    return client.post(TOEGANG, {"email": email})


def uitnodiging_voor(organisatie, door, **kwargs):
    kwargs.setdefault("geldig_tot", timezone.now() + dt.timedelta(days=14))
    return Uitnodiging.objects.create(organisatie=organisatie, uitgenodigd_door=door, **kwargs)


def test_urls_are_dutch():
    assert reverse("loket:toegang") == TOEGANG
    assert reverse("loket:uitnodiging", args=["abc"]) == "/uitnodiging/abc/"


def test_the_page_lists_active_and_revoked_access_with_who_and_when(
    employer_client, organisatie, verantwoordelijke
):
    collega = factories.UserFactory(first_name="Jonas", last_name="Wouters")
    factories.ToegangFactory(
        gebruiker=collega, organisatie=organisatie, rol=Rol.MEDEWERKER, verleend_door=verantwoordelijke
    )
    weg = factories.UserFactory(first_name="Ines", last_name="Maes")
    factories.ToegangFactory(
        gebruiker=weg,
        organisatie=organisatie,
        rol=Rol.MEDEWERKER,
        verleend_door=verantwoordelijke,
        ingetrokken_op=timezone.now(),
        ingetrokken_door=verantwoordelijke,
    )
    html = employer_client.get(TOEGANG).content.decode()
    assert "Jonas Wouters" in html and "Ines Maes" in html
    assert html.count("Ingetrokken") >= 1
    assert html.count(f"door {verantwoordelijke.get_full_name()}") >= 3  # 2 grants, 1 revocation


@time_machine.travel(NU, tick=False)
def test_invitation_is_stored_and_mailed_through_the_outbox(
    employer_client, organisatie, verantwoordelijke, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = nodig_uit(employer_client)
    assert response.status_code == 302

    uitnodiging = Uitnodiging.objects.get()
    assert uitnodiging.email == "collega@bakkerij.be"
    assert uitnodiging.organisatie == organisatie
    assert uitnodiging.uitgenodigd_door == verantwoordelijke
    assert uitnodiging.geldig_tot == NU + dt.timedelta(days=14)
    link = f"{settings.SITE_URL.rstrip('/')}/uitnodiging/{uitnodiging.token}/"

    bericht = Bericht.objects.get()
    assert bericht.aan == "collega@bakkerij.be" and bericht.organisatie == organisatie
    assert link in bericht.tekst and link in bericht.html
    assert bericht.verzonden_op is not None

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["collega@bakkerij.be"]
    assert organisatie.naam in mail.subject
    assert link in mail.body
    assert "16 maart 2026" in mail.body  # valid 14 days
    assert uitnodiging.history.get().history_user == verantwoordelijke


def test_invitation_with_a_bad_address_keeps_the_input(employer_client):
    response = nodig_uit(employer_client, "collega(at)bakkerij")
    assert response.status_code == 200
    assert "geldig e-mailadres" in " ".join(response.context["form"].errors["email"])
    assert 'value="collega(at)bakkerij"' in response.content.decode()
    assert not Uitnodiging.objects.exists()


def test_no_invitation_for_someone_who_has_access_or_an_open_invitation(
    employer_client, organisatie, verantwoordelijke
):
    medewerker_van(organisatie, gebruiker=factories.UserFactory(email="jonas@bakkerij.be"))
    response = nodig_uit(employer_client, "Jonas@Bakkerij.be")
    assert "heeft al toegang" in " ".join(response.context["form"].errors["email"])
    uitnodiging_voor(organisatie, verantwoordelijke, email="ines@bakkerij.be")
    response = nodig_uit(employer_client, "ines@bakkerij.be")
    assert "al een openstaande uitnodiging" in " ".join(response.context["form"].errors["email"])


def test_accepting_needs_a_login_and_offers_account_creation(client, organisatie, verantwoordelijke):
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="x@y.be")
    pad = f"/uitnodiging/{uitnodiging.token}/"
    response = client.get(pad)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=" in response.url
    login = client.get(response.url).content.decode()
    assert re.search(r'href="/account-aanmaken/\?next=/uitnodiging/[^"]+/"', login)


def test_accepting_gives_access_as_colleague(client, organisatie, verantwoordelijke):
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="jonas@bakkerij.be")
    collega = factories.UserFactory(first_name="Jonas", email="Jonas@Bakkerij.be")
    client.force_login(collega)
    pad = f"/uitnodiging/{uitnodiging.token}/"

    pagina = client.get(pad)
    assert pagina.status_code == 200 and organisatie.naam in pagina.content.decode()
    assert not Toegang.objects.filter(gebruiker=collega).exists()  # GET changes nothing

    response = client.post(pad)
    assert response.status_code == 302 and response.url == reverse("loket:dashboard")
    toegang = Toegang.objects.actief().get(gebruiker=collega)
    assert (toegang.organisatie, toegang.rol, toegang.maatregel) == (
        organisatie,
        Rol.MEDEWERKER,
        Maatregel.IMW,
    )
    assert toegang.verleend_door == verantwoordelijke
    assert toegang.history.get().history_user == collega
    uitnodiging.refresh_from_db()
    assert uitnodiging.aanvaard_door == collega and uitnodiging.aanvaard_op
    assert client.session[SESSION_KEY_ORGANISATIE] == organisatie.pk
    assert 'data-testid="tegel-imw"' in client.get(response.url).content.decode()


def test_an_invitation_works_once(client, organisatie, verantwoordelijke):
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="a@b.be")
    client.force_login(factories.UserFactory(email="a@b.be"))
    client.post(f"/uitnodiging/{uitnodiging.token}/")
    client.force_login(factories.UserFactory(email="a@b.be"))
    response = client.post(f"/uitnodiging/{uitnodiging.token}/")
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert Toegang.objects.filter(rol=Rol.MEDEWERKER).count() == 1


def test_an_expired_invitation_is_refused(client, organisatie, verantwoordelijke):
    with time_machine.travel(NU, tick=False):
        uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="a@b.be")
    client.force_login(factories.UserFactory())
    with time_machine.travel(NU + dt.timedelta(days=14, seconds=1), tick=False):
        response = client.post(f"/uitnodiging/{uitnodiging.token}/")
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen op 16 maart 2026" in response.content.decode()
    assert not Toegang.objects.filter(rol=Rol.MEDEWERKER).exists()


def test_an_invitation_is_accepted_only_by_the_account_with_the_invited_address(
    client, organisatie, verantwoordelijke
):
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="jonas@bakkerij.be")
    client.force_login(factories.UserFactory(email="iemand.anders@example.be"))

    response = client.post(f"/uitnodiging/{uitnodiging.token}/")

    assert response.status_code == 410
    assert "werd naar jonas@bakkerij.be gestuurd" in response.content.decode()
    assert not Toegang.objects.filter(rol=Rol.MEDEWERKER).exists()
    uitnodiging.refresh_from_db()
    assert uitnodiging.aanvaard_op is None  # still usable by the invited colleague


def test_an_unknown_token_is_not_found(client):
    client.force_login(factories.UserFactory())
    response = client.get("/uitnodiging/verzonnen/")
    assert response.status_code == 404
    assert "Deze uitnodiging bestaat niet" in response.content.decode()


def test_a_revoked_invitation_cannot_be_accepted(employer_client, client, organisatie, verantwoordelijke):
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="a@b.be")
    response = employer_client.post(f"/toegang/uitnodigingen/{uitnodiging.pk}/intrekken/")
    assert response.status_code == 302
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken_op is not None
    assert uitnodiging.history.get(history_type="~").history_user == verantwoordelijke

    client.force_login(factories.UserFactory())
    response = client.post(f"/uitnodiging/{uitnodiging.token}/")
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    assert not Toegang.objects.filter(rol=Rol.MEDEWERKER).exists()


def test_revoking_a_colleague_ends_the_access_and_is_recorded(
    employer_client, organisatie, verantwoordelijke
):
    collega = medewerker_van(organisatie)
    toegang = Toegang.objects.get(gebruiker=collega)
    client = handelt_voor(Client(), collega, organisatie)
    assert client.get(reverse("loket:dashboard")).status_code == 200

    with time_machine.travel(NU, tick=False):
        response = employer_client.post(f"/toegang/{toegang.pk}/intrekken/", follow=True)
    assert "is ingetrokken" in response.content.decode()
    toegang.refresh_from_db()
    assert toegang.ingetrokken_op == NU and toegang.ingetrokken_door == verantwoordelijke
    laatste = toegang.history.get(history_type="~")
    assert laatste.ingetrokken_op == NU and laatste.history_user == verantwoordelijke
    assert toegang.history.count() == 2

    # the colleague no longer acts for the organisation
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("loket:kies_organisatie"))


def test_the_responsible_cannot_revoke_the_own_access(employer_client, verantwoordelijke):
    eigen = Toegang.objects.get(gebruiker=verantwoordelijke)
    response = employer_client.post(f"/toegang/{eigen.pk}/intrekken/", follow=True)
    assert "U kunt uw eigen toegang niet intrekken." in response.content.decode()
    eigen.refresh_from_db()
    assert eigen.ingetrokken_op is None


def test_revoke_only_by_post(employer_client, organisatie):
    toegang = Toegang.objects.get(gebruiker=medewerker_van(organisatie))
    assert employer_client.get(f"/toegang/{toegang.pk}/intrekken/").status_code == 405


# --- who may manage access -------------------------------------------------------------------


def test_a_colleague_may_not_manage_access(client, organisatie, verantwoordelijke):
    collega = medewerker_van(organisatie)
    andere = Toegang.objects.get(gebruiker=medewerker_van(organisatie))
    uitnodiging = uitnodiging_voor(organisatie, verantwoordelijke, email="a@b.be")
    handelt_voor(client, collega, organisatie)
    assert client.get(TOEGANG).status_code == 403
    assert nodig_uit(client).status_code == 403
    assert client.post(f"/toegang/{andere.pk}/intrekken/").status_code == 403
    assert client.post(f"/toegang/uitnodigingen/{uitnodiging.pk}/intrekken/").status_code == 403
    assert not Uitnodiging.objects.exclude(pk=uitnodiging.pk).exists()
    andere.refresh_from_db()
    assert andere.ingetrokken_op is None


def test_responsible_for_another_measure_may_not_manage_imw_access(client, organisatie):
    factories.ToegangFactory(organisatie=organisatie)  # the IMW responsible is someone else
    gebruiker = factories.ToegangFactory(
        organisatie=organisatie, maatregel=Maatregel.AANMOEDIGINGSPREMIES
    ).gebruiker
    handelt_voor(client, gebruiker, organisatie)
    assert client.get(TOEGANG).status_code == 403


def test_access_page_without_organisation_goes_to_the_chooser(client):
    client.force_login(factories.UserFactory())
    response = client.get(TOEGANG)
    assert response.status_code == 302 and response.url.startswith(reverse("loket:kies_organisatie"))
    assert client.get("/account-aanmaken/").status_code == 302  # signed in: no second account page


def test_organisation_isolation(employer_client, organisatie, verantwoordelijke):
    """The responsible of A sees and revokes nothing of organisation B."""
    b = factories.OrganisatieFactory(naam="Organisatie B")
    b_verantwoordelijke = factories.ToegangFactory(organisatie=b).gebruiker
    b_collega = factories.UserFactory(first_name="Bert", last_name="Geheim")
    b_toegang = factories.ToegangFactory(gebruiker=b_collega, organisatie=b, rol=Rol.MEDEWERKER)
    b_uitnodiging = uitnodiging_voor(b, b_verantwoordelijke, email="b-collega@b.be")

    html = employer_client.get(TOEGANG).content.decode()
    assert "Bert Geheim" not in html and "b-collega@b.be" not in html

    assert employer_client.post(f"/toegang/{b_toegang.pk}/intrekken/").status_code == 404
    assert employer_client.post(f"/toegang/uitnodigingen/{b_uitnodiging.pk}/intrekken/").status_code == 404
    b_toegang.refresh_from_db()
    b_uitnodiging.refresh_from_db()
    assert b_toegang.ingetrokken_op is None and b_uitnodiging.ingetrokken_op is None

    # switching the session to B by hand does not help
    session = employer_client.session
    session[SESSION_KEY_ORGANISATIE] = b.pk
    session.save()
    response = employer_client.get(TOEGANG)
    assert response.status_code == 302 and response.url.startswith(reverse("loket:kies_organisatie"))


def test_an_imw_grant_of_another_measure_cannot_be_revoked_here(employer_client, organisatie):
    ander = factories.ToegangFactory(
        organisatie=organisatie, rol=Rol.MEDEWERKER, maatregel=Maatregel.AANMOEDIGINGSPREMIES
    )
    assert employer_client.post(f"/toegang/{ander.pk}/intrekken/").status_code == 404


# --- query counts ----------------------------------------------------------------------------


def _vul(organisatie, verantwoordelijke, n):
    for i in range(n):
        factories.ToegangFactory(
            organisatie=organisatie,
            rol=Rol.MEDEWERKER,
            verleend_door=verantwoordelijke,
            ingetrokken_op=timezone.now() if i % 2 else None,
            ingetrokken_door=verantwoordelijke if i % 2 else None,
        )
        uitnodiging_voor(
            organisatie,
            verantwoordelijke,
            email=f"u{n}-{i}@b.be",
            aanvaard_op=timezone.now() if i % 3 == 0 else None,
            aanvaard_door=verantwoordelijke if i % 3 == 0 else None,
        )


@pytest.mark.parametrize("n", [5, 50])
def test_access_page_query_count_is_constant(
    employer_client, organisatie, verantwoordelijke, n, django_assert_max_num_queries
):
    _vul(organisatie, verantwoordelijke, n)
    with django_assert_max_num_queries(8):  # 6 today: session, user, acting grant, role, invitations, grants
        response = employer_client.get(TOEGANG)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="toegang-') == n + 1


def test_access_page_query_count_does_not_grow(employer_client, organisatie, verantwoordelijke):
    _vul(organisatie, verantwoordelijke, 5)
    with CaptureQueriesContext(connection) as vijf:
        employer_client.get(TOEGANG)
    _vul(organisatie, verantwoordelijke, 45)
    with CaptureQueriesContext(connection) as vijftig:
        employer_client.get(TOEGANG)
    assert len(vijf) == len(vijftig)
