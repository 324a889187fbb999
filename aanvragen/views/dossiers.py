"""Following a dossier: 'Actuele stand van uw dossier', the dossier page with its tabs, the
download of its documents and reporting a change. Only for the organisation acted for: any
other organisation's dossier or document does not exist (404)."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loket.access import imw_toegang_vereist
from loket.downloads import bestand_response
from loket.page_cache import cached_page
from loket.prepared import PreparedQuery
from loket.row_format import dag_maand_jaar, keuze_labels, url_per_pk
from loket.rules import format_insz, mask_iban

from .. import rules, services
from .. import wijzigingen as verwerking
from ..berichten import berichten_van_dossier
from ..beslissingen import actieve_beslissing
from ..forms_wijziging import FORMULIEREN, mogelijke_soorten, weergave
from ..models import (
    STAND_KOLOMMEN,
    Document,
    Dossier,
    Status,
    StatusOvergang,
    Wijziging,
    WijzigingSoort,
    WijzigingUitkomst,
)

PAGINA_GROOTTE = 25
TABS = ("overzicht", "berekeningen", "documenten", "berichten", "wijzigingen")
NOG_TE_BESLISSEN = frozenset({Status.INGEDIEND, Status.ONTVANKELIJK, Status.IN_BEHANDELING})

BADGES = {
    Status.INGEDIEND: "badge-bezig",
    Status.ONTVANKELIJK: "badge-bezig",
    Status.IN_BEHANDELING: "badge-bezig",
    Status.IN_EVALUATIE: "badge-bezig",
    Status.TOEGEKEND: "badge-ok",
    Status.LOPEND: "badge-ok",
    Status.NIET_ONTVANKELIJK: "badge-nok",
    Status.GEWEIGERD: "badge-nok",
    Status.BEEINDIGD: "",
}


# Every tab of the dossier page runs it: compiled to SQL once per process (loket.prepared).
_INGEDIEND_DOSSIER = PreparedQuery(
    lambda pk, organisatie_id: (
        Dossier.objects.ingediend()
        .select_related("vestiging", "dienstverlener")
        .filter(pk=pk, organisatie_id=organisatie_id)
    )
)


# What the tabs read by the dossier's key, likewise compiled once.
_OVERGANGEN = PreparedQuery(lambda dossier_id: StatusOvergang.objects.filter(dossier_id=dossier_id))
_UIT_DIENST = PreparedQuery(
    lambda dossier_id: Wijziging.objects.filter(
        dossier_id=dossier_id, soort=WijzigingSoort.UIT_DIENST, uitkomst=WijzigingUitkomst.VERWERKT
    )
)


def _dossier(request, pk) -> Dossier:
    """A submitted dossier of the organisation acted for (drafts live in the application form)."""
    dossier = _INGEDIEND_DOSSIER.first(pk=pk, organisatie_id=request.organisatie.pk)
    if dossier is None:
        raise Http404(_("Dit dossier bestaat niet."))
    return dossier


def _status_filters():
    return [(waarde, label) for waarde, label in Status.choices if waarde != Status.CONCEPT]


# The attributes of the chosen option and the current tab, for the rows the templates write with
# |per_rij (a loop's {% if %} in the template cost more than the rest of the row).
_GEKOZEN = mark_safe(" selected")  # nosec B308, B703: constant markup
_HUIDIGE_TAB = mark_safe(' class="actief" aria-current="page"')  # nosec B308, B703: constant markup


# 'Actuele stand': per page the number of dossiers and the page's rows, each a prepared query (the
# two querysets' compilation was a fifth of the page's Python). Named rows of the nine fields the
# page shows, not Dossier instances: an instance costs more to build than its row to write.
_STAND_VELDEN = ("pk", "ingediend_op", *STAND_KOLOMMEN)


def _stand(organisatie_id, status=None):
    qs = Dossier.objects.ingediend().filter(organisatie_id=organisatie_id)
    return qs if status is None else qs.filter(status=status)


def _stand_pagina(qs, vanaf):
    return qs.values_list(*_STAND_VELDEN, named=True).order_by("-ingediend_op", "-pk")[
        vanaf : vanaf + PAGINA_GROOTTE
    ]


def _stand_aantal(qs):
    return qs.values("organisatie_id").annotate(aantal=Count("pk")).values_list("aantal")


_STAND_PAGINA = PreparedQuery(lambda organisatie_id, vanaf: _stand_pagina(_stand(organisatie_id), vanaf))
_STAND_AANTAL = PreparedQuery(lambda organisatie_id: _stand_aantal(_stand(organisatie_id)))
_STAND_PAGINA_STATUS = PreparedQuery(
    lambda organisatie_id, vanaf, status=Status.INGEDIEND.value: _stand_pagina(
        _stand(organisatie_id, status), vanaf
    )
)
_STAND_AANTAL_STATUS = PreparedQuery(
    lambda organisatie_id, status=Status.INGEDIEND.value: _stand_aantal(_stand(organisatie_id, status))
)


class _StandLijst:
    """What the Paginator reads of 'Actuele stand' (``count()`` and a slice), by the prepared queries
    of the organisation's dossiers, all or of one status."""

    def __init__(self, organisatie_id: int, status: str):
        self.sleutels = {"organisatie_id": organisatie_id, **({"status": status} if status else {})}
        self.aantal, self.pagina = (
            (_STAND_AANTAL_STATUS, _STAND_PAGINA_STATUS) if status else (_STAND_AANTAL, _STAND_PAGINA)
        )

    def count(self) -> int:
        rijen = self.aantal.all(**self.sleutels)
        return rijen[0][0] if rijen else 0

    def __getitem__(self, deel: slice) -> list:
        if deel.stop <= deel.start:  # no dossiers (Paginator's page 1 of 0): nothing to read
            return []
        return self.pagina.all(vanaf=deel.start, **self.sleutels)[: deel.stop - deel.start]


@imw_toegang_vereist
@cached_page
def dossiers(request):
    """'Actuele stand van uw dossier': every submitted application and dossier, 25 per page."""
    status = request.GET.get("status", "")
    statussen = _status_filters()
    if status not in dict(statussen):
        status = ""
    pagina = Paginator(_StandLijst(request.organisatie.pk, status), PAGINA_GROOTTE).get_page(
        request.GET.get("pagina")
    )
    vandaag = timezone.localdate()
    url_van = url_per_pk("aanvragen:dossier")
    rijen = _rijen(pagina, url_van, vandaag)
    return render(
        request,
        "aanvragen/dossiers/lijst.html",
        {
            "pagina": pagina,
            "rijen": rijen,
            "statussen": [
                (waarde, label, _GEKOZEN if waarde == status else "") for waarde, label in statussen
            ],
            "gekozen_status": status,
        },
    )


def _beslissing_uiterlijk(dossier: Dossier) -> tuple[dt.date | None, bool]:
    """The decision deadline the column shows, and whether a decision is still awaited by then.

    In evaluation, the open evaluation's 120-day deadline: the dossier stores it as the running
    deadline (``lopende_termijn``, set by ``evaluaties.services`` as the staff queue reads it), so
    the page reads no evaluation row. Otherwise the application's own deadline, while a decision
    is awaited: on a decided or running dossier it no longer applies and the column stays empty,
    as on the dossier page."""
    if dossier.status == Status.IN_EVALUATIE:
        return dossier.lopende_termijn, dossier.lopende_termijn is not None
    if dossier.status not in NOG_TE_BESLISSEN:
        return None, False
    return dossier.beslissing_uiterlijk, dossier.beslissing_uiterlijk is not None


def _rijen(dossiers, url_van, vandaag: dt.date) -> SafeString:
    """The rows of 'Actuele stand' (dossiers, or rows with their fields), written in Python:
    through the template language the 25 rows' ten values each were a quarter of the page's time,
    and escaping them one by one through format_html still half of it. Each value escaped as
    ``{{ }}`` would (``html.escape``, as Django's ``escape``); the status and premium labels
    translated and escaped once per page."""
    statussen, premies = (keuze_labels(Dossier._meta.get_field(veld)) for veld in ("status", "premie_keuze"))
    rijen = []
    for d in dossiers:
        termijn, nog_te_beslissen = _beslissing_uiterlijk(d)
        uiterlijk = escape(dag_maand_jaar(termijn)) or "–"
        if nog_te_beslissen and termijn < vandaag:
            uiterlijk = format_html(
                '<span class="badge badge-nok" title="{}">{} – {}</span>',
                _("De beslissingstermijn is verstreken"),
                dag_maand_jaar(termijn),
                _("verstreken"),
            )
        status = statussen.get(d.status) or escape(d.status)
        premie = premies.get(d.premie_keuze) or escape(d.premie_keuze)
        referentie = escape(str(d.referentie))
        naam = escape(Dossier.werknemer_naam.fget(d))
        rijen.append(
            f'<tr data-testid="dossier-{d.pk}"><td><a href="{escape(url_van(d.pk))}">{referentie}</a></td>'
            f'<td><span class="badge {BADGES.get(d.status, "")}">{status}</span></td>'
            f"<td>{naam}</td><td>{premie}</td>"
            f"<td>{escape(dag_maand_jaar(d.ingediend_op))}</td><td>{uiterlijk}</td></tr>"
        )
    return mark_safe("\n".join(rijen))  # nosec B308, B703: every value above is escaped


def _tijdlijn(dossier: Dossier, overgangen) -> list[dict]:
    """Status timeline: what happened (from StatusOvergang), then the steps still to come."""
    stappen = [
        {"label": o.get_naar_display(), "op": o.op, "klaar": True, "status": o.naar}
        for o in overgangen
        if o.naar != Status.CONCEPT
    ]
    if stappen:
        stappen[-1]["huidig"] = True
    komend = []
    if dossier.status == Status.INGEDIEND:
        komend.append(
            {
                "label": _("Ontvankelijkheid: bevestiging per e-mail"),
                "uiterlijk": dossier.ontvankelijkheid_uiterlijk,
            }
        )
    if dossier.status in (Status.INGEDIEND, Status.ONTVANKELIJK):
        komend.append({"label": Status.IN_BEHANDELING.label})
    if dossier.status in NOG_TE_BESLISSEN:
        komend.append({"label": _("Beslissing"), "uiterlijk": dossier.beslissing_uiterlijk})
    return stappen + [{**stap, "klaar": False} for stap in komend]


def _gegevens(dossier: Dossier) -> list[tuple[str, str]]:
    rijen = [
        (_("Referentie"), dossier.referentie),
        (_("Ingediend op"), timezone.localtime(dossier.ingediend_op).strftime("%d/%m/%Y %H:%M"))
        if dossier.ingediend_op
        else None,
        (_("Aanvrager"), dossier.get_aanvrager_soort_display()),
        (_("Contactpersoon"), dossier.contact_naam),
        (_("E-mailadres contactpersoon"), dossier.contact_email),
        (_("Telefoonnummer contactpersoon"), dossier.contact_telefoon),
        (
            _("Zelfstandige") if dossier.aanvrager_soort == "zelfstandige" else _("Werknemer"),
            dossier.werknemer_naam,
        ),
        (_("INSZ-nummer"), format_insz(dossier.werknemer_insz)),
        (_("Vestiging"), str(dossier.vestiging) if dossier.vestiging_id else ""),
        (_("Gevraagde premie"), dossier.get_premie_keuze_display()),
    ]
    if dossier.via_departement_onderwijs is not None:
        rijen.append(
            (
                _("Tewerkgesteld via het Departement Onderwijs"),
                _("Ja") if dossier.via_departement_onderwijs else _("Nee"),
            )
        )
    if dossier.premie_keuze == "loon_begeleiding":
        begeleider = dossier.dienstverlener.naam if dossier.dienstverlener_id else dossier.begeleider_naam
        rijen += [(_("Begeleider"), begeleider), (_("Collega-coach"), dossier.collega_coach_naam)]
    if dossier.iban:
        rijen.append((_("Rekeningnummer (IBAN)"), mask_iban(dossier.iban)))
    rijen.append((_("Evaluatie van een VOP-premie"), _("Ja") if dossier.vop_evaluatie else _("Nee")))
    return [rij for rij in rijen if rij and rij[1]]


@imw_toegang_vereist
@cached_page
def dossier(request, pk):
    """The dossier page with the tabs Overzicht, Berekeningen, Documenten, Berichten and Wijzigingen."""
    dossier = _dossier(request, pk)
    tab = request.GET.get("tab", "overzicht")
    if tab not in TABS:
        tab = "overzicht"
    context = {
        "dossier": dossier,
        "tab": tab,
        "tabs": [
            (sleutel, label, _HUIDIGE_TAB if sleutel == tab else "")
            for sleutel, label in (
                ("overzicht", _("Overzicht")),
                ("berekeningen", _("Berekeningen")),
                ("documenten", _("Documenten")),
                ("berichten", _("Berichten")),
                ("wijzigingen", _("Wijzigingen")),
            )
        ],
        "badge": BADGES.get(dossier.status, ""),
        "kan_wijzigen": dossier.status in rules.OPEN_STATUSSEN,
    }
    if tab == "overzicht":
        # One query for the decision that both the decision block and the evaluation block show.
        context["actieve_beslissing"] = actieve_beslissing(dossier)
        context["tijdlijn"] = _tijdlijn(dossier, _OVERGANGEN.all(dossier_id=dossier.pk))
        context["gegevens"] = _gegevens(dossier)
        context["uit_dienst"] = verwerking.uit_dienst_verwerkt(_UIT_DIENST.all(dossier_id=dossier.pk))
        context["toon_periode"] = (
            dossier.status in (Status.TOEGEKEND, Status.LOPEND, Status.IN_EVALUATIE, Status.BEEINDIGD)
            and dossier.startdatum
        )
    elif tab == "documenten":
        context["documenten"] = dossier.documentenlijst()
    elif tab == "berichten":
        context["berichten"] = berichten_van_dossier(dossier)  # the organisation's, as in the API
    elif tab == "wijzigingen":  # "berekeningen": the tab renders itself (premies_tags)
        wijzigingen = list(dossier.wijzigingen.select_related("gemeld_door"))
        for wijziging in wijzigingen:
            wijziging.rijen = weergave(wijziging)
        context["wijzigingen"] = wijzigingen
        soorten = dict(WijzigingSoort.choices)
        context["soorten"] = [(s, soorten[s]) for s in mogelijke_soorten(dossier)]
    return render(request, "aanvragen/dossiers/detail.html", context)


@imw_toegang_vereist
def document(request, pk):
    """Download a document of a dossier of the organisation acted for, from private storage."""
    document = get_object_or_404(Document, pk=pk, dossier__organisatie=request.organisatie)
    return bestand_response(document.bestand, naam=document.naam, mimetype=document.mimetype)


@imw_toegang_vereist
@require_http_methods(["GET", "POST"])
def wijziging_melden(request, pk, soort):
    """Report a change (contact, bank account, leaving service, collega-coach, begeleider)."""
    dossier = _dossier(request, pk)
    if soort not in mogelijke_soorten(dossier):
        raise Http404
    terug = reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=wijzigingen"
    if dossier.status not in rules.OPEN_STATUSSEN:
        messages.error(
            request,
            _("Dit dossier is afgesloten (%(status)s): u kunt er geen wijziging meer voor melden.")
            % {"status": dossier.get_status_display().lower()},
        )
        return redirect(terug)
    form_class = FORMULIEREN[soort]
    if request.method == "POST":
        form = form_class(request.POST, dossier=dossier)
        if form.is_valid():
            services.meld_wijziging(
                dossier, soort, form.gegevens(), door=request.user, samenvatting=form.samenvatting()
            )
            messages.success(
                request,
                _(
                    "Uw wijziging '%(soort)s' is goed ontvangen. Het departement verwerkt ze; u kreeg een "
                    "bevestiging per e-mail."
                )
                % {"soort": form_class.titel},
            )
            return redirect(terug)
    else:
        form = form_class(dossier=dossier)
    return render(
        request,
        "aanvragen/dossiers/wijziging.html",
        {
            "dossier": dossier,
            "form": form,
            "titel": form_class.titel,
            "uitleg": form_class.uitleg,
            "terug": terug,
        },
    )
