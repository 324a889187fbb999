"""Forms of the employer portal. Every error is a Dutch message at its field; a bound form
re-renders everything the user typed."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules
from .bronnen import BronNietBeschikbaar, get_bron
from .models import OrganisatieSoort, Toegang, Uitnodiging
from .toegangsbeheer import Onderneming

User = get_user_model()

# Other governments are not eligible for IMW (domain: public sector only schools and local governments).
NIET_IN_AANMERKING = {OrganisatieSoort.ANDERE_OVERHEID}


def _nl_wachtwoordfout(error: ValidationError) -> ValidationError:
    """Django's Dutch catalogue lacks the (5.x) 'too short' message: give it in Dutch here."""
    if error.code == "password_too_short":
        return ValidationError(
            _("Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten."),
            code=error.code,
            params=error.params,
        )
    return error


class AccountForm(UserCreationForm):
    """A portal account (there is no federal login in this portal)."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hierop ontvangt u uitnodigingen en berichten over uw aanvragen."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def validate_password_for_user(self, user, password_field_name="password2"):  # nosec B107: a field name
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error(password_field_name, [_nl_wachtwoordfout(e) for e in error.error_list])

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Er bestaat al een account met dit e-mailadres. Meld u aan met dat account."),
                code="unique",
            )
        return email


def _onderneming(raw: str) -> Onderneming:
    """Normalise a KBO number and look it up in the KBO source; ValidationError in Dutch."""
    try:
        kbo = rules.normalise_kbo(raw)
    except rules.InvalidIdentifier as exc:
        raise forms.ValidationError(str(exc), code="invalid") from None
    try:
        gevonden = get_bron("kbo").onderneming(kbo)
    except BronNietBeschikbaar:
        raise forms.ValidationError(
            _(
                "De Kruispuntbank van Ondernemingen is nu niet bereikbaar. "
                "Probeer het over enkele minuten opnieuw."
            ),
            code="bron",
        ) from None
    if gevonden is None:
        raise forms.ValidationError(
            _(
                "Het KBO-nummer %(kbo)s is niet gekend in de Kruispuntbank van Ondernemingen. "
                "Controleer het nummer."
            ),
            code="onbekend",
            params={"kbo": rules.format_kbo(kbo)},
        )
    if not gevonden.actief:
        raise forms.ValidationError(
            _(
                "De onderneming met KBO-nummer %(kbo)s is niet actief in de Kruispuntbank van "
                "Ondernemingen. Alleen een actieve onderneming kan zich registreren."
            ),
            code="inactief",
            params={"kbo": rules.format_kbo(kbo)},
        )
    return Onderneming(
        kbo_nummer=gevonden.kbo_nummer,
        naam=gevonden.naam,
        straat=gevonden.straat,
        postcode=gevonden.postcode,
        gemeente=gevonden.gemeente,
    )


class RegistratieForm(forms.Form):
    """Registration as DWSE Organisatieverantwoordelijke for IMW."""

    kbo_nummer = forms.CharField(
        label=_("KBO-nummer (ondernemingsnummer)"),
        max_length=20,
        error_messages={"required": _("Vul een KBO-nummer in.")},
        help_text=_(
            "Bijvoorbeeld 0566.988.259. Bent u zelfstandige, vul dan het ondernemingsnummer van uw "
            "eigen onderneming in."
        ),
    )
    soort = forms.ChoiceField(label=_("Soort organisatie"), choices=OrganisatieSoort.choices)
    scholengroep_kbo = forms.CharField(
        label=_("KBO-nummer van de scholengroep"),
        max_length=20,
        required=False,
        help_text=_(
            "Alleen voor een school die tot een scholengroep behoort: de premies gaan naar de "
            "rekening van de scholengroep."
        ),
    )

    def clean_kbo_nummer(self):
        self.onderneming = _onderneming(self.cleaned_data["kbo_nummer"])
        return self.onderneming.kbo_nummer

    def clean_scholengroep_kbo(self):
        raw = self.cleaned_data["scholengroep_kbo"].strip()
        self.scholengroep = _onderneming(raw) if raw else None
        return self.scholengroep.kbo_nummer if self.scholengroep else ""

    def clean_soort(self):
        soort = self.cleaned_data["soort"]
        if soort in NIET_IN_AANMERKING:
            raise forms.ValidationError(
                _(
                    "Andere overheden komen niet in aanmerking voor individueel maatwerk; van de "
                    "openbare sector alleen scholen en lokale besturen."
                ),
                code="niet_in_aanmerking",
            )
        return soort

    def clean(self):
        cleaned = super().clean()
        groep = cleaned.get("scholengroep_kbo")
        if groep and cleaned.get("soort") and cleaned["soort"] != OrganisatieSoort.SCHOOL:
            self.add_error(
                "scholengroep_kbo", _("Vul een scholengroep alleen in als de organisatie een school is.")
            )
        elif groep and groep == cleaned.get("kbo_nummer"):
            self.add_error(
                "scholengroep_kbo",
                _("De scholengroep heeft een eigen KBO-nummer, verschillend van dat van de school."),
            )
        return cleaned


class ActivatieForm(forms.Form):
    """The activation code from the letter sent to the registered seat."""

    code = forms.CharField(
        label=_("Activatiecode"),
        max_length=30,
        error_messages={"required": _("Vul de activatiecode uit de brief in.")},
        help_text=_("10 tekens, zoals in de brief: bijvoorbeeld ABCDE-23456. Hoofd- of kleine letters mag."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class UitnodigingForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van uw collega"),
        help_text=_("Uw collega krijgt een e-mail met een link die 14 dagen geldig is."),
    )

    def __init__(self, *args, organisatie, maatregel, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie = organisatie
        self.maatregel = maatregel

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if (
            Toegang.objects.actief()
            .filter(organisatie=self.organisatie, maatregel=self.maatregel, gebruiker__email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError(
                _("Wie dit e-mailadres gebruikt, heeft al toegang tot deze organisatie."),
                code="heeft_toegang",
            )
        if Uitnodiging.objects.filter(
            organisatie=self.organisatie,
            maatregel=self.maatregel,
            email__iexact=email,
            aanvaard_op__isnull=True,
            ingetrokken_op__isnull=True,
            geldig_tot__gt=timezone.now(),
        ).exists():
            raise forms.ValidationError(
                _(
                    "Er is al een openstaande uitnodiging voor dit e-mailadres. Trek ze in als u een "
                    "nieuwe wilt sturen."
                ),
                code="openstaand",
            )
        return email


class MandaatForm(forms.Form):
    kbo_nummer = forms.CharField(
        label=_("KBO-nummer van het sociaal secretariaat"),
        max_length=20,
        help_text=_(
            "Het sociaal secretariaat kan dan via de API aanvragen indienen en dossiers opvolgen "
            "voor individueel maatwerk in naam van uw organisatie. U kunt dit altijd intrekken."
        ),
    )

    def clean_kbo_nummer(self):
        self.onderneming = _onderneming(self.cleaned_data["kbo_nummer"])
        return self.onderneming.kbo_nummer


class CsvImportForm(forms.Form):
    """Staff upload of a registry CSV (admin)."""

    bestand = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Eerste regel: de veldnamen. Gescheiden door ; of ,. Datums als 2026-01-31 of 31/01/2026; "
            "bedragen met , of . als decimaalteken."
        ),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (maximaal %(mb)s MB)."),
                params={"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            )
        return bestand


class Datumveld(forms.DateField):
    """A date a person types: only between 2000 and 2099. A year like 9999 is a typo, and dates
    computed from it (an end date five years later) would not exist."""

    EERSTE = dt.date(2000, 1, 1)
    LAATSTE = dt.date(2099, 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.EERSTE <= value <= self.LAATSTE:
            raise forms.ValidationError(
                _("Geef een datum tussen %(van)s en %(tot)s.")
                % {"van": self.EERSTE.strftime("%d/%m/%Y"), "tot": self.LAATSTE.strftime("%d/%m/%Y")},
                code="buiten_bereik",
            )
