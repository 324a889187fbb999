"""The pure rules of the application form: which steps apply, what is missing, duplicates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules

ALLE_STATUSSEN = sorted(set(rules.OVERGANGEN))
premies = st.sampled_from(["", "loonpremie", "loon_begeleiding", "ondersteuning"])


def test_employer_steps_with_contact_first_and_summary_last():
    assert rules.aanvraag_stappen(zelfstandige=False, onderwijs=False, premie_keuze="loonpremie") == [
        "contact",
        "werknemer",
        "vestiging",
        "premie",
        "rekening",
        "vop",
        "overzicht",
    ]


def test_school_and_begeleiding_steps_only_when_they_apply():
    stappen = rules.aanvraag_stappen(zelfstandige=False, onderwijs=True, premie_keuze="loon_begeleiding")
    assert stappen.index("premie") < stappen.index("onderwijs") < stappen.index("begeleiding")
    assert "onderwijs" not in rules.aanvraag_stappen(zelfstandige=False, onderwijs=False, premie_keuze="")
    assert "begeleiding" not in rules.aanvraag_stappen(
        zelfstandige=False, onderwijs=True, premie_keuze="loonpremie"
    )


def test_self_employed_steps():
    assert rules.aanvraag_stappen(zelfstandige=True, onderwijs=False, premie_keuze="ondersteuning") == [
        "contact",
        "ondersteuning",
        "bedrijfsactiviteit",
        "rekening",
        "vop",
        "overzicht",
    ]


@given(st.booleans(), st.booleans(), premies)
def test_steps_always_start_with_contact_end_with_summary_and_navigate_both_ways(
    zelfstandige, onderwijs, premie
):
    stappen = rules.aanvraag_stappen(zelfstandige=zelfstandige, onderwijs=onderwijs, premie_keuze=premie)
    assert stappen[0] == "contact" and stappen[-1] == "overzicht"
    assert len(set(stappen)) == len(stappen)
    assert rules.vorige_stap(stappen, stappen[0]) is None
    assert rules.volgende_stap(stappen, stappen[-1]) is None
    for huidige, volgende in zip(stappen, stappen[1:], strict=False):
        assert rules.volgende_stap(stappen, huidige) == volgende
        assert rules.vorige_stap(stappen, volgende) == huidige


def test_resume_at_the_last_step_or_the_first_if_it_no_longer_applies():
    stappen = rules.aanvraag_stappen(zelfstandige=False, onderwijs=False, premie_keuze="loonpremie")
    assert rules.hervat_stap(stappen, "vestiging") == "vestiging"
    assert rules.hervat_stap(stappen, "") == "contact"
    assert rules.hervat_stap(stappen, "begeleiding") == "contact"


VOLLEDIG_WERKGEVER = {
    "contact_naam": "Els",
    "contact_email": "els@x.be",
    "contact_telefoon": "091234567",
    "werknemer_insz": "93051822361",
    "werknemer_voornaam": "Jan",
    "werknemer_achternaam": "Janssens",
    "werknemer_woonplaats_gewest": "vlaanderen",
    "vestiging_id": 1,
    "premie_keuze": "loon_begeleiding",
    "via_departement_onderwijs": False,
    "begeleider_soort": "intern",
    "begeleider_naam": "An",
    "dienstverlener_id": None,
    "collega_coach_naam": "Piet",
    "iban": "BE71096123456769",
    "vop_evaluatie": False,
    "documenten": frozenset({"bewijs_kwalificatie"}),
    "rekening_bekend": False,
}
STAPPEN = rules.aanvraag_stappen(zelfstandige=False, onderwijs=True, premie_keuze="loon_begeleiding")


def test_a_complete_employer_application_misses_nothing():
    assert rules.onvolledige_stappen(STAPPEN, VOLLEDIG_WERKGEVER) == []


@pytest.mark.parametrize(
    ("wijziging", "stap"),
    [
        ({"contact_telefoon": ""}, "contact"),
        ({"werknemer_insz": ""}, "werknemer"),
        ({"werknemer_woonplaats_gewest": ""}, "werknemer"),
        ({"vestiging_id": None}, "vestiging"),
        ({"via_departement_onderwijs": None}, "onderwijs"),
        ({"collega_coach_naam": ""}, "begeleiding"),
        ({"begeleider_soort": ""}, "begeleiding"),
        ({"begeleider_naam": ""}, "begeleiding"),
        ({"documenten": frozenset()}, "begeleiding"),
        ({"begeleider_soort": "extern"}, "begeleiding"),  # without a provider
        ({"iban": ""}, "rekening"),
        ({"vop_evaluatie": True}, "vop"),  # without motivatieverslag
    ],
)
def test_each_missing_answer_points_to_its_step(wijziging, stap):
    assert rules.onvolledige_stappen(STAPPEN, {**VOLLEDIG_WERKGEVER, **wijziging}) == [stap]


def test_an_account_on_file_replaces_the_iban_and_an_external_provider_the_proof():
    gegevens = {
        **VOLLEDIG_WERKGEVER,
        "iban": "",
        "rekening_bekend": True,
        "begeleider_soort": "extern",
        "begeleider_naam": "",
        "dienstverlener_id": 3,
        "documenten": frozenset(),
    }
    assert rules.onvolledige_stappen(STAPPEN, gegevens) == []


def test_an_employer_cannot_ask_the_ondersteuningspremie_and_the_self_employed_only_that():
    assert rules.onvolledige_stappen(STAPPEN, {**VOLLEDIG_WERKGEVER, "premie_keuze": "ondersteuning"}) == [
        "premie"
    ]
    zelfstandige = rules.aanvraag_stappen(zelfstandige=True, onderwijs=False, premie_keuze="ondersteuning")
    gegevens = {
        **VOLLEDIG_WERKGEVER,
        "premie_keuze": "ondersteuning",
        "documenten": {"bewijs_bedrijfsactiviteit"},
    }
    assert rules.onvolledige_stappen(zelfstandige, gegevens) == []
    assert rules.onvolledige_stappen(zelfstandige, {**gegevens, "premie_keuze": ""}) == ["ondersteuning"]
    assert rules.onvolledige_stappen(zelfstandige, {**gegevens, "documenten": frozenset()}) == [
        "bedrijfsactiviteit"
    ]


# --- One application per employee ------------------------------------------------------------------


@pytest.mark.parametrize("status", ALLE_STATUSSEN)
def test_only_open_applications_block(status):
    blokkeert = rules.blokkerende_aanvraag("93051822361", [(7, "93051822361", status)], eigen_id=8)
    assert (blokkeert == 7) == (status in rules.OPEN_STATUSSEN)
    assert status not in {"concept", "niet_ontvankelijk", "geweigerd", "beeindigd"} or blokkeert is None


def test_the_application_itself_and_other_employees_do_not_block():
    assert rules.blokkerende_aanvraag("93051822361", [(8, "93051822361", "ingediend")], eigen_id=8) is None
    assert rules.blokkerende_aanvraag("93051822361", [(7, "85073003328", "lopend")], eigen_id=8) is None
    assert rules.blokkerende_aanvraag("", [(7, "", "lopend")], eigen_id=8) is None


@given(
    st.lists(
        st.tuples(
            st.integers(1, 50),
            st.sampled_from(["93051822361", "85073003328"]),
            st.sampled_from(ALLE_STATUSSEN),
        ),
        max_size=10,
    ),
    st.integers(1, 50),
)
def test_blocking_means_an_open_other_application_for_this_insz_exists(bestaande, eigen_id):
    blokkerend = rules.blokkerende_aanvraag("93051822361", bestaande, eigen_id=eigen_id)
    open_andere = [
        d
        for d, insz, status in bestaande
        if d != eigen_id and insz == "93051822361" and status in rules.OPEN_STATUSSEN
    ]
    assert (blokkerend is None) == (not open_andere)
    assert blokkerend is None or blokkerend in open_andere
