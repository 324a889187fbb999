"""Pure rules of the portal shell: identifiers and calendar quarters.

No ORM, no request: models, forms, views and the other apps call these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.be import iban as stdnum_be_iban
from stdnum.be import ssn as stdnum_insz
from stdnum.be import vat as stdnum_kbo
from stdnum.exceptions import ValidationError as StdnumError


class InvalidIdentifier(ValueError):
    """An identifier (KBO, INSZ, IBAN) that is not well-formed; the message is user-facing, in the
    active language (translated when raised: forms pass it on as it is)."""


def normalise_kbo(value: str) -> str:
    """Return the 10-digit KBO number (``0566988259``) or raise InvalidIdentifier.

    Accepts the usual spellings: ``0566.988.259``, ``BE 0566 988 259``, ``566988259``.
    """
    raw = (value or "").strip()
    if not raw:
        raise InvalidIdentifier(_("Vul een KBO-nummer in."))
    try:
        compact = stdnum_kbo.compact(raw)
    except StdnumError:
        compact = raw
    if not (compact.isascii() and compact.isdigit()) or len(compact) != 10:
        raise InvalidIdentifier(_("Een KBO-nummer heeft 10 cijfers, bijvoorbeeld 0566.988.259."))
    if compact[0] not in "01":
        raise InvalidIdentifier(_("Een KBO-nummer begint met 0 of 1."))
    if 97 - int(compact[:8]) % 97 != int(compact[8:]):
        raise InvalidIdentifier(_("Dit KBO-nummer bestaat niet: het controlegetal klopt niet."))
    return compact


def format_kbo(kbo: str) -> str:
    """``0566988259`` → ``0566.988.259``."""
    return f"{kbo[:4]}.{kbo[4:7]}.{kbo[7:]}" if kbo and len(kbo) == 10 else kbo


INSZ_TEKENS = frozenset("0123456789 .-/")


def normalise_insz(value: str) -> str:
    """Return the 11-digit INSZ (rijksregister- or bisnummer) or raise InvalidIdentifier."""
    if not (value or "").strip():
        raise InvalidIdentifier(_("Vul een INSZ-nummer (rijksregisternummer) in."))
    # ASCII digits and the usual separators only: str.isdigit() also accepts '²' or Arabic-Indic digits.
    if any(ch not in INSZ_TEKENS for ch in value.strip()):
        raise InvalidIdentifier(_("Een INSZ-nummer bevat enkel cijfers, bijvoorbeeld 93.05.18-223.61."))
    raw = "".join(ch for ch in value if ch in "0123456789")
    if len(raw) != 11:
        raise InvalidIdentifier(_("Een INSZ-nummer heeft 11 cijfers, bijvoorbeeld 93.05.18-223.61."))
    try:
        return stdnum_insz.validate(raw)
    except StdnumError:
        raise InvalidIdentifier(_("Dit INSZ-nummer bestaat niet: het controlegetal klopt niet.")) from None


def format_insz(insz: str) -> str:
    """``93051822361`` → ``93.05.18-223.61``."""
    if not insz or len(insz) != 11:
        return insz
    return f"{insz[:2]}.{insz[2:4]}.{insz[4:6]}-{insz[6:9]}.{insz[9:]}"


def normalise_iban(value: str) -> str:
    """Return the compact IBAN (``BE71096123456769``) or raise InvalidIdentifier."""
    raw = (value or "").strip()
    if not raw:
        raise InvalidIdentifier(_("Vul een rekeningnummer (IBAN) in."))
    compact = stdnum_iban.compact(raw)
    if len(compact) < 15 or not compact[:2].isalpha():
        raise InvalidIdentifier(_("Een IBAN begint met de landcode, bijvoorbeeld BE71 0961 2345 6769."))
    try:
        iban = stdnum_iban.validate(compact)
    except StdnumError:
        raise InvalidIdentifier(
            _("Dit rekeningnummer (IBAN) bestaat niet: het controlegetal klopt niet.")
        ) from None
    if iban.startswith("BE") and not stdnum_be_iban.info(iban).get("bic"):
        # Checksums right, but no Belgian bank uses this bank code (or it is reserved, e.g. for
        # circular cheques): a premium paid there would come back.
        raise InvalidIdentifier(
            _(
                "Het controlegetal van dit rekeningnummer klopt, maar de bankcode %(bankcode)s hoort bij "
                "geen Belgische bank. Controleer de cijfers na BE.. (bijvoorbeeld BE71 0961 2345 6769)."
            )
            % {"bankcode": iban[4:7]}
        )
    return iban


def format_iban(iban: str) -> str:
    return stdnum_iban.format(iban) if iban else iban


def mask_iban(iban: str) -> str:
    """Show only the country code and the last four digits: ``BE** **** **** 6769``."""
    if not iban:
        return ""
    masked = iban[:2] + "*" * (len(iban) - 6) + iban[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


@dataclass(frozen=True, order=True)
class Kwartaal:
    """A calendar quarter, e.g. Kwartaal(2026, 4)."""

    jaar: int
    nummer: int

    def __post_init__(self):
        if not 1 <= self.nummer <= 4:
            raise ValueError("A quarter is numbered 1 to 4.")

    @classmethod
    def van(cls, datum: dt.date) -> Kwartaal:
        return cls(datum.year, (datum.month - 1) // 3 + 1)

    @property
    def eerste_dag(self) -> dt.date:
        return dt.date(self.jaar, 3 * (self.nummer - 1) + 1, 1)

    @property
    def laatste_dag(self) -> dt.date:
        return self.volgende().eerste_dag - dt.timedelta(days=1)

    def volgende(self) -> Kwartaal:
        return Kwartaal(self.jaar + 1, 1) if self.nummer == 4 else Kwartaal(self.jaar, self.nummer + 1)

    def vorige(self) -> Kwartaal:
        return Kwartaal(self.jaar - 1, 4) if self.nummer == 1 else Kwartaal(self.jaar, self.nummer - 1)

    def plus(self, aantal: int) -> Kwartaal:
        index = self.jaar * 4 + (self.nummer - 1) + aantal
        return Kwartaal(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return f"{self.jaar}-Q{self.nummer}"


def eerste_dag_kwartaal(datum: dt.date) -> dt.date:
    return Kwartaal.van(datum).eerste_dag


# --- Activation of a registration by a code sent by post ------------------------------------------

# No 0/O, 1/I/L: a code typed from paper is not misread. 31 signs, 10 long: about 49 bits.
ACTIVATIECODE_ALFABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACTIVATIECODE_LENGTE = 10
ACTIVATIECODE_GELDIG = dt.timedelta(days=30)
ACTIVATIECODE_MAX_POGINGEN = 5
ACTIVATIE_MAX_BRIEVEN = 3


class CodeStatus(StrEnum):
    GELDIG = "geldig"
    GEBRUIKT = "gebruikt"
    VERVANGEN = "vervangen"
    GEBLOKKEERD = "geblokkeerd"
    VERLOPEN = "verlopen"


def activatiecode_nodig(*, heeft_actieve_toegang: bool) -> bool:
    """A new Organisatieverantwoordelijke needs the code by post, unless the account already has
    active access to the organisation for the measure (a colleague invited by a verified
    responsible, or a responsible activated before)."""
    return not heeft_actieve_toegang


def normaliseer_activatiecode(invoer: str) -> str:
    """What a person types (``abcde-fghjk``, with spaces) → ``ABCDEFGHJK``; O and I read as 0/1
    are not in the alphabet, so they stay wrong instead of being guessed."""
    return "".join(ch for ch in (invoer or "").upper() if ch not in " -.\t\u00a0")


def is_activatiecode_vorm(code: str) -> bool:
    return len(code) == ACTIVATIECODE_LENGTE and all(ch in ACTIVATIECODE_ALFABET for ch in code)


def formatteer_activatiecode(code: str) -> str:
    """``ABCDEFGHJK`` → ``ABCDE-FGHJK`` (as printed in the letter)."""
    helft = len(code) // 2
    return f"{code[:helft]}-{code[helft:]}"


def activatiecode_status(
    *,
    geldig_tot: dt.datetime,
    pogingen: int,
    nu: dt.datetime,
    gebruikt: bool = False,
    vervangen: bool = False,
    max_pogingen: int = ACTIVATIECODE_MAX_POGINGEN,
) -> CodeStatus:
    """Whether a code can still be entered. Valid up to (not including) ``geldig_tot``; locked
    once ``max_pogingen`` wrong attempts were made. Used or replaced wins over locked, locked over
    expired (the message for a lock says more)."""
    if gebruikt:
        return CodeStatus.GEBRUIKT
    if vervangen:
        return CodeStatus.VERVANGEN
    if pogingen >= max_pogingen:
        return CodeStatus.GEBLOKKEERD
    if nu >= geldig_tot:
        return CodeStatus.VERLOPEN
    return CodeStatus.GELDIG


def nieuwe_activatiebrief_mag(
    status: CodeStatus | None, aantal_brieven: int, max_brieven: int = ACTIVATIE_MAX_BRIEVEN
) -> bool:
    """A new letter only when there is no usable code (none yet, expired or locked), and at most
    ``max_brieven`` letters per registration (then DWSE activates or refuses it)."""
    if aantal_brieven >= max_brieven:
        return False
    return status in (None, CodeStatus.VERLOPEN, CodeStatus.GEBLOKKEERD)


# --- E-mail verification of an account -----------------------------------------------------------

# The link in the verification mail works this long, once, and only for the account it was sent to.
EMAIL_BEVESTIGING_GELDIG = dt.timedelta(days=3)
# Verification mails an account may ask within a day (a resend button is no way to flood a mailbox).
EMAIL_BEVESTIGING_MAX_PER_DAG = 5


class BevestigingProbleem(StrEnum):
    ANDER_ACCOUNT = "ander_account"
    ANDER_ADRES = "ander_adres"
    GEBRUIKT = "gebruikt"
    VERVANGEN = "vervangen"


def emailbevestiging_probleem(
    *, van_gebruiker: bool, adres_ongewijzigd: bool, gebruikt: bool, nieuwste: bool
) -> BevestigingProbleem | None:
    """Why an (authentic, unexpired) verification link does not verify the account that opens it:
    sent to another account, for an address the account no longer has, already used, or replaced
    by a newer link. None: it verifies."""
    if not van_gebruiker:
        return BevestigingProbleem.ANDER_ACCOUNT
    if not adres_ongewijzigd:
        return BevestigingProbleem.ANDER_ADRES
    if gebruikt:
        return BevestigingProbleem.GEBRUIKT
    if not nieuwste:
        return BevestigingProbleem.VERVANGEN
    return None


def nieuwe_emailbevestiging_mag(verstuurd_laatste_dag: int) -> bool:
    return verstuurd_laatste_dag < EMAIL_BEVESTIGING_MAX_PER_DAG


# --- KBO mandates from the federal login ------------------------------------------------------------


@dataclass(frozen=True)
class Mandaat:
    """A person's mandate for an enterprise, as the federal login states it: the KBO number, the
    portal role it gives ('verantwoordelijke' or 'medewerker') and the name the claim gives."""

    kbo: str
    rol: str
    naam: str = ""


def lees_mandaten(waarde, rollen_verantwoordelijke: frozenset[str]) -> dict[str, Mandaat]:
    """The KBO mandate claim → {KBO number: Mandaat}.

    The claim is a list of KBO numbers (any usual spelling; a mandate as medewerker) or of objects
    ``{"kbo": "0566.988.259", "rol": "wettelijk_vertegenwoordiger", "naam": "..."}``
    (``ondernemingsnummer`` is accepted for ``kbo``). A role in ``rollen_verantwoordelijke`` makes
    the person the organisation responsible. Entries without a valid KBO number are left out:
    the provider's data never makes the login fail."""
    if not isinstance(waarde, list):
        return {}
    mandaten: dict[str, Mandaat] = {}
    for item in waarde:
        if isinstance(item, str):
            item = {"kbo": item}
        if not isinstance(item, dict):
            continue
        ruw = item.get("kbo", item.get("ondernemingsnummer"))
        rol = item.get("rol")
        naam = item.get("naam")
        try:
            kbo = normalise_kbo(ruw if isinstance(ruw, str) else "")
        except InvalidIdentifier:
            continue
        verantwoordelijke = isinstance(rol, str) and rol.strip().lower() in rollen_verantwoordelijke
        if kbo in mandaten and mandaten[kbo].rol == "verantwoordelijke":
            continue  # the strongest of two mandates for one enterprise counts
        mandaten[kbo] = Mandaat(
            kbo=kbo,
            rol="verantwoordelijke" if verantwoordelijke else "medewerker",
            naam=naam.strip()[:200] if isinstance(naam, str) else "",
        )
    return mandaten


def parse_id(waarde) -> int | None:
    """A database id from a URL or a form field, written in ASCII digits only; None otherwise.

    ``str.isdigit()`` is no check: it also accepts '²' (on which ``int()`` raises: a server error)
    and Arabic-Indic digits (which ``int()`` quietly reads as another number)."""
    tekst = str(waarde)
    return int(tekst) if tekst.isascii() and tekst.isdigit() else None
