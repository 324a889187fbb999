"""loket.csrf_mask: a form's CSRF token hides the secret behind a fresh uniform mask, unmasks with
Django's own function, and a form of a rendered page is accepted on submission."""

import re
import string
from collections import Counter

import pytest
from django.middleware import csrf
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from loket import csrf_mask

GEHEIMEN = st.text(alphabet=csrf.CSRF_ALLOWED_CHARS, min_size=32, max_size=32)


@given(GEHEIMEN)
def test_a_token_unmasks_to_its_secret_with_djangos_function(geheim):
    token = csrf._mask_cipher_secret(geheim)
    assert len(token) == csrf.CSRF_TOKEN_LENGTH
    assert set(token) <= set(csrf.CSRF_ALLOWED_CHARS)
    assert csrf._unmask_cipher_token(token) == geheim
    assert csrf._does_token_match(token, geheim)


def test_each_token_has_its_own_mask():
    geheim = csrf._get_new_csrf_string()
    tokens = {csrf._mask_cipher_secret(geheim) for _ in range(200)}
    assert len(tokens) == 200
    assert all(geheim not in token for token in tokens)


def test_the_mask_is_uniform_over_the_allowed_characters():
    """Each of the 62 characters is exactly four of the 248 byte values kept; the rest dropped."""
    gehouden = csrf_mask._BYTE_TO_CHAR[: csrf_mask._ACCEPTED]
    assert Counter(gehouden) == {ord(teken): 4 for teken in string.ascii_letters + string.digits}
    assert bytes(range(256)).translate(csrf_mask._BYTE_TO_CHAR, csrf_mask._DROPPED) == gehouden
    # And drawn: 2,000 masks, 64,000 characters, ~1,032 each (a bound of 5 standard deviations).
    tellingen = Counter("".join(csrf_mask.random_mask() for _ in range(2000)))
    assert len(tellingen) == 62
    assert all(870 < aantal < 1195 for aantal in tellingen.values()), tellingen


def test_a_secret_of_other_characters_fails_as_in_django():
    with pytest.raises(ValueError):
        csrf._mask_cipher_secret("!" * 32)


@pytest.mark.django_db
def test_the_token_of_a_rendered_form_is_accepted(verantwoordelijke):
    client = Client(enforce_csrf_checks=True)
    client.force_login(verantwoordelijke)
    pagina = client.get("/hulp/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina).group(1)
    assert client.post("/afmelden/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.post("/afmelden/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
