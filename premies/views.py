"""Public pages of the premiums (no login): the simulator."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import simulator
from .forms import SimulatorForm


@require_GET
def simulator_view(request):
    """A GET form: the estimate is on the same page, under the form, and the link can be shared."""
    vandaag = timezone.localdate()
    form = SimulatorForm(request.GET or None, vandaag=vandaag)
    raming = premie = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        invoer = form.invoer()
        parameters = simulator.parameters_voor(
            invoer, data["pakket"], data.get("percentage"), data["begeleidingsnood"]
        )
        if parameters.schijven:
            raming, premie = simulator.raming(invoer, parameters), data["premie"]
        else:
            form.add_error(
                "pakket",
                _("Dit pakket is niet van kracht in het gekozen kwartaal. Kies een vast percentage."),
            )
    return render(
        request,
        "premies/simulator.html",
        {
            "form": form,
            "raming": raming,
            "loon": premie in (simulator.LOONPREMIE, simulator.LOON_EN_BEGELEIDING),
            "begeleiding": premie == simulator.LOON_EN_BEGELEIDING,
            "ondersteuning": premie == simulator.ONDERSTEUNING,
        },
    )
