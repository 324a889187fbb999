import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket import rules
from tests.factories import insz, kbo_nummer


@pytest.mark.parametrize(
    "raw", ["0566.988.259", "0566988259", "BE 0566 988 259", "566988259", "0428.759.497"]
)
def test_valid_kbo_numbers_are_normalised(raw):
    assert len(rules.normalise_kbo(raw)) == 10


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Vul een KBO-nummer in."),
        ("0566.988.258", "controlegetal"),
        ("2566988259", "begint met 0 of 1"),
        ("12345", "10 cijfers"),
        ("abcdefghij", "10 cijfers"),
    ],
)
def test_invalid_kbo_numbers_get_a_dutch_message(raw, message):
    with pytest.raises(rules.InvalidIdentifier, match=message):
        rules.normalise_kbo(raw)


def test_kbo_display_format():
    assert rules.format_kbo("0566988259") == "0566.988.259"


@given(st.integers(min_value=0, max_value=9_999_999))
def test_every_kbo_with_the_right_check_digits_is_valid(base):
    first8 = f"0{base:07d}"
    number = first8 + f"{97 - int(first8) % 97:02d}"
    assert rules.normalise_kbo(number) == number
    wrong = first8 + f"{(97 - int(first8) % 97 + 1) % 100:02d}"
    with pytest.raises(rules.InvalidIdentifier):
        rules.normalise_kbo(wrong)


def test_factory_identifiers_are_valid():
    for n in range(200):
        rules.normalise_kbo(kbo_nummer(n))
        rules.normalise_insz(insz(n))


def test_insz():
    assert rules.normalise_insz("93.05.18-223.61") == "93051822361"
    assert rules.format_insz("93051822361") == "93.05.18-223.61"
    with pytest.raises(rules.InvalidIdentifier, match="controlegetal"):
        rules.normalise_insz("93051822362")
    with pytest.raises(rules.InvalidIdentifier, match="11 cijfers"):
        rules.normalise_insz("930518")


def test_insz_born_after_2000_uses_the_2_prefix():
    first9 = "010203123"
    check = 97 - int("2" + first9) % 97
    assert rules.normalise_insz(f"{first9}{check:02d}") == f"{first9}{check:02d}"


def test_iban():
    assert rules.normalise_iban("be71 0961 2345 6769") == "BE71096123456769"
    assert rules.mask_iban("BE71096123456769") == "BE** **** **** 6769"
    with pytest.raises(rules.InvalidIdentifier, match="controlegetal"):
        rules.normalise_iban("BE71096123456768")
    with pytest.raises(rules.InvalidIdentifier, match="landcode"):
        rules.normalise_iban("096123456769")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_quarter_contains_its_date(day):
    q = rules.Kwartaal.van(day)
    assert q.eerste_dag <= day <= q.laatste_dag
    assert q.volgende().eerste_dag == q.laatste_dag + dt.timedelta(days=1)
    assert q.plus(4) == rules.Kwartaal(q.jaar + 1, q.nummer)
    assert q.plus(-1) == q.vorige()


def test_a_belgian_iban_with_a_valid_checksum_but_no_bank_gets_its_own_message():
    import pytest

    from loket.rules import InvalidIdentifier, normalise_iban

    with pytest.raises(InvalidIdentifier, match="de bankcode 999 hoort bij geen Belgische bank"):
        normalise_iban("BE60 9990 0000 0070")  # mod-97 right twice; 999 is reserved, not a bank
    assert normalise_iban("BE71 0961 2345 6769") == "BE71096123456769"


# --- Activation codes -------------------------------------------------------------------------------

NU = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_a_code_is_needed_only_without_active_access():
    assert rules.activatiecode_nodig(heeft_actieve_toegang=False)
    assert not rules.activatiecode_nodig(heeft_actieve_toegang=True)


@pytest.mark.parametrize(
    ("geldig_tot", "verwacht"),
    [
        (NU + dt.timedelta(microseconds=1), rules.CodeStatus.GELDIG),
        (NU, rules.CodeStatus.VERLOPEN),  # valid up to, not including, the moment
        (NU - dt.timedelta(microseconds=1), rules.CodeStatus.VERLOPEN),
    ],
)
def test_a_code_expires_at_its_moment(geldig_tot, verwacht):
    assert rules.activatiecode_status(geldig_tot=geldig_tot, pogingen=0, nu=NU) == verwacht


@pytest.mark.parametrize(
    ("pogingen", "verwacht"),
    [
        (rules.ACTIVATIECODE_MAX_POGINGEN - 1, rules.CodeStatus.GELDIG),
        (rules.ACTIVATIECODE_MAX_POGINGEN, rules.CodeStatus.GEBLOKKEERD),
        (rules.ACTIVATIECODE_MAX_POGINGEN + 1, rules.CodeStatus.GEBLOKKEERD),
    ],
)
def test_a_code_locks_after_the_maximum_of_wrong_attempts(pogingen, verwacht):
    morgen = NU + dt.timedelta(days=1)
    assert rules.activatiecode_status(geldig_tot=morgen, pogingen=pogingen, nu=NU) == verwacht


def test_used_and_replaced_win_over_locked_and_expired():
    gisteren = NU - dt.timedelta(days=1)
    assert rules.activatiecode_status(geldig_tot=gisteren, pogingen=9, nu=NU, gebruikt=True) == "gebruikt"
    assert rules.activatiecode_status(geldig_tot=gisteren, pogingen=9, nu=NU, vervangen=True) == "vervangen"
    assert rules.activatiecode_status(geldig_tot=gisteren, pogingen=9, nu=NU) == "geblokkeerd"


@pytest.mark.parametrize(
    ("status", "brieven", "mag"),
    [
        (None, 0, True),
        (rules.CodeStatus.GELDIG, 1, False),
        (rules.CodeStatus.VERLOPEN, 1, True),
        (rules.CodeStatus.GEBLOKKEERD, 1, True),
        (rules.CodeStatus.VERLOPEN, rules.ACTIVATIE_MAX_BRIEVEN - 1, True),
        (rules.CodeStatus.VERLOPEN, rules.ACTIVATIE_MAX_BRIEVEN, False),
        (rules.CodeStatus.GEBRUIKT, 1, False),
    ],
)
def test_a_new_letter_only_without_a_usable_code_and_a_few_times(status, brieven, mag):
    assert rules.nieuwe_activatiebrief_mag(status, brieven) is mag


def test_the_alphabet_has_no_look_alikes():
    assert not set("01OIL") & set(rules.ACTIVATIECODE_ALFABET)
    assert len(set(rules.ACTIVATIECODE_ALFABET)) == len(rules.ACTIVATIECODE_ALFABET) == 31


@given(st.text(alphabet=rules.ACTIVATIECODE_ALFABET, min_size=10, max_size=10), st.booleans())
def test_a_printed_code_typed_in_any_case_with_dash_or_spaces_is_the_code(code, spaties):
    geprint = rules.formatteer_activatiecode(code)
    getypt = geprint.lower().replace("-", "  ") if spaties else geprint
    assert rules.normaliseer_activatiecode(getypt) == code
    assert rules.is_activatiecode_vorm(rules.normaliseer_activatiecode(getypt))


@given(
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=-(10**6), max_value=10**6),
)
def test_a_code_is_usable_exactly_when_in_time_and_under_the_maximum(pogingen, seconden):
    geldig_tot = NU + dt.timedelta(seconds=seconden)
    status = rules.activatiecode_status(geldig_tot=geldig_tot, pogingen=pogingen, nu=NU)
    assert (status == rules.CodeStatus.GELDIG) == (
        pogingen < rules.ACTIVATIECODE_MAX_POGINGEN and NU < geldig_tot
    )


def test_kbo_mandates_from_the_federal_login_claim():
    from loket.rules import Mandaat, lees_mandaten

    rollen = frozenset({"wettelijk_vertegenwoordiger"})
    claim = [
        "0403.170.701",
        {"ondernemingsnummer": "BE 0566 988 259", "rol": "Wettelijk_Vertegenwoordiger", "naam": " Bakkerij "},
        {"kbo": "0566988259", "rol": "medewerker"},  # a lesser second mandate does not demote
        {"kbo": "0566.988.25²"},  # not ASCII digits
        {"kbo": 566988259},
        42,
    ]
    assert lees_mandaten(claim, rollen) == {
        "0403170701": Mandaat("0403170701", "medewerker"),
        "0566988259": Mandaat("0566988259", "verantwoordelijke", "Bakkerij"),
    }
    assert lees_mandaten("0403170701", rollen) == {} and lees_mandaten(None, rollen) == {}


# Every message of an invalid identifier goes through gettext when raised (so an English page shows
# English; forms pass the message on as it is), also the one with the bank code in it.
@pytest.mark.parametrize(
    ("normaliseer", "waarde"),
    [
        ("normalise_kbo", ""),
        ("normalise_kbo", "12345"),
        ("normalise_kbo", "2566988259"),
        ("normalise_kbo", "0566.988.258"),
        ("normalise_insz", ""),
        ("normalise_insz", "93a"),
        ("normalise_insz", "123"),
        ("normalise_insz", "93.05.18-223.62"),
        ("normalise_iban", ""),
        ("normalise_iban", "1234567890123456"),
        ("normalise_iban", "BE71 0961 2345 6768"),
        ("normalise_iban", "BE60 9990 0000 0070"),
    ],
)
def test_every_identifier_message_is_translated_when_raised(monkeypatch, normaliseer, waarde):
    monkeypatch.setattr(rules, "_", lambda tekst: f"«{tekst}»")
    with pytest.raises(rules.InvalidIdentifier) as fout:
        getattr(rules, normaliseer)(waarde)
    bericht = str(fout.value)
    assert bericht.startswith("«") and bericht.endswith("»"), bericht
    if waarde.startswith("BE60"):
        assert "bankcode 999 hoort" in bericht
