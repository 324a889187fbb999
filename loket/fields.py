"""Model fields for Belgian identifiers: validated by loket.rules, stored compact."""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from . import rules


def _normalised(normaliser, value, empty_values):
    """``value`` in its stored form; an invalid identifier becomes a ValidationError with the
    message of ``loket.rules``, already in the page's language (translated when raised)."""
    if value in empty_values:
        return value
    try:
        return normaliser(value)
    except rules.InvalidIdentifier as exc:
        raise ValidationError(str(exc), code="invalid") from None


class IdentifierFormField(forms.CharField):
    """Form field for an identifier: any usual spelling (``0566.988.259``, ``BE71 0961 ...``) is
    normalised before the length check, so a well-formed number never gets 'too long'."""

    def __init__(self, *, normaliser, **kwargs):
        self.normaliser = normaliser
        super().__init__(**kwargs)

    def to_python(self, value):
        return _normalised(self.normaliser, super().to_python(value), self.empty_values)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # the typed spelling may be longer than the stored number
        return attrs


class _IdentifierField(models.CharField):
    normaliser = staticmethod(lambda value: value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", IdentifierFormField)
        if issubclass(kwargs["form_class"], IdentifierFormField):
            kwargs["normaliser"] = self.normaliser
        return super().formfield(**kwargs)

    def to_python(self, value):
        return _normalised(self.normaliser, super().to_python(value), self.empty_values)


# Normalising validates a checksum (stdnum); a bulk insert of 50,000 payment lines saves the same few
# account numbers over and over, so valid values are remembered (invalid ones raise, uncached).
_CACHE = 16384


class KboField(_IdentifierField):
    normaliser = staticmethod(lru_cache(maxsize=_CACHE)(rules.normalise_kbo))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)


class InszField(_IdentifierField):
    normaliser = staticmethod(lru_cache(maxsize=_CACHE)(rules.normalise_insz))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)


class IbanField(_IdentifierField):
    normaliser = staticmethod(lru_cache(maxsize=_CACHE)(rules.normalise_iban))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 34)
        super().__init__(*args, **kwargs)
