"""Model fields for Belgian identifiers: validated by loket.rules, stored compact."""

from django.core.exceptions import ValidationError
from django.db import models

from . import rules


class _IdentifierField(models.CharField):
    normaliser = staticmethod(lambda value: value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return self.normaliser(value)
        except rules.InvalidIdentifier as exc:
            raise ValidationError(str(exc), code="invalid") from None


class KboField(_IdentifierField):
    normaliser = staticmethod(rules.normalise_kbo)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)


class InszField(_IdentifierField):
    normaliser = staticmethod(rules.normalise_insz)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)


class IbanField(_IdentifierField):
    normaliser = staticmethod(rules.normalise_iban)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 34)
        super().__init__(*args, **kwargs)
