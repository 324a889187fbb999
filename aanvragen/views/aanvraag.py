"""The application form: start a draft, fill it in step by step, check the summary, submit.

Every view acts for ``request.organisatie`` only: a draft of another organisation is a 404.
A submitted dossier can no longer be edited: its step URLs lead to the dossier page.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from loket.access import imw_toegang_vereist
from loket.downloads import bestand_response

from .. import rules, services, uploads
from ..adressen import dossier_pad
from ..forms import STAP_FORMULIEREN
from ..models import DocumentSoort, Dossier, Status

STAP_TITELS = {
    "contact": gettext_lazy("Contactgegevens"),
    "werknemer": gettext_lazy("Werknemer"),
    "vestiging": gettext_lazy("Vestiging"),
    "premie": gettext_lazy("Premie"),
    "onderwijs": gettext_lazy("Onderwijs"),
    "begeleiding": gettext_lazy("Begeleiding"),
    "ondersteuning": gettext_lazy("Ondersteuningspremie"),
    "bedrijfsactiviteit": gettext_lazy("Bedrijfsactiviteit"),
    "rekening": gettext_lazy("Rekeningnummer"),
    "vop": gettext_lazy("Evaluatie VOP"),
    "overzicht": gettext_lazy("Overzicht en indienen"),
}


def _dossier(request, pk) -> Dossier:
    """A dossier of the organisation the user acts for; any other one does not exist (404)."""
    return get_object_or_404(
        Dossier.objects.select_related("organisatie__scholengroep", "vestiging", "dienstverlener"),
        pk=pk,
        organisatie=request.organisatie,
    )


def _stap_url(dossier, stap) -> str:
    return reverse("aanvragen:aanvraag_stap", args=[dossier.pk, stap])


def _voortgang(stappen, huidige, onvolledig, laatste_stap):
    """The progress indicator: a step is ticked when it is complete and the user has been past it."""
    bereikt = max(stappen.index(huidige), stappen.index(laatste_stap) if laatste_stap in stappen else 0)
    return [
        {
            "naam": stap,
            "titel": STAP_TITELS[stap],
            "nummer": i,
            "actief": stap == huidige,
            "klaar": stap != "overzicht" and stap not in onvolledig and i - 1 < bereikt,
        }
        for i, stap in enumerate(stappen, start=1)
    ]


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def start(request):
    """The IMW tile: explains what is needed and starts a new draft (POST)."""
    if request.method == "POST":
        dossier = services.nieuw_concept(request.organisatie, door=request.user)
        return redirect(_stap_url(dossier, services.aanvraag_stappen(dossier)[0]))
    concepten = Dossier.objects.filter(organisatie=request.organisatie, status=Status.CONCEPT).order_by(
        "-gewijzigd_op"
    )
    return render(
        request,
        "aanvragen/start.html",
        {
            "zelfstandige": request.organisatie.soort == "zelfstandige",
            "concepten": concepten,
            "rekening": request.organisatie.huidige_rekening(),
        },
    )


@imw_toegang_vereist
def hervat(request, pk):
    """'Verder invullen': back to the step the user was on."""
    dossier = _dossier(request, pk)
    if dossier.status != Status.CONCEPT:
        return redirect(dossier_pad(dossier.pk))
    return redirect(
        _stap_url(dossier, rules.hervat_stap(services.aanvraag_stappen(dossier), dossier.laatste_stap))
    )


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def stap(request, pk, stap):
    dossier = _dossier(request, pk)
    if dossier.status != Status.CONCEPT:
        return redirect(dossier_pad(dossier.pk))
    if stap not in STAP_TITELS:
        raise Http404
    stappen = services.aanvraag_stappen(dossier)
    if stap not in stappen:
        # E.g. 'begeleiding' after choosing 'loonpremie': not asked.
        return redirect(_stap_url(dossier, rules.hervat_stap(stappen, dossier.laatste_stap)))
    if stap == "overzicht":
        return _overzicht(request, dossier, stappen)

    documenten = list(dossier.documenten.all())
    rekening = dossier.organisatie.huidige_rekening()
    formulier = STAP_FORMULIEREN[stap]
    extra = {"rekening": rekening} if stap == "rekening" else {}

    if request.method == "POST":
        actie = request.POST.get("actie", "volgende")
        verwijder_id = request.POST.get("verwijder_document")
        form = formulier(
            request.POST,
            request.FILES,
            dossier=dossier,
            documenten=documenten,
            lenient=actie in ("vorige", "bewaar") or bool(verwijder_id),
            **extra,
        )
        geldig = form.is_valid()
        with transaction.atomic():
            if verwijder_id:
                soorten = set(form.upload_velden.values())
                for document in documenten:
                    if str(document.pk) == verwijder_id and document.soort in soorten:
                        uploads.verwijder(document)
            # A file that passed its own check is kept, even when another answer has an error.
            for soort, bestand in form.nieuwe_uploads():
                uploads.bewaar(dossier, soort, bestand, door=request.user)
            if geldig:
                dossier = form.save(commit=False)
                stappen = services.aanvraag_stappen(dossier)  # the premium choice changes the steps
                if verwijder_id:
                    naar = stap
                elif actie == "vorige":
                    naar = rules.vorige_stap(stappen, stap) or stap
                elif actie == "bewaar":
                    naar = stap
                else:
                    naar = rules.volgende_stap(stappen, stap) or "overzicht"
                dossier.laatste_stap = naar
                dossier._history_user = request.user
                dossier.save()
        if geldig:
            if actie == "bewaar" and not verwijder_id:
                messages.success(
                    request,
                    _(
                        "Uw aanvraag is bewaard. U vindt ze terug onder 'Aanvragen in opmaak' "
                        "om verder in te vullen."
                    ),
                )
                return redirect("loket:dashboard")
            return redirect(_stap_url(dossier, naar))
        # Show the uploads as they are now (a valid new file is already stored), and the progress
        # as saved (the form changed its own copy of the dossier while validating).
        dossier = _dossier(request, pk)
        documenten = list(dossier.documenten.all())
        form.toon_documenten(documenten)
    else:
        form = formulier(dossier=dossier, documenten=documenten, **extra)

    onvolledig = rules.onvolledige_stappen(
        stappen, services.aanvraag_gegevens(dossier, documenten=documenten, rekening=rekening)
    )
    return render(
        request,
        f"aanvragen/aanvraag/stap_{stap}.html",
        {
            "dossier": dossier,
            "form": form,
            "stap": stap,
            "titel": STAP_TITELS[stap],
            "voortgang": _voortgang(stappen, stap, onvolledig, dossier.laatste_stap),
            "stapnummer": stappen.index(stap) + 1,
            "aantal_stappen": len(stappen),
            "eerste_stap": stap == stappen[0],
            "rekening": rekening,
        },
    )


def _overzicht(request, dossier, stappen):
    documenten = list(dossier.documenten.all())
    rekening = dossier.organisatie.huidige_rekening()
    onvolledig = rules.onvolledige_stappen(
        stappen, services.aanvraag_gegevens(dossier, documenten=documenten, rekening=rekening)
    )
    fout = None
    if request.method == "POST":
        if request.POST.get("actie") == "vorige":
            return redirect(_stap_url(dossier, rules.vorige_stap(stappen, "overzicht")))
        try:
            dossier = services.dien_aanvraag_in(dossier, door=request.user)
        except services.AanvraagOnvolledig as exc:
            fout = exc
            if exc.code == "dubbel":
                fout_link = dossier_pad(exc.params["dossier"])
            else:
                fout_link = None
        else:
            return redirect("aanvragen:aanvraag_ingediend", pk=dossier.pk)
    return render(
        request,
        "aanvragen/aanvraag/overzicht.html",
        {
            "dossier": dossier,
            "stap": "overzicht",
            "titel": STAP_TITELS["overzicht"],
            "stappen": stappen,
            "voortgang": _voortgang(stappen, "overzicht", onvolledig, dossier.laatste_stap),
            "stapnummer": len(stappen),
            "aantal_stappen": len(stappen),
            "onvolledig": [(s, STAP_TITELS[s]) for s in onvolledig],
            "documenten": {d.soort: d for d in documenten},
            "rekening": rekening,
            "fout": fout.messages[0] if fout else None,
            "fout_link": fout_link if fout else None,
        },
        status=400 if fout else 200,
    )


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def verwijder(request, pk):
    """Delete a draft, after confirmation."""
    dossier = _dossier(request, pk)
    if dossier.status != Status.CONCEPT:
        raise Http404
    if request.method == "POST":
        services.verwijder_concept(dossier)
        messages.success(request, _("De aanvraag in opmaak is verwijderd."))
        return redirect("loket:dashboard")
    return render(request, "aanvragen/aanvraag/verwijder.html", {"dossier": dossier})


@imw_toegang_vereist
def ingediend(request, pk):
    """Confirmation after submitting: reference, deadlines, receipt."""
    dossier = _dossier(request, pk)
    if dossier.status == Status.CONCEPT:
        return redirect("aanvragen:aanvraag_hervat", pk=dossier.pk)
    ontvangstbewijs = dossier.documenten.filter(soort=DocumentSoort.ONTVANGSTBEWIJS).first()
    return render(
        request,
        "aanvragen/aanvraag/ingediend.html",
        {"dossier": dossier, "ontvangstbewijs": ontvangstbewijs, "dossier_url": dossier_pad(dossier.pk)},
    )


@imw_toegang_vereist
def ontvangstbewijs(request, pk):
    """The receipt PDF, generated at submission; only for the owning organisation."""
    dossier = _dossier(request, pk)
    document = dossier.documenten.filter(soort=DocumentSoort.ONTVANGSTBEWIJS).last()
    if document is None:
        raise Http404
    return bestand_response(
        document.bestand, naam=document.naam, mimetype="application/pdf", als_bijlage=False
    )


@imw_toegang_vereist
def concept_document(request, pk, document_pk):
    """An upload of a draft, for checking it before submitting (submitted dossiers: the dossier
    page's document view)."""
    dossier = _dossier(request, pk)
    document = get_object_or_404(dossier.documenten, pk=document_pk)
    return bestand_response(document.bestand, naam=document.naam, mimetype=document.mimetype)
