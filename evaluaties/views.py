"""The employer's evaluation request: start from the dossier page, choose what to evaluate,
download and upload the motivatieverslag (and the ondersteuningsplan), check the summary, submit,
get the receipt. Save and resume as in the application form.

Every view acts for ``request.organisatie`` only: another organisation's dossier or request is a
404. A submitted request can no longer be edited: its step URLs lead to the confirmation page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aanvragen.models import Dossier
from loket.access import imw_toegang_vereist
from loket.downloads import bestand_response

from . import motivatieverslag, rules, services
from .forms import KeuzeForm, MotivatieForm
from .models import Evaluatie, EvaluatieStatus

STAPPEN = ("keuze", "motivatie", "overzicht")
TITELS = {
    "keuze": gettext_lazy("Wat wilt u laten evalueren?"),
    "motivatie": gettext_lazy("Motivatieverslag"),
    "overzicht": gettext_lazy("Overzicht en indienen"),
}


def _dossier(request, pk) -> Dossier:
    return get_object_or_404(
        Dossier.objects.ingediend().select_related("organisatie"), pk=pk, organisatie=request.organisatie
    )


def _evaluatie(request, pk, epk) -> Evaluatie:
    dossier = _dossier(request, pk)
    evaluatie = get_object_or_404(
        Evaluatie.objects.select_related("motivatieverslag", "ondersteuningsplan", "ontvangstbewijs"),
        pk=epk,
        dossier=dossier,
    )
    evaluatie.dossier = dossier
    return evaluatie


def _dossier_url(dossier) -> str:
    return reverse("aanvragen:dossier", args=[dossier.pk])


def _stap_url(evaluatie, stap) -> str:
    return reverse("evaluaties:stap", args=[evaluatie.dossier_id, evaluatie.pk, stap])


def _voortgang(huidige):
    return [
        {"naam": s, "titel": TITELS[s], "nummer": i, "actief": s == huidige}
        for i, s in enumerate(STAPPEN, start=1)
    ]


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def start(request, pk):
    """The 'Evalueren' button (POST): a new draft, or the draft there is."""
    dossier = _dossier(request, pk)
    if request.method == "GET":
        concept = dossier.evaluaties.filter(status=EvaluatieStatus.CONCEPT).first()
        if concept is None:
            return redirect(_dossier_url(dossier))
        return redirect(
            _stap_url(concept, concept.laatste_stap if concept.laatste_stap in STAPPEN else "keuze")
        )
    try:
        evaluatie = services.start(dossier, door=request.user)
    except services.EvaluatieGeweigerd as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_dossier_url(dossier))
    return redirect(
        _stap_url(evaluatie, evaluatie.laatste_stap if evaluatie.laatste_stap in STAPPEN else "keuze")
    )


def _pdf(dossier) -> HttpResponse:
    response = HttpResponse(motivatieverslag.genereer(dossier), content_type="application/pdf")
    naam = dossier.referentie or f"aanvraag-{dossier.pk}"
    response["Content-Disposition"] = f'attachment; filename="motivatieverslag-{naam}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@imw_toegang_vereist
def motivatieverslag_pdf(request, pk):
    """The fillable motivatieverslag, prefilled for this dossier."""
    return _pdf(_dossier(request, pk))


@imw_toegang_vereist
def motivatieverslag_aanvraag(request, pk):
    """The same form for a draft application that evaluates a VOP premium (no reference yet)."""
    return _pdf(
        get_object_or_404(
            Dossier.objects.select_related("organisatie"),
            pk=pk,
            organisatie=request.organisatie,
            status="concept",
        )
    )


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def stap(request, pk, epk, stap):
    evaluatie = _evaluatie(request, pk, epk)
    if evaluatie.status != EvaluatieStatus.CONCEPT:
        return redirect("evaluaties:ingediend", pk=pk, epk=epk)
    if stap not in STAPPEN:
        raise Http404
    if stap == "overzicht":
        return _overzicht(request, evaluatie)
    vandaag = timezone.localdate()
    dossier = evaluatie.dossier
    if request.method == "POST":
        actie = request.POST.get("actie", "volgende")
        verwijder = request.POST.get("verwijder_document", "")
        lenient = actie in ("vorige", "bewaar") or bool(verwijder)
        if stap == "keuze":
            form = KeuzeForm(request.POST, dossier=dossier, vandaag=vandaag, lenient=lenient)
        else:
            form = MotivatieForm(request.POST, request.FILES, evaluatie=evaluatie, lenient=lenient)
        geldig = form.is_valid()
        try:
            if stap == "keuze" and geldig:
                hoogte, duur = bool(form.cleaned_data.get("hoogte")), bool(form.cleaned_data.get("duur"))
                if hoogte or duur:
                    services.bewaar_keuze(
                        evaluatie, hoogte=hoogte, duur=duur, door=request.user, laatste_stap=stap
                    )
            if stap == "motivatie":
                # A file that passed its own check is kept, even when the other one has an error.
                for naam, bestand in form.nieuwe_uploads():
                    if naam == "motivatieverslag":
                        services.bewaar_motivatieverslag(evaluatie, bestand, door=request.user)
                    else:
                        services.bewaar_ondersteuningsplan(evaluatie, bestand, door=request.user)
                if verwijder in ("motivatieverslag", "ondersteuningsplan"):
                    services.verwijder_document(evaluatie, verwijder, door=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            geldig = False
        if geldig:
            index = STAPPEN.index(stap)
            if verwijder or actie == "bewaar":
                naar = stap
            elif actie == "vorige":
                naar = STAPPEN[max(index - 1, 0)]
            else:
                naar = STAPPEN[index + 1]
            services.bewaar_laatste_stap(evaluatie, naar)
            if actie == "bewaar" and not verwijder:
                messages.success(
                    request,
                    _(
                        "Uw aanvraag tot evaluatie is bewaard. Klik bij het dossier op 'Verder invullen' "
                        "om verder te gaan."
                    ),
                )
                return redirect(_dossier_url(dossier))
            return redirect(_stap_url(evaluatie, naar))
        evaluatie = _evaluatie(request, pk, epk)
    elif stap == "keuze":
        form = KeuzeForm(
            dossier=dossier, vandaag=vandaag, initial={"hoogte": evaluatie.hoogte, "duur": evaluatie.duur}
        )
    else:
        form = MotivatieForm(evaluatie=evaluatie)
    return render(
        request,
        f"evaluaties/stap_{stap}.html",
        {
            "dossier": dossier,
            "evaluatie": evaluatie,
            "form": form,
            "stap": stap,
            "titel": TITELS[stap],
            "voortgang": _voortgang(stap),
            "stapnummer": STAPPEN.index(stap) + 1,
            "aantal_stappen": len(STAPPEN),
            "eerste_stap": stap == STAPPEN[0],
            "ondersteuningsplan_nodig": rules.ondersteuningsplan_nodig(dossier.premie_keuze),
        },
        status=400 if request.method == "POST" else 200,
    )


def _overzicht(request, evaluatie):
    dossier = evaluatie.dossier
    fouten = []
    if request.method == "POST":
        if request.POST.get("actie") == "vorige":
            return redirect(_stap_url(evaluatie, "motivatie"))
        try:
            services.dien_in(evaluatie, door=request.user)
        except services.EvaluatieGeweigerd as exc:
            fouten = exc.messages
        else:
            return redirect("evaluaties:ingediend", pk=dossier.pk, epk=evaluatie.pk)
    else:
        services.bewaar_laatste_stap(evaluatie, "overzicht")
    return render(
        request,
        "evaluaties/overzicht.html",
        {
            "dossier": dossier,
            "evaluatie": evaluatie,
            "stap": "overzicht",
            "titel": TITELS["overzicht"],
            "voortgang": _voortgang("overzicht"),
            "stapnummer": len(STAPPEN),
            "aantal_stappen": len(STAPPEN),
            "motivatie": motivatieverslag.weergave(
                evaluatie.motivatie, dossier.aanvrager_soort == "zelfstandige"
            ),
            "ontbrekend": services.ontbrekend(evaluatie, dossier),
            "fouten": fouten,
            "ondersteuningsplan_nodig": rules.ondersteuningsplan_nodig(dossier.premie_keuze),
            "doorbetaling_uiterlijk": rules.tijdig_ingediend_uiterlijk(dossier.einddatum)
            if dossier.einddatum
            else None,
        },
        status=400 if fouten else 200,
    )


@imw_toegang_vereist
def ingediend(request, pk, epk):
    evaluatie = _evaluatie(request, pk, epk)
    if evaluatie.status == EvaluatieStatus.CONCEPT:
        return redirect(_stap_url(evaluatie, "keuze"))
    return render(
        request, "evaluaties/ingediend.html", {"dossier": evaluatie.dossier, "evaluatie": evaluatie}
    )


@imw_toegang_vereist
def ontvangstbewijs(request, pk, epk):
    evaluatie = _evaluatie(request, pk, epk)
    document = evaluatie.ontvangstbewijs
    if document is None:
        raise Http404
    return bestand_response(
        document.bestand, naam=document.naam, mimetype="application/pdf", als_bijlage=False
    )
