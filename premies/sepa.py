"""The SEPA credit transfer file (pain.001.001.09) of a payout run.

Built with ``sepaxml`` (it writes pain.001.001.09), then validated against the ISO 20022 schema
committed beside this module (``schemas/pain.001.001.09.xsd``, the copy ``sepaxml`` ships) before
it is stored: a file the bank would refuse never leaves the building. Validation uses lxml
(libxml2) rather than sepaxml's own pure-Python xmlschema check: a run of 50,000 dossiers has
thousands of transfers, and libxml2 validates them in a fraction of the time.

One transfer per paid organisation and account (the scholengroep's for a school), with the
dossier references and quarters summarised in the 140-character remittance text. An account whose
lines add up to a negative amount (corrections that reclaim) gets no transfer: it is listed on the
run as a reclaim for staff to follow up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Sum

from loket.models import Organisatie

from .models import Betaallijn, Uitbetalingsrun
from .rules import afgerond

SCHEMA = "pain.001.001.09"
XSD = Path(__file__).resolve().parent / "schemas" / f"{SCHEMA}.xsd"
MAX_OMSCHRIJVING = 140


class OngeldigSepaBestand(ValueError):
    """The generated file does not validate against the pain.001.001.09 schema."""


@dataclass(frozen=True)
class Overschrijving:
    organisatie_id: int
    naam: str
    iban: str
    bedrag: Decimal
    omschrijving: str
    referentie: str  # end-to-end id, at most 35 characters


def omschrijving(run_id: int, kwartalen: list[str], dossiers: list[str]) -> str:
    """'IMW run 12 2026-Q1: IMW-2026-000001, IMW-2026-000002 en 3 andere', at most 140 characters."""
    kop = f"IMW run {run_id} {', '.join(kwartalen)}: "
    if len(kop) > MAX_OMSCHRIJVING // 2:
        kop = f"IMW run {run_id} {kwartalen[0]}-{kwartalen[-1]}: "
    tekst = kop
    for i, ref in enumerate(dossiers):
        rest = len(dossiers) - i - 1
        staart = f" en {rest} andere" if rest else ""
        kandidaat = tekst + (", " if i else "") + ref
        if len(kandidaat + staart) > MAX_OMSCHRIJVING:
            return (tekst + f" en {len(dossiers) - i} andere")[:MAX_OMSCHRIJVING]
        tekst = kandidaat
    return tekst[:MAX_OMSCHRIJVING]


def overschrijvingen(run: Uitbetalingsrun) -> tuple[list[Overschrijving], list[dict]]:
    """(transfers to make, reclaims): the run's lines summed per organisation and account in SQL."""
    totalen = (
        Betaallijn.objects.filter(run=run)
        .values("organisatie_id", "iban")
        .annotate(totaal=Sum("uitbetaald"))
        .order_by("organisatie_id", "iban")
    )
    inhoud: dict[tuple[int, str], tuple[set, set]] = {}
    for org, iban, ref, jaar, kwartaal in (
        Betaallijn.objects.filter(run=run)
        .values_list("organisatie_id", "iban", "dossier__referentie", "jaar", "kwartaal")
        .distinct()
    ):
        dossiers, kwartalen = inhoud.setdefault((org, iban), (set(), set()))
        dossiers.add(ref)
        kwartalen.add(f"{jaar}-Q{kwartaal}")
    namen = dict(
        Organisatie.objects.filter(pk__in={t["organisatie_id"] for t in totalen}).values_list("pk", "naam")
    )
    transfers, terugvorderingen = [], []
    for t in totalen:
        org, iban, totaal = t["organisatie_id"], t["iban"], t["totaal"]
        if totaal < 0:
            terugvorderingen.append(
                {
                    "organisatie_id": org,
                    "organisatie": namen.get(org, ""),
                    "iban": iban,
                    "bedrag": str(afgerond(-totaal)),  # SQLite sums decimals without their scale
                }
            )
            continue
        if totaal == 0:
            continue
        dossiers, kwartalen = inhoud[(org, iban)]
        transfers.append(
            Overschrijving(
                organisatie_id=org,
                naam=namen.get(org, ""),
                iban=iban,
                bedrag=totaal,
                omschrijving=omschrijving(run.pk, sorted(kwartalen), sorted(dossiers)),
                referentie=f"IMW-R{run.pk}-O{org}"[:35],
            )
        )
    return transfers, terugvorderingen


@cache
def _schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD)))


def valideer(xml: bytes) -> None:
    """Raise ``OngeldigSepaBestand`` with the first errors when ``xml`` does not follow the XSD."""
    from lxml import etree

    schema = _schema()
    if not schema.validate(etree.fromstring(xml)):
        raise OngeldigSepaBestand(
            "; ".join(f"regel {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        )


def maak_bestand(run: Uitbetalingsrun, transfers: list[Overschrijving], uitvoering: dt.date) -> bytes:
    """The validated pain.001.001.09 file with one credit transfer per organisation and account."""
    from sepaxml import SepaTransfer

    sepa = SepaTransfer(
        {
            "name": settings.DWSE_SEPA_NAAM,
            "IBAN": settings.DWSE_SEPA_IBAN,
            "BIC": settings.DWSE_SEPA_BIC,
            "batch": True,
            "currency": "EUR",
        },
        schema=SCHEMA,
        clean=True,
    )
    for t in transfers:
        sepa.add_payment(
            {
                "name": t.naam or "Werkgever",
                "IBAN": t.iban,
                "amount": int((t.bedrag * 100).to_integral_value()),
                "execution_date": uitvoering,
                "description": t.omschrijving,
                "endtoend_id": t.referentie,
            }
        )
    xml = sepa.export(validate=False)
    valideer(xml)
    return xml
