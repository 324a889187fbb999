"""The payment statement of a released payout run, per organisation: one PDF listing per dossier
the quarters, premiums and corrections paid and to which account, stored once and shown under
the Documenten tab of every dossier in it, and one mail to the organisation.

Safe to run twice (a retried task, two workers): the organisation's row is locked while the
statement is looked up and stored, and the mail has a fixed outbox key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from loket.mail import verstuur_bericht
from loket.models import Organisatie
from loket.rules import Kwartaal, mask_iban

from .models import Betaallijn, RunStatus, Uitbetalingsrun


@dataclass
class DossierBetaling:
    dossier: object
    lijnen: list[Betaallijn]
    url: str = ""  # the employer's dossier page, for the mail

    @property
    def totaal(self) -> Decimal:
        return sum((lijn.uitbetaald for lijn in self.lijnen), Decimal("0"))


def bestandsnaam(run: Uitbetalingsrun, organisatie: Organisatie) -> str:
    return f"betalingsoverzicht-{run.betaaldatum:%Y-%m-%d}-{run.pk}-{organisatie.kbo_nummer}.pdf"


def mail_sleutel(run: Uitbetalingsrun, organisatie: Organisatie) -> str:
    return f"betalingsoverzicht-{run.pk}-{organisatie.pk}"


def mail_sleutel_sql(run_id: str = "run_id", organisatie_id: str = "organisatie_id"):
    """``mail_sleutel`` as an expression over two columns, for a query that looks for the mail."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(
        Value("betalingsoverzicht-"),
        Cast(run_id, output_field=CharField()),
        Value("-"),
        Cast(organisatie_id, output_field=CharField()),
        output_field=CharField(),
    )


def inhoud(run: Uitbetalingsrun, organisatie: Organisatie) -> dict:
    """What the statement and the mail say: the dossiers with their lines, the total per account
    (masked) and the grand total."""
    lijnen = (
        Betaallijn.objects.filter(run=run, organisatie=organisatie)
        .select_related("dossier")
        .order_by("dossier__referentie", "dossier_id", "jaar", "kwartaal", "premie_soort", "volgnummer")
    )
    per_dossier: dict[int, DossierBetaling] = {}
    per_rekening: dict[str, Decimal] = defaultdict(Decimal)
    for lijn in lijnen:
        lijn.kwartaal_weergave = str(Kwartaal(lijn.jaar, lijn.kwartaal))
        per_dossier.setdefault(lijn.dossier_id, DossierBetaling(lijn.dossier, [])).lijnen.append(lijn)
        per_rekening[lijn.iban] += lijn.uitbetaald
    dossiers = list(per_dossier.values())
    return {
        "run": run,
        "organisatie": organisatie,
        "dossiers": dossiers,
        "rekeningen": [(mask_iban(iban), bedrag) for iban, bedrag in per_rekening.items()],
        "totaal": sum((d.totaal for d in dossiers), Decimal("0")),
    }


def render_betalingsoverzicht(context: dict, *, aan: str | None = None) -> bytes:
    """The statement PDF, in the language of the account with address ``aan`` (see render_pdf)."""
    from loket.pdf import render_pdf

    return render_pdf("premies/pdf/betalingsoverzicht.html", context, aan=aan)


def maak_betalingsoverzicht(run: Uitbetalingsrun, organisatie: Organisatie) -> bool:
    """Store the organisation's statement of ``run`` on each of its dossiers in it and mail it;
    False when there was nothing (more) to do."""
    from aanvragen.beslissingen import dossier_url
    from aanvragen.models import Document, DocumentSoort

    naam = bestandsnaam(run, organisatie)
    with transaction.atomic():
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        context = inhoud(run, organisatie)
        if not context["dossiers"]:
            return False
        aan = organisatie.email or next(
            (b.dossier.contact_email for b in context["dossiers"] if b.dossier.contact_email), ""
        )
        # By the run's dossiers, not by ``organisatie``: a school's dossier belongs to the school
        # while its statement goes to the scholengroep that is paid.
        bestaand = Document.objects.filter(
            soort=DocumentSoort.BETALINGSOVERZICHT,
            naam=naam,
            dossier__in=[betaling.dossier for betaling in context["dossiers"]],
        ).first()
        if bestaand is not None:
            with bestaand.bestand.open("rb") as fh:
                pdf = fh.read()
        else:
            pdf = render_betalingsoverzicht(context, aan=aan)
            eerste = None
            for betaling in context["dossiers"]:
                document = Document(
                    dossier=betaling.dossier,
                    soort=DocumentSoort.BETALINGSOVERZICHT,
                    naam=naam,
                    mimetype="application/pdf",
                    grootte=len(pdf),
                )
                if eerste is None:
                    # The file is stored once; every dossier's document points at it.
                    document.bestand.save(naam, ContentFile(pdf), save=True)
                    eerste = document
                else:
                    document.bestand = eerste.bestand.name
                    document.save()
        for betaling in context["dossiers"]:
            betaling.url = dossier_url(betaling.dossier)
        _bericht, nieuw = verstuur_bericht(
            sleutel=mail_sleutel(run, organisatie),
            aan=aan,
            template="premies/mail/betalingsoverzicht",
            context=context,
            organisatie=organisatie,
            onderwerp_object=run,
            bijlagen=[(naam, pdf, "application/pdf")],
        )
    return bestaand is None or nieuw


def maak_betalingsoverzichten(run_id: int) -> int:
    """Every organisation's statement of a released run; the number newly made or mailed."""
    run = Uitbetalingsrun.objects.filter(pk=run_id, status=RunStatus.VERZONDEN).first()
    if run is None:
        return 0
    organisaties = Organisatie.objects.filter(betaallijnen__run=run).distinct().order_by("pk")
    return sum(maak_betalingsoverzicht(run, organisatie) for organisatie in organisaties)
