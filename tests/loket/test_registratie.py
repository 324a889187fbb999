"""Registration as DWSE Organisatieverantwoordelijke for IMW, checked against the KBO source."""

import pytest
from django.urls import reverse

from loket.bronnen import BronNietBeschikbaar
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Bericht, Maatregel, Organisatie, OrganisatieSoort, Rol, Toegang
from tests import factories
from tests.conftest import handelt_voor
from tests.loket.conftest import medewerker_van

pytestmark = pytest.mark.django_db
URL = "/registreren/"


def test_url_is_dutch():
    assert reverse("loket:registreren") == URL


def test_registration_creates_the_organisation_and_a_pending_grant(client, gebruiker, kbo_actief):
    handelt_voor(client, gebruiker)
    response = client.post(URL, {"kbo_nummer": "BE 0566.988.259", "soort": OrganisatieSoort.PRIVAAT})

    assert response.status_code == 302
    assert response.url.startswith(reverse("loket:activeren"))
    organisatie = Organisatie.objects.get(kbo_nummer="0566988259")
    assert organisatie.naam == "Bakkerij Zonnebloem bv"  # name from the KBO
    assert organisatie.soort == OrganisatieSoort.PRIVAAT
    toegang = Toegang.objects.get(gebruiker=gebruiker, organisatie=organisatie)
    assert (toegang.rol, toegang.maatregel) == (Rol.VERANTWOORDELIJKE, Maatregel.IMW)
    assert toegang.in_afwachting and not Toegang.objects.actief().exists()
    assert SESSION_KEY_ORGANISATIE not in client.session  # acts for nobody yet

    pagina = client.get(response.url).content.decode()
    assert "activatiecode per post naar de maatschappelijke zetel" in pagina
    assert "Kerkstraat 12, 9000 Gent" in pagina
    dashboard = client.get(reverse("loket:dashboard")).content.decode()
    assert f'href="{reverse("aanvragen:start")}"' not in dashboard
    # recorded, with who did it
    historiek = toegang.history.get()
    assert historiek.history_type == "+" and historiek.history_user == gebruiker
    assert organisatie.history.get().history_user == gebruiker


def test_an_existing_organisation_is_reused(client, gebruiker, kbo_actief):
    bestaand = factories.OrganisatieFactory(kbo_nummer="0566988259", naam="Zonnebloem (gekend)")
    handelt_voor(client, gebruiker)
    client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT})
    assert Organisatie.objects.count() == 1
    assert Toegang.objects.in_afwachting().get(gebruiker=gebruiker).organisatie == bestaand


@pytest.mark.parametrize(
    ("kbo", "melding"),
    [
        ("0566.988.258", "het controlegetal klopt niet"),
        ("2566988259", "begint met 0 of 1"),
        ("12345", "10 cijfers"),
        ("", "Vul een KBO-nummer in"),
    ],
)
def test_an_invalid_kbo_number_gets_a_dutch_message_at_the_field_and_input_is_kept(
    client, gebruiker, kbo, melding
):
    handelt_voor(client, gebruiker)
    response = client.post(
        URL, {"kbo_nummer": kbo, "soort": OrganisatieSoort.SCHOOL, "scholengroep_kbo": "0428.759.497"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert melding in " ".join(form.errors["kbo_nummer"])
    html = response.content.decode()
    assert f'value="{kbo}"' in html if kbo else True
    assert 'value="0428.759.497"' in html
    assert '<option value="school" selected>' in html
    assert not Toegang.objects.exists()


def test_an_unknown_kbo_number_is_refused(client, gebruiker):
    handelt_voor(client, gebruiker)
    response = client.post(URL, {"kbo_nummer": "0566.988.259", "soort": OrganisatieSoort.PRIVAAT})
    assert "0566.988.259 is niet gekend in de Kruispuntbank van Ondernemingen" in " ".join(
        response.context["form"].errors["kbo_nummer"]
    )
    assert not Organisatie.objects.exists()


def test_an_inactive_enterprise_is_refused(client, gebruiker):
    factories.KboInschrijvingFactory(kbo_nummer="0566988259", actief=False)
    handelt_voor(client, gebruiker)
    response = client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT})
    assert "is niet actief in de Kruispuntbank van Ondernemingen" in " ".join(
        response.context["form"].errors["kbo_nummer"]
    )
    assert not Toegang.objects.exists()


def test_kbo_source_unavailable_says_try_again(client, gebruiker, monkeypatch):
    class Onbereikbaar:
        def onderneming(self, kbo):
            raise BronNietBeschikbaar("timeout")

    monkeypatch.setattr("loket.forms.get_bron", lambda naam: Onbereikbaar())
    handelt_voor(client, gebruiker)
    response = client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT})
    assert "niet bereikbaar" in " ".join(response.context["form"].errors["kbo_nummer"])


def test_an_organisation_with_a_responsible_refuses_and_names_that_person_by_first_name(
    client, gebruiker, kbo_actief
):
    organisatie = factories.OrganisatieFactory(kbo_nummer="0566988259")
    andere = factories.UserFactory(first_name="Karel", last_name="Vermeulen")
    factories.ToegangFactory(gebruiker=andere, organisatie=organisatie)
    handelt_voor(client, gebruiker)

    response = client.post(URL, {"kbo_nummer": "0566.988.259", "soort": OrganisatieSoort.PRIVAAT})

    assert response.status_code == 200
    fout = " ".join(response.context["form"].errors["kbo_nummer"])
    assert "al een DWSE Organisatieverantwoordelijke" in fout and "Vraag Karel" in fout
    assert "Vermeulen" not in response.content.decode()
    assert not Toegang.objects.filter(gebruiker=gebruiker).exists()


def test_registering_twice_changes_nothing(client, gebruiker, kbo_actief):
    handelt_voor(client, gebruiker)
    client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT})
    response = client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT}, follow=True)
    assert Toegang.objects.filter(gebruiker=gebruiker).count() == 1
    assert "wacht al op de activatiecode" in response.content.decode()
    assert Bericht.objects.count() == 1  # no second letter


def test_registering_again_when_active_changes_nothing(client, gebruiker, kbo_actief):
    organisatie = factories.OrganisatieFactory(kbo_nummer="0566988259")
    factories.ToegangFactory(gebruiker=gebruiker, organisatie=organisatie)
    handelt_voor(client, gebruiker, organisatie)
    response = client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT}, follow=True)
    assert Toegang.objects.filter(gebruiker=gebruiker).count() == 1
    assert "U was al DWSE Organisatieverantwoordelijke" in response.content.decode()


def test_a_colleague_becomes_responsible_when_there_is_none(client, kbo_actief):
    organisatie = factories.OrganisatieFactory(kbo_nummer="0566988259")
    collega = medewerker_van(organisatie)
    handelt_voor(client, collega, organisatie)
    client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT})
    toegangen = Toegang.objects.filter(gebruiker=collega).order_by("pk")
    assert [(t.rol, t.ingetrokken_op is None) for t in toegangen] == [
        (Rol.MEDEWERKER, False),
        (Rol.VERANTWOORDELIJKE, True),
    ]
    # invited by a verified responsible: no letter needed, active at once
    assert toegangen[1].geactiveerd_op is not None and not Bericht.objects.exists()


def test_a_self_employed_person_registers_the_own_kbo_number(client, gebruiker):
    factories.KboInschrijvingFactory(
        kbo_nummer="0428759497", naam="Lotte Verhaeghe", rechtsvorm="Natuurlijk persoon"
    )
    handelt_voor(client, gebruiker)
    client.post(URL, {"kbo_nummer": "0428.759.497", "soort": OrganisatieSoort.ZELFSTANDIGE})
    organisatie = Organisatie.objects.get(kbo_nummer="0428759497")
    assert organisatie.soort == OrganisatieSoort.ZELFSTANDIGE
    assert Toegang.objects.in_afwachting().filter(gebruiker=gebruiker, organisatie=organisatie).exists()


def test_a_school_is_linked_to_its_scholengroep(client, gebruiker, kbo_actief):
    factories.KboInschrijvingFactory(kbo_nummer="0428759497", naam="Scholengroep Leiestroom")
    handelt_voor(client, gebruiker)
    client.post(
        URL,
        {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.SCHOOL, "scholengroep_kbo": "0428.759.497"},
    )
    school = Organisatie.objects.get(kbo_nummer="0566988259")
    assert school.soort == OrganisatieSoort.SCHOOL
    assert school.scholengroep.kbo_nummer == "0428759497"
    assert school.scholengroep.soort == OrganisatieSoort.SCHOLENGROEP
    assert school.betalende_organisatie == school.scholengroep


def test_an_unknown_scholengroep_is_refused_at_its_field(client, gebruiker, kbo_actief):
    handelt_voor(client, gebruiker)
    response = client.post(
        URL,
        {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.SCHOOL, "scholengroep_kbo": "0428.759.497"},
    )
    assert "niet gekend" in " ".join(response.context["form"].errors["scholengroep_kbo"])
    assert not Organisatie.objects.exists()


def test_a_scholengroep_only_for_a_school(client, gebruiker, kbo_actief):
    factories.KboInschrijvingFactory(kbo_nummer="0428759497")
    handelt_voor(client, gebruiker)
    response = client.post(
        URL,
        {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.PRIVAAT, "scholengroep_kbo": "0428759497"},
    )
    assert "alleen in als de organisatie een school is" in " ".join(
        response.context["form"].errors["scholengroep_kbo"]
    )


def test_other_governments_are_not_eligible(client, gebruiker, kbo_actief):
    handelt_voor(client, gebruiker)
    response = client.post(URL, {"kbo_nummer": "0566988259", "soort": OrganisatieSoort.ANDERE_OVERHEID})
    assert "komen niet in aanmerking" in " ".join(response.context["form"].errors["soort"])


def test_registration_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_form_is_prefilled_with_the_current_organisation(client):
    organisatie = factories.OrganisatieFactory()
    gebruiker = medewerker_van(organisatie, maatregel=Maatregel.AANMOEDIGINGSPREMIES)
    handelt_voor(client, gebruiker, organisatie)
    response = client.get(URL)
    assert f'value="{organisatie.kbo_weergave}"' in response.content.decode()
