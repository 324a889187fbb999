"""The two evaluation flags of a dossier (a VOP of indefinite duration, an LDE temporary
arrangement): set by DWSE staff who may handle dossiers, on the staff dossier page, with a reason,
and recorded in the dossier's history with who and when."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanvragen.models import Dossier
from evaluaties import services
from tests import factories
from tests.behandeling.conftest import meld_aan_met_otp
from tests.evaluaties.conftest import lopend_dossier

pytestmark = pytest.mark.django_db


def actie_url(dossier):
    return reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, "evaluatieregeling"])


def pagina_url(dossier):
    return reverse("admin:aanvragen_dossier_change", args=[dossier.pk])


@pytest.fixture
def twee_jaar(organisatie):
    """A running 2-year premium: not evaluable unless it follows a VOP of indefinite duration."""
    return lopend_dossier(organisatie, start=dt.date(2026, 4, 1), duur=2)


def test_staff_set_the_vop_flag_with_a_reason_in_the_history(
    behandelaar_client, behandelaar, employer_client_voor, twee_jaar
):
    dossier = twee_jaar
    werkgever = employer_client_voor(dossier.organisatie)
    dossierpagina = reverse("aanvragen:dossier", args=[dossier.pk])
    assert 'data-testid="evalueren"' not in werkgever.get(dossierpagina).content.decode()

    html = behandelaar_client.get(pagina_url(dossier)).content.decode()
    assert 'data-testid="evaluatieregeling-wijzigen"' in html and actie_url(dossier) in html
    formulier = behandelaar_client.get(actie_url(dossier))
    assert formulier.status_code == 200
    assert 'name="vop_onbepaalde_duur"' in formulier.content.decode()

    # Without a reason: refused in Dutch, nothing changes.
    response = behandelaar_client.post(actie_url(dossier), {"vop_onbepaalde_duur": "on"})
    assert response.status_code == 200
    assert "Geef de reden op waarom u de evaluatieregeling wijzigt." in response.content.decode()
    dossier.refresh_from_db()
    assert not dossier.vop_onbepaalde_duur

    reden = "Overgenomen VOP van onbepaalde duur (dossier VOP-2019-0042)."
    response = behandelaar_client.post(actie_url(dossier), {"vop_onbepaalde_duur": "on", "reden": reden})
    assert response.status_code == 302 and response.url == pagina_url(dossier)
    dossier.refresh_from_db()
    assert dossier.vop_onbepaalde_duur and not dossier.lde_tijdelijke_regeling
    assert dossier.status == "lopend"

    # (The clock stands still in these tests: the records are ordered by their key.)
    laatste, vorige = dossier.history.order_by("-history_id")[:2]
    assert laatste.history_user == behandelaar
    assert reden in laatste.history_change_reason
    assert laatste.history_date.date() == dt.date(2027, 6, 15)
    verschil = laatste.diff_against(vorige)
    assert verschil.changed_fields == ["vop_onbepaalde_duur"]

    # The staff page's history shows who, why and what changed.
    historiek = behandelaar_client.get(pagina_url(dossier)).content.decode().split('id="veldhistoriek"')[1]
    assert reden in historiek and "VOP van onbepaalde duur" in historiek and "behandelaar1" in historiek

    # The employer now gets the button the rules allow for a VOP of indefinite duration.
    assert 'data-testid="evalueren"' in werkgever.get(dossierpagina).content.decode()


def test_setting_it_back_and_the_lde_flag(behandelaar_client, twee_jaar):
    dossier = twee_jaar
    behandelaar_client.post(actie_url(dossier), {"lde_tijdelijke_regeling": "on", "reden": "LDE-overgang."})
    dossier.refresh_from_db()
    assert dossier.lde_tijdelijke_regeling and not dossier.vop_onbepaalde_duur
    # The form opens with the flags as they are.
    formulier = behandelaar_client.get(actie_url(dossier)).content.decode()
    assert re.search(r'<input type="checkbox" name="lde_tijdelijke_regeling"[^>]* checked', formulier)
    assert not re.search(r'<input type="checkbox" name="vop_onbepaalde_duur"[^>]* checked', formulier)
    behandelaar_client.post(actie_url(dossier), {"reden": "Toch geen LDE: vergissing."})
    dossier.refresh_from_db()
    assert not dossier.lde_tijdelijke_regeling
    assert "Toch geen LDE" in dossier.history.order_by("-history_id")[0].history_change_reason


def test_nothing_changed_is_said_and_not_recorded(behandelaar_client, twee_jaar):
    aantal = twee_jaar.history.count()
    response = behandelaar_client.post(actie_url(twee_jaar), {"reden": "Niets."})
    assert response.status_code == 200
    assert "er is niets gewijzigd" in response.content.decode()
    assert twee_jaar.history.count() == aantal


def test_staff_who_may_only_look_get_no_link_and_cannot_post(client, rollen, twee_jaar):
    kijker = factories.UserFactory(username="kijker", is_staff=True)
    kijker.user_permissions.add(
        Permission.objects.get(codename="view_dossier", content_type__app_label="aanvragen")
    )
    TOTPDevice.objects.create(user=kijker, name="authenticator", confirmed=True)
    meld_aan_met_otp(client, kijker)
    html = client.get(pagina_url(twee_jaar)).content.decode()
    assert 'data-testid="evaluatieregeling-wijzigen"' not in html
    response = client.post(actie_url(twee_jaar), {"vop_onbepaalde_duur": "on", "reden": "Poging."})
    assert response.status_code == 403
    twee_jaar.refresh_from_db()
    assert not twee_jaar.vop_onbepaalde_duur


def test_the_service_locks_and_refuses_a_draft(organisatie, behandelaar):
    from tests.behandeling.factories import DossierFactory

    draft = DossierFactory(organisatie=organisatie, status="concept", referentie=None)
    with pytest.raises(services.EvaluatieGeweigerd):
        services.wijzig_regeling(
            draft, vop_onbepaalde_duur=True, lde_tijdelijke_regeling=False, door=behandelaar, reden="x"
        )
    assert not Dossier.objects.get(pk=draft.pk).vop_onbepaalde_duur


@pytest.fixture
def employer_client_voor(rollen):
    """A second browser: the employer acting for the dossier's organisation."""
    from django.test import Client

    from tests.conftest import handelt_voor

    def maak(organisatie):
        return handelt_voor(
            Client(), factories.ToegangFactory(organisatie=organisatie).gebruiker, organisatie
        )

    return maak
