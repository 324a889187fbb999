"""Django's masking of the CSRF secret (``django.middleware.csrf._mask_cipher_secret``) in C calls.

Every form's token is the session's CSRF secret masked with 32 fresh random characters, so the page
does not repeat the secret (BREACH). Django draws them with ``secrets.choice`` one by one, reading
the operating system's random source 32 times, and adds them to the secret character by character
in two generator expressions: some 4,000 Python opcodes, the most expensive tag on every employer
page. Here the mask comes from one read of the same source: each random byte below 248 (4 × 62)
is one of the 62 allowed characters, each exactly four byte values (uniform, as ``secrets.choice``),
the others are dropped; the sum of two characters is looked up in a table. The token is the same
shape and unmasks with Django's own ``_unmask_cipher_token``.
"""

from __future__ import annotations

import secrets

from django.middleware import csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_ACCEPTED = 256 - 256 % len(_CHARS)  # 248: the bytes that map onto the characters evenly
_BYTE_TO_CHAR = bytes(ord(_CHARS[b % len(_CHARS)]) if b < _ACCEPTED else 0 for b in range(256))
_DROPPED = bytes(range(_ACCEPTED, 256))
_SUM = {(s, m): _CHARS[(_CHARS.index(s) + _CHARS.index(m)) % len(_CHARS)] for s in _CHARS for m in _CHARS}
_DJANGO_MASK = csrf._mask_cipher_secret


def random_mask() -> str:
    """``csrf.CSRF_SECRET_LENGTH`` characters drawn uniformly from the allowed ones."""
    mask = b""
    while len(mask) < csrf.CSRF_SECRET_LENGTH:  # one read suffices but for about 1 in 10^6
        mask += secrets.token_bytes(csrf.CSRF_SECRET_LENGTH + 16).translate(_BYTE_TO_CHAR, _DROPPED)
    return mask[: csrf.CSRF_SECRET_LENGTH].decode("ascii")


def mask_cipher_secret(secret: str) -> str:
    """As Django's: the mask followed by the secret with the mask added, character by character."""
    mask = random_mask()
    try:
        return mask + "".join(map(_SUM.__getitem__, zip(secret, mask, strict=False)))
    except KeyError:
        return _DJANGO_MASK(secret)  # not a secret of allowed characters: Django raises its error


def install() -> None:
    """Written against 5.2's _mask_cipher_secret, called by get_token: on another version, compare."""
    csrf._mask_cipher_secret = mask_cipher_secret
