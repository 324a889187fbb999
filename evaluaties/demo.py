"""The evaluation part of the demo world (picked up by ``manage.py demo_data``).

The demo's dossier(s) 'in_evaluatie' get a real evaluation request: filed on the day the dossier
went into evaluation, with a filled-in motivatieverslag (and an ondersteuningsplan for loonpremie
+ begeleidingspremie), admissible, forwarded to VDAB, continued payment as the rules say. The
running 5-year dossiers that may be evaluated today show the 'Evalueren' button. Idempotent: a
dossier that already has a request is left alone.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from aanvragen import uploads
from aanvragen.models import DocumentSoort, Dossier, Status

from . import motivatieverslag, rules, services
from .models import Evaluatie, EvaluatieStatus

MOTIVATIE = {
    "functie": "Orderpicker in het distributiecentrum: verzamelen en inpakken van bestellingen.",
    "evolutie": "Sinds de vorige beslissing is het werktempo gedaald door een toegenomen vermoeidheid; "
    "de werknemer heeft meer begeleiding nodig bij wisselende taken.",
    "gevraagde_aanpassing": "Een hoger percentage loonpremie, omdat het rendementsverlies groter werd.",
    "maatregelen": "Vaste werkplek, aangepast uurrooster, dagelijkse opvolging door de collega-coach.",
    "ingevuld_door": "Sofie Maes, HR-verantwoordelijke",
}


def _ingevuld_verslag(dossier) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(motivatieverslag.genereer(dossier))))
    waarden = {"activiteit": MOTIVATIE["functie"], **MOTIVATIE}
    for pagina in writer.pages:
        writer.update_page_form_field_values(pagina, waarden, auto_regenerate=False)
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def _maak_verzoek(dossier: Dossier) -> Evaluatie:
    overgang = dossier.overgangen.filter(naar=Status.IN_EVALUATIE).order_by("-op").first()
    ingediend_op = overgang.op if overgang else timezone.now()
    ingediend = timezone.localdate(ingediend_op)
    inhoud = _ingevuld_verslag(dossier)
    verslag = uploads.bewaar_inhoud(
        dossier, DocumentSoort.MOTIVATIEVERSLAG, "motivatieverslag.pdf", inhoud, "application/pdf"
    )
    plan = None
    if rules.ondersteuningsplan_nodig(dossier.premie_keuze):
        from loket.pdf import render_pdf

        plan = uploads.bewaar_inhoud(
            dossier,
            DocumentSoort.ONDERSTEUNINGSPLAN,
            "ondersteuningsplan.pdf",
            render_pdf("evaluaties/pdf/demo_ondersteuningsplan.html", {"dossier": dossier}),
            "application/pdf",
        )
    tijdig = rules.doorbetaling(ingediend, dossier.einddatum)
    evaluatie = Evaluatie.objects.create(
        dossier=dossier,
        status=EvaluatieStatus.BIJ_VDAB,
        hoogte=True,
        laatste_stap="overzicht",
        motivatie={
            **{k: v for k, v in MOTIVATIE.items()},
            "referentie": dossier.referentie,
            "werkgever": dossier.organisatie.naam,
            "werknemer": dossier.werknemer_naam,
        },
        motivatieverslag=verslag,
        ondersteuningsplan=plan,
        ingediend_op=ingediend_op,
        ingediend_door=dossier.ingediend_door,
        ontvankelijkheid_uiterlijk=rules.ontvankelijkheid_uiterlijk(ingediend),
        beslissing_uiterlijk=rules.beslissing_uiterlijk(ingediend),
        ontvankelijk=True,
        ontvankelijkheid_getoetst_op=ingediend_op + dt.timedelta(minutes=5),
        ontvankelijkheid_gemeld_op=ingediend_op + dt.timedelta(minutes=6),
        tijdig=tijdig,
        doorgestuurd_op=ingediend_op + dt.timedelta(days=2),
    )
    evaluatie.ontvangstbewijs = services.maak_ontvangstbewijs(evaluatie, dossier)
    evaluatie.save(update_fields=["ontvangstbewijs"])
    Dossier.objects.filter(pk=dossier.pk).update(
        doorbetaling=tijdig, lopende_termijn=evaluatie.beslissing_uiterlijk
    )
    return evaluatie


@transaction.atomic
def bouw_demo(vandaag: dt.date) -> dict[str, int]:
    from loket.demo import ORGANISATIES

    demo = Dossier.objects.filter(organisatie__kbo_nummer__in=[o.kbo for o in ORGANISATIES]).select_related(
        "organisatie", "ingediend_door"
    )
    nieuw = 0
    for dossier in demo.filter(status=Status.IN_EVALUATIE).exclude(evaluaties__isnull=False):
        _maak_verzoek(dossier)
        nieuw += 1
    met_knop = sum(1 for d in demo.filter(status=Status.LOPEND) if services.mogelijke_soorten(d, vandaag))
    return {
        "evaluaties": Evaluatie.objects.filter(dossier__in=demo).count(),
        "dossiers met de knop 'Evalueren'": met_knop,
    }
