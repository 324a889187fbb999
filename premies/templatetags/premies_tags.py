"""Template tags of the employer's premium pages, so the dossier page includes them in one line."""

from decimal import Decimal

from django import template

register = template.Library()


@register.simple_tag
def dossier_beslissing(dossier, beslissing=None) -> dict | None:
    """The decision that stands on the dossier, ready to show: the premiums, the percentage per
    quarter as a sentence, the number of quarters of the period. None before a decision.
    ``beslissing``: the active decision, when the page has loaded it already."""
    from aanvragen.beslissingen import actieve_beslissing, premie_namen
    from premies.rules import aantal_kwartalen, schema_tekst

    beslissing = beslissing or actieve_beslissing(dossier)
    if beslissing is None:
        return None
    toegekend = beslissing.uitkomst == "toegekend"
    return {
        "beslissing": beslissing,
        "toegekend": toegekend,
        "premies": premie_namen(beslissing),
        "schema": schema_tekst(beslissing.schema) if toegekend and beslissing.schijven else "",
        "aantal_kwartalen": aantal_kwartalen(beslissing.startdatum, beslissing.einddatum)
        if toegekend and beslissing.startdatum and beslissing.einddatum
        else None,
    }


@register.inclusion_tag("premies/berekeningen.html")
def berekeningen_tab(dossier):
    """The dossier's tab 'Berekeningen' (so the dossier page of ``aanvragen`` needs no import of
    ``premies``). The quarters are planned from the DmfA and Dimona sources: when one cannot be
    reached, the tab says so instead of failing."""
    from django.utils import timezone

    from loket.bronnen import BronNietBeschikbaar
    from premies.berekeningen import berekeningen

    try:
        berekening = berekeningen(dossier, timezone.localdate())
    except BronNietBeschikbaar:
        return {"dossier": dossier, "berekening_onbeschikbaar": True}
    return {"dossier": dossier, "berekening": berekening, "tabellen": _tabellen(berekening)}


_CENT = Decimal("0.01")


class _Opmaak:
    """What the filters ``euro``, ``euro_teken`` and ``breuk`` write, with the active language's
    separators read once: the tab 'Berekeningen' writes up to ten amounts per quarter, and reading
    the two formats again for each was most of what an amount cost."""

    def __init__(self):
        from django.utils.formats import get_format

        self.decimaal = get_format("DECIMAL_SEPARATOR")
        # Python writes 1,234.50: its ',' and '.' swapped for the language's in one pass.
        self._scheidingstekens = str.maketrans({",": get_format("THOUSAND_SEPARATOR"), ".": self.decimaal})

    def _bedrag(self, bedrag: Decimal) -> str:
        """1234.5 → '€ 1.234,50' on a Dutch page (mail, letter), '€ 1,234.50' on an English one;
        without its sign, rounded to the cent (what ``numberformat`` wrote with two decimals and
        forced grouping)."""
        tekst = f"{abs(bedrag).quantize(_CENT):,.2f}".translate(self._scheidingstekens)
        return f"€ {tekst}"

    def euro(self, bedrag) -> str:
        if bedrag is None or bedrag == "":
            return "–"
        bedrag = Decimal(bedrag)
        return ("− " if bedrag < 0 else "") + self._bedrag(bedrag)

    def euro_teken(self, bedrag) -> str:
        """A correction: '+ € 12,00' or '− € 12,00'."""
        if bedrag is None or bedrag == "":
            return "–"
        bedrag = Decimal(bedrag)
        return ("− " if bedrag < 0 else "+ ") + self._bedrag(bedrag)

    def breuk(self, waarde) -> str:
        """Working-time fraction 0.8000 → '0,8' (Dutch), '0.8' (English)."""
        if waarde is None or waarde == "":
            return "–"
        return format(Decimal(waarde).normalize(), "f").replace(".", self.decimaal)


@register.filter
def euro(bedrag) -> str:
    return _Opmaak().euro(bedrag)


@register.filter
def euro_teken(bedrag) -> str:
    """A correction: '+ € 12,00' or '− € 12,00'."""
    return _Opmaak().euro_teken(bedrag)


@register.filter
def breuk(waarde) -> str:
    """Working-time fraction 0.8000 → '0,8' (Dutch), '0.8' (English)."""
    return _Opmaak().breuk(waarde)


# --- The tab's tables, written in Python ------------------------------------------------------
# Through the template language the quarters' rows were most of the tab's CPU time (loops, lookups,
# six translations per status, the amount filters reading the language's formats per cell). Here the
# words are translated once per tab and each row is one format_html: values escaped as {{ }} would,
# our own translations written as they are, as {% translate %} and {% blocktranslate %} do.

_TABEL = (
    '<div class="tabel-scroll" role="region" tabindex="0" aria-label="{}">\n'
    '<table class="tabel berekeningen" data-testid="berekeningen-{}">\n'
    "  <caption>{}</caption>\n"
    "  {}\n"
    "  <tbody>\n{}\n  </tbody>\n"
    '  <tfoot><tr><th scope="row" colspan="{}">{}</th><td data-testid="totaal-{}">{}</td>'
    '<td colspan="2"></td></tr></tfoot>\n'
    "</table>\n"
    "</div>"
)
_KOP = (
    '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
    '<th scope="col">{}</th><th scope="col">{}</th>{}<th scope="col">{}</th>'
    '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
)
_VERSIE = (
    '<tr data-testid="kwartaal-{}"{}><th scope="row">{}</th><td class="dmfa">{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td></tr>"
)
_ZONDER_LIJNEN = (
    '<tr data-testid="kwartaal-{}"><th scope="row">{}</th><td class="dmfa">–</td><td>–</td><td>–</td>'
    "<td>{}</td>{}<td>–</td><td>{}</td><td>{}</td></tr>"
)
_NAAM_MET_NUMMER = '{} <span class="form-text">({})</span>'
_DMFA = "{} {}<br>{} {}<br>{} {}<br>{} {}"
_STATUS = '<span class="badge {}" data-testid="status-{}">{}</span>'
_OPMERKING = '<tr class="opmerking"><td></td><td colspan="{}" data-testid="{}-{}">{}</td></tr>'


def _vertaald(tekst: str):
    """One of our own translations, written unescaped as {% translate %} writes it."""
    from django.utils.safestring import mark_safe

    return mark_safe(tekst)  # nosec B308, B703: a msgstr of our catalogue, no user data


def _tabellen(berekening: dict):
    """The tables of the tab, one per calendar year, as the template wrote them."""
    from django.utils.dates import MONTHS
    from django.utils.html import escape, format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    from loket.row_format import dag_maand_jaar
    from premies.berekeningen import status_label

    opmaak = _Opmaak()
    soorten = [soort for soort, _label in berekening["soorten"]]
    kop = format_html(
        _KOP,
        _vertaald(_("Kwartaal")),
        _vertaald(_("RSZ-aangifte (DmfA)")),
        _vertaald(_("Referteloon")),
        _vertaald(_("Plafond")),
        _vertaald(_("Percentage")),
        format_html_join("", '<th scope="col">{}</th>', ((label,) for _s, label in berekening["soorten"])),
        _vertaald(_("Uitbetaald")),
        _vertaald(_("Betaling")),
        _vertaald(_("Status")),
    )
    brutoloon, bijdragen, verminderingen, arbeidsfractie = (
        _vertaald(_("brutoloon")),
        _vertaald(_("werkgeversbijdragen")),
        _vertaald(_("verminderingen")),
        _vertaald(_("arbeidsfractie")),
    )
    correctie_van, kwartaal_n = _("Correctie %(k)s"), _("kwartaal %(n)s")
    streepjes = mark_safe("<td>–</td>" * len(soorten))  # nosec B308, B703: a constant cell
    labels: dict[str, str] = {}
    maanden: dict[int, str] = {}

    def status(rij) -> str:
        if rij.status not in labels:
            labels[rij.status] = status_label(rij.status)
        return format_html(_STATUS, rij.badge, rij.kwartaal, labels[rij.status])

    def rijen(rij):
        kwartaal = str(rij.kwartaal)
        naam = kwartaal
        if rij.nummer:
            naam = format_html(_NAAM_MET_NUMMER, kwartaal, _vertaald(kwartaal_n % {"n": rij.nummer}))
        for index, versie in enumerate(rij.versies):
            lijn = versie.cijfers
            if versie.correctie:
                testid = f"{kwartaal}-correctie-{versie.volgnummer}"
                klasse = mark_safe(' class="correctie"')  # nosec B308, B703: a constant attribute
                kop_rij = _vertaald(correctie_van % {"k": escape(kwartaal)})
                uitbetaald = opmaak.euro_teken(versie.uitbetaald)
            else:
                testid, klasse, kop_rij = kwartaal, "", naam
                uitbetaald = opmaak.euro(versie.uitbetaald)
            dmfa = "–"
            if lijn.brutoloon is not None:
                dmfa = format_html(
                    _DMFA,
                    brutoloon,
                    opmaak.euro(lijn.brutoloon),
                    bijdragen,
                    opmaak.euro(lijn.werkgeversbijdragen),
                    verminderingen,
                    opmaak.euro(lijn.verminderingen),
                    arbeidsfractie,
                    opmaak.breuk(lijn.arbeidsfractie),
                )
            yield format_html(
                _VERSIE,
                testid,
                klasse,
                kop_rij,
                dmfa,
                opmaak.euro(lijn.referteloon),
                opmaak.euro(lijn.plafond),
                f"{lijn.percentage} %" if lijn.percentage else "–",
                format_html_join("", "<td>{}</td>", ((opmaak.euro(versie.bedrag(s)),) for s in soorten)),
                uitbetaald,
                dag_maand_jaar(versie.betaaldatum or rij.betaalmaand),
                status(rij) if index == 0 else "",
            )
        if not rij.versies:
            maand = rij.betaalmaand.month
            if maand not in maanden:
                maanden[maand] = str(MONTHS[maand])
            yield format_html(
                _ZONDER_LIJNEN,
                kwartaal,
                naam,
                f"{rij.percentage} %" if rij.percentage else "–",
                streepjes,
                f"{maanden[maand]} {rij.betaalmaand.year:04d}",  # as |date:"F Y"
                status(rij),
            )
        for reden in rij.redenen:
            yield format_html(_OPMERKING, len(soorten) + 7, "reden", kwartaal, reden)
        for opmerking in rij.opmerkingen:
            yield format_html(_OPMERKING, len(soorten) + 7, "opmerking", kwartaal, opmerking)

    berekeningen_van = _("Berekeningen %(jaar)s")
    totaal_van = _("Totaal uitbetaald voor de kwartalen van %(jaar)s")
    tabellen = (
        format_html(
            _TABEL,
            _vertaald(berekeningen_van % {"jaar": jaar.jaar}),
            jaar.jaar,
            jaar.jaar,
            kop,
            mark_safe("\n".join(html for rij in jaar.rijen for html in rijen(rij))),  # nosec B308, B703
            len(soorten) + 5,
            _vertaald(totaal_van % {"jaar": jaar.jaar}),
            jaar.jaar,
            opmaak.euro(jaar.totaal),
        )
        for jaar in berekening["jaren"]
    )
    return mark_safe("\n".join(tabellen))  # nosec B308, B703: each table built by format_html


@register.filter
def premie(versie, soort: str):
    """The premium of ``soort`` in a version of a quarter's lines (None when not paid in it)."""
    return versie.bedrag(soort)


@register.filter
def percentages(beslissing) -> str:
    """A decision's percentage per quarter as a sentence ('40 % kwartaal 1–5, ...'); '–' without."""
    from premies.rules import schema_tekst

    if beslissing.schijven:
        return schema_tekst(beslissing.schema)
    return f"{beslissing.percentage} %" if beslissing.percentage else "–"
