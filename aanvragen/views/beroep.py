"""The employer's appeal ('Beroep aantekenen') against the decision on a dossier: the form, and
the receipt. Only for the organisation's own dossiers (another organisation's is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loket.access import imw_toegang_vereist
from loket.downloads import bestand_response

from .. import beroep as beroep_service
from ..adressen import dossier_pad
from ..forms_beroep import BeroepForm
from ..models import Beroep, Dossier


def _dossier(request, pk) -> Dossier:
    return get_object_or_404(
        Dossier.objects.ingediend().select_related("organisatie"), pk=pk, organisatie=request.organisatie
    )


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def beroep(request, pk):
    dossier = _dossier(request, pk)
    stand = beroep_service.stand(dossier)
    if not stand.knop:
        if stand.open_beroep is not None:
            messages.info(request, beroep_service.al_open(stand.open_beroep).messages[0])
        elif stand.reden:
            messages.error(request, stand.reden)
        return redirect(dossier_pad(dossier.pk))
    fouten = []
    if request.method == "POST":
        form = BeroepForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                nieuw = beroep_service.dien_in(
                    dossier,
                    door=request.user,
                    motivering=form.cleaned_data["motivering"],
                    bijlagen=form.cleaned_data["bijlagen"],
                )
            except ValidationError as exc:
                fouten = exc.messages
            else:
                messages.success(
                    request,
                    _(
                        "Uw beroep is ingediend. U ontvangt een bevestiging per e-mail; het ontvangstbewijs "
                        "staat bij de documenten van uw dossier."
                    ),
                )
                return redirect("aanvragen:beroep_ontvangen", pk=dossier.pk, bpk=nieuw.pk)
    else:
        form = BeroepForm()
    return render(
        request,
        "aanvragen/beroep/formulier.html",
        {"dossier": dossier, "form": form, "stand": stand, "fouten": fouten},
        status=400 if request.method == "POST" else 200,
    )


def _beroep(request, pk, bpk) -> Beroep:
    dossier = _dossier(request, pk)
    gevonden = get_object_or_404(
        Beroep.objects.select_related("beslissing", "ontvangstbewijs"), pk=bpk, dossier=dossier
    )
    gevonden.dossier = dossier
    return gevonden


@imw_toegang_vereist
def ontvangen(request, pk, bpk):
    gevonden = _beroep(request, pk, bpk)
    return render(
        request, "aanvragen/beroep/ontvangen.html", {"dossier": gevonden.dossier, "beroep": gevonden}
    )


@imw_toegang_vereist
def ontvangstbewijs(request, pk, bpk):
    document = _beroep(request, pk, bpk).ontvangstbewijs
    if document is None:
        raise Http404
    return bestand_response(
        document.bestand, naam=document.naam, mimetype="application/pdf", als_bijlage=False
    )
