"""The motivatieverslag: a fillable PDF the portal generates (one for employers, one for the
self-employed), prefilled with the dossier's reference, employer and employee. The user fills it
in a PDF reader and uploads it; ``lees`` checks it by content and reads the fields back.

Refused, each with a Dutch message: larger than the upload limit, not a PDF, unreadable,
encrypted, with script actions (/JS, /JavaScript, /AA, an /OpenAction running JavaScript), without
form fields (printed and scanned, or flattened), of another dossier or draft (reference field,
``kenmerk``), or with a required field left empty.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanvragen.uploads import max_megabytes


@dataclass(frozen=True)
class Veld:
    naam: str
    label: str
    verplicht: bool = True
    meerdere_regels: bool = True
    vooraf_ingevuld: bool = False


VOORAF = [
    Veld(
        "referentie", gettext_lazy("Referentie van het dossier"), meerdere_regels=False, vooraf_ingevuld=True
    ),
    Veld("werkgever", gettext_lazy("Werkgever"), meerdere_regels=False, vooraf_ingevuld=True),
    Veld("werknemer", gettext_lazy("Werknemer"), meerdere_regels=False, vooraf_ingevuld=True),
]

VELDEN_WERKGEVER = [
    *VOORAF,
    Veld("functie", gettext_lazy("Functie en taken van de werknemer")),
    Veld("evolutie", gettext_lazy("Hoe evolueerde de ondersteuningsnood sinds de vorige beslissing?")),
    Veld("gevraagde_aanpassing", gettext_lazy("Welke aanpassing vraagt u (hoogte, duurtijd) en waarom?")),
    Veld("maatregelen", gettext_lazy("Welke werkondersteunende maatregelen neemt u nu?"), verplicht=False),
    Veld("ingevuld_door", gettext_lazy("Ingevuld door (naam en functie)"), meerdere_regels=False),
]

VELDEN_ZELFSTANDIGE = [
    Veld(
        "referentie", gettext_lazy("Referentie van het dossier"), meerdere_regels=False, vooraf_ingevuld=True
    ),
    Veld("werknemer", gettext_lazy("Zelfstandige"), meerdere_regels=False, vooraf_ingevuld=True),
    Veld("activiteit", gettext_lazy("Uw zelfstandige activiteit")),
    Veld("evolutie", gettext_lazy("Hoe evolueerde uw ondersteuningsnood sinds de vorige beslissing?")),
    Veld("gevraagde_aanpassing", gettext_lazy("Welke aanpassing vraagt u (hoogte, duurtijd) en waarom?")),
    Veld("ingevuld_door", gettext_lazy("Ingevuld door (naam)"), meerdere_regels=False),
]


def velden(zelfstandige: bool) -> list[Veld]:
    return VELDEN_ZELFSTANDIGE if zelfstandige else VELDEN_WERKGEVER


def _is_zelfstandige(dossier) -> bool:
    return dossier.aanvrager_soort == "zelfstandige"


def kenmerk(dossier) -> str:
    """What the report's reference field holds, and ``lees`` expects back: the dossier's
    reference; for a draft (the evaluation of a VOP premium is a new application, without a
    reference until it is submitted) the draft's own key, so that a report of another draft is
    refused as one of another dossier is. Never empty, and the same in every language."""
    if dossier.referentie:
        return dossier.referentie
    if dossier.pk is None:
        raise ValueError("a motivatieverslag belongs to a saved dossier or draft")
    return f"IMW-CONCEPT-{dossier.pk:06d}"


def genereer(dossier) -> bytes:
    """The fillable PDF for this dossier, prefilled (WeasyPrint's PDF form fields)."""
    from loket.pdf import render_pdf

    zelfstandige = _is_zelfstandige(dossier)
    waarden = {
        "referentie": kenmerk(dossier),
        "werkgever": dossier.organisatie.naam,
        "werknemer": dossier.werknemer_naam,
    }
    return render_pdf(
        "evaluaties/pdf/motivatieverslag.html",
        {
            "dossier": dossier,
            "zelfstandige": zelfstandige,
            "velden": [(veld, waarden.get(veld.naam, "")) for veld in velden(zelfstandige)],
        },
        pdf_forms=True,
    )


# --- Reading an upload back --------------------------------------------------------------------

MAX_OBJECTEN = 50_000
SCRIPT_SLEUTELS = frozenset({"/JS", "/JavaScript", "/AA"})


def onleesbaar_melding() -> str:
    return _("Dit PDF-bestand kan niet gelezen worden. Sla het opnieuw op en probeer nog eens.")


def scripts_melding() -> str:
    return _(
        "Dit PDF-bestand bevat scripts of automatische acties. Die laten we om veiligheidsredenen niet toe."
    )


def _fout(melding: str, code: str) -> ValidationError:
    return ValidationError(melding, code=code)


def heeft_scripts(reader) -> bool:
    """Does the PDF carry script actions anywhere a reader looks (catalog, names, pages, fields,
    annotations)? Walks every object reachable from the trailer, compressed ones included."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    gezien: set[tuple[int, int]] = set()
    te_doen = [reader.trailer]
    bezocht = 0
    while te_doen:
        obj = te_doen.pop()
        if isinstance(obj, IndirectObject):
            sleutel = (obj.idnum, obj.generation)
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            obj = obj.get_object()
        bezocht += 1
        if bezocht > MAX_OBJECTEN:
            return True  # an absurd structure: refuse rather than walk forever
        if isinstance(obj, DictionaryObject):
            sleutels = set(obj.keys())
            if sleutels & SCRIPT_SLEUTELS:
                return True
            if obj.get("/S") == NameObject("/JavaScript"):
                return True
            for sleutel, waarde in obj.items():
                if sleutel == "/Parent":
                    continue  # walked from the top already
                te_doen.append(waarde)
        elif isinstance(obj, ArrayObject):
            te_doen.extend(obj)
    return False


def _open(inhoud: bytes):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(inhoud), strict=False)
        versleuteld = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _fout(
            onleesbaar_melding(),
            "onleesbaar",
        ) from exc
    if versleuteld:
        raise _fout(
            _(
                "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. "
                "Laad een onbeveiligde versie op."
            ),
            "versleuteld",
        )
    return reader


def controleer_pdf(bestand) -> tuple[bytes, object]:
    """Size, type and safety by content; returns the bytes and a pypdf reader."""
    if bestand.size > settings.UPLOAD_MAX_BYTES:
        raise _fout(_("Dit bestand is groter dan %(mb)s MB.") % {"mb": max_megabytes()}, "te_groot")
    bestand.seek(0)
    inhoud = bestand.read()
    bestand.seek(0)
    soort = filetype.guess(inhoud[:8192])
    if soort is None or soort.mime != "application/pdf":
        raise _fout(
            _(
                "Het motivatieverslag moet een PDF-bestand zijn: het ingevulde formulier dat u hier "
                "downloadde."
            ),
            "type",
        )
    reader = _open(inhoud)
    try:
        scripts = heeft_scripts(reader)
    except Exception as exc:  # a broken object somewhere: we cannot say it is safe
        raise _fout(
            onleesbaar_melding(),
            "onleesbaar",
        ) from exc
    if scripts:
        raise _fout(
            scripts_melding(),
            "scripts",
        )
    return inhoud, reader


def lees(bestand, *, referentie: str, zelfstandige: bool) -> dict[str, str]:
    """Check the uploaded motivatieverslag and return its fields ({name: text}).

    ``referentie``: the ``kenmerk`` of the dossier or draft it is uploaded to. Raises
    ValidationError with a Dutch message (see the module docstring)."""
    _inhoud, reader = controleer_pdf(bestand)
    try:
        tekstvelden = reader.get_form_text_fields() or {}
    except Exception:  # noqa: BLE001 - a malformed form is a form we cannot read
        tekstvelden = {}
    if "referentie" not in tekstvelden:
        raise _fout(
            _(
                "In dit PDF-bestand vinden we de invulvelden van het motivatieverslag niet (meer). Werd het "
                "afgedrukt en ingescand, of 'afgevlakt' opgeslagen? Download het motivatieverslag opnieuw, "
                "vul het in met een PDF-lezer (bijvoorbeeld Adobe Acrobat Reader) en bewaar het gewoon."
            ),
            "geen_velden",
        )
    waarden = {veld.naam: str(tekstvelden.get(veld.naam) or "").strip() for veld in velden(zelfstandige)}
    # An empty expected reference matches nothing: "" against "" let any draft's report pass.
    if not referentie or waarden["referentie"] != referentie:
        raise _fout(
            _(
                "Dit motivatieverslag hoort bij een ander dossier (%(ander)s), niet bij %(ref)s. "
                "Download het motivatieverslag bij dit dossier en vul het in."
            )
            % {"ander": waarden["referentie"] or "?", "ref": referentie},
            "ander_dossier",
        )
    # The prefilled fields are the portal's (the reference is checked above), the others the user's.
    leeg = [
        str(veld.label)
        for veld in velden(zelfstandige)
        if veld.verplicht and not veld.vooraf_ingevuld and not waarden[veld.naam]
    ]
    if leeg:
        raise _fout(
            _("Vul in het motivatieverslag ook deze vragen in: %(velden)s.") % {"velden": "; ".join(leeg)},
            "leeg_veld",
        )
    return waarden


def controleer_bijlage(bestand) -> str:
    """Another attachment (the ondersteuningsplan): PDF, JPEG or PNG by content; a PDF must be
    readable, not encrypted and without scripts. Returns the detected type."""
    from aanvragen import uploads

    mimetype = uploads.controleer(bestand)
    if mimetype == "application/pdf":
        bestand.seek(0)
        reader = _open(bestand.read())
        bestand.seek(0)
        if heeft_scripts(reader):
            raise _fout(
                scripts_melding(),
                "scripts",
            )
    return mimetype


def weergave(waarden: dict, zelfstandige: bool) -> list[tuple[str, str]]:
    """(label, text) of every field, for the summary and the receipt."""
    return [(str(veld.label), waarden.get(veld.naam, "")) for veld in velden(zelfstandige)]
