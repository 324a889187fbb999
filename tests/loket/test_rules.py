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
