"""The appeal form: a motivation (required) and optional evidence, checked by content as the
application's uploads (``uploads.controleer``: PDF, JPEG or PNG, the same size limit)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import uploads

MAX_BIJLAGEN = 5


class MeerdereBestandenInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MeerdereBestandenVeld(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MeerdereBestandenInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        bestanden = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MeerdereBestandenVeld, self).clean(b, initial) for b in bestanden]


class BeroepForm(forms.Form):
    motivering = forms.CharField(
        label=_("Waarom bent u het niet eens met de beslissing?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": _("Schrijf waarom u het niet eens bent met de beslissing.")},
    )
    bijlagen = MeerdereBestandenVeld(
        label=_("Bijlagen (niet verplicht)"),
        required=False,
        help_text=_("PDF, JPEG of PNG, elk hoogstens %(mb)s MB, hoogstens %(aantal)s bestanden.")
        % {"mb": uploads.max_megabytes(), "aantal": MAX_BIJLAGEN},
    )

    def clean_motivering(self):
        waarde = (self.cleaned_data.get("motivering") or "").strip()
        if not waarde:
            raise ValidationError(_("Schrijf waarom u het niet eens bent met de beslissing."))
        return waarde

    def clean_bijlagen(self):
        bestanden = self.cleaned_data.get("bijlagen") or []
        if len(bestanden) > MAX_BIJLAGEN:
            raise ValidationError(_("Voeg hoogstens %(aantal)s bestanden toe.") % {"aantal": MAX_BIJLAGEN})
        fouten = []
        for bestand in bestanden:
            try:
                uploads.controleer(bestand)
            except ValidationError as exc:
                fouten.append(f"{bestand.name}: {' '.join(exc.messages)}")
        if fouten:
            raise ValidationError(fouten)
        return bestanden
