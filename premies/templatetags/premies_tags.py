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

    def __init__(self, html: bool = False):
        """``html``: for markup written without escaping each amount (the tab's rows): the
        separators escaped here, once, so an amount is HTML as it is written."""
        from html import escape

        from django.utils.formats import get_format

        klaar = escape if html else str
        self.decimaal = klaar(get_format("DECIMAL_SEPARATOR"))
        # Python writes 1,234.50: its ',' and '.' swapped for the language's in one pass.
        duizendtal = klaar(get_format("THOUSAND_SEPARATOR"))
        self._scheidingstekens = str.maketrans({",": duizendtal, ".": self.decimaal})

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
# words are translated once per tab and each row is one str.format. What ``{{ }}`` would escape is
# escaped here, once, where it enters: the quarter, the premium and status labels, the reasons and
# remarks; the amounts are digits, signs and the language's separators (escaped once in _Opmaak).
# Our own translations are written as they are, as {% translate %} and {% blocktranslate %} do.
# Not format_html per row: its conditional_escape per value (a lazy-string check and SafeString
# per call) was half of the rows' cost, for amounts that cannot hold markup.

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
).format
_KOP = (
    '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
    '<th scope="col">{}</th><th scope="col">{}</th>{}<th scope="col">{}</th>'
    '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
).format
_VERSIE = (
    '<tr data-testid="kwartaal-{}"{}><th scope="row">{}</th><td class="dmfa">{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td></tr>"
).format
_ZONDER_LIJNEN = (
    '<tr data-testid="kwartaal-{}"><th scope="row">{}</th><td class="dmfa">–</td><td>–</td><td>–</td>'
    "<td>{}</td>{}<td>–</td><td>{}</td><td>{}</td></tr>"
).format
_NAAM_MET_NUMMER = '{} <span class="form-text">({})</span>'.format
_DMFA = "{} {}<br>{} {}<br>{} {}<br>{} {}".format
_STATUS = '<span class="badge {}" data-testid="status-{}">{}</span>'.format
_OPMERKING = '<tr class="opmerking"><td></td><td colspan="{}" data-testid="{}-{}">{}</td></tr>'.format


def _tabellen(berekening: dict):
    """The tables of the tab, one per calendar year, as the template wrote them."""
    from html import escape  # what django.utils.html.escape writes, without its lazy-string check

    from django.utils.dates import MONTHS
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    from loket.row_format import dag_maand_jaar
    from premies.berekeningen import status_label

    opmaak = _Opmaak(html=True)
    soorten = [soort for soort, _label in berekening["soorten"]]
    kop = _KOP(
        _("Kwartaal"),
        _("RSZ-aangifte (DmfA)"),
        _("Referteloon"),
        _("Plafond"),
        _("Percentage"),
        "".join(f'<th scope="col">{escape(str(label))}</th>' for _s, label in berekening["soorten"]),
        _("Uitbetaald"),
        _("Betaling"),
        _("Status"),
    )
    brutoloon, bijdragen, verminderingen, arbeidsfractie = (
        _("brutoloon"),
        _("werkgeversbijdragen"),
        _("verminderingen"),
        _("arbeidsfractie"),
    )
    correctie_van, kwartaal_n = _("Correctie %(k)s"), _("kwartaal %(n)s")
    streepjes = "<td>–</td>" * len(soorten)
    kolommen = len(soorten) + 7
    statussen: dict[str, tuple[str, str]] = {}  # status: (badge, label), escaped
    maanden: dict[int, str] = {}

    def status(rij, kwartaal: str) -> str:
        if rij.status not in statussen:
            statussen[rij.status] = (escape(rij.badge), escape(status_label(rij.status)))
        badge, label = statussen[rij.status]
        return _STATUS(badge, kwartaal, label)

    def percentage(waarde) -> str:
        return escape(f"{waarde} %") if waarde else "–"

    def rijen(rij):
        kwartaal = escape(str(rij.kwartaal))
        naam = kwartaal
        if rij.nummer:
            naam = _NAAM_MET_NUMMER(kwartaal, kwartaal_n % {"n": rij.nummer})
        for index, versie in enumerate(rij.versies):
            lijn = versie.cijfers
            if versie.correctie:
                testid = f"{kwartaal}-correctie-{versie.volgnummer}"
                klasse = ' class="correctie"'
                kop_rij = correctie_van % {"k": kwartaal}
                uitbetaald = opmaak.euro_teken(versie.uitbetaald)
            else:
                testid, klasse, kop_rij = kwartaal, "", naam
                uitbetaald = opmaak.euro(versie.uitbetaald)
            dmfa = "–"
            if lijn.brutoloon is not None:
                dmfa = _DMFA(
                    brutoloon,
                    opmaak.euro(lijn.brutoloon),
                    bijdragen,
                    opmaak.euro(lijn.werkgeversbijdragen),
                    verminderingen,
                    opmaak.euro(lijn.verminderingen),
                    arbeidsfractie,
                    opmaak.breuk(lijn.arbeidsfractie),
                )
            yield _VERSIE(
                testid,
                klasse,
                kop_rij,
                dmfa,
                opmaak.euro(lijn.referteloon),
                opmaak.euro(lijn.plafond),
                percentage(lijn.percentage),
                "".join(f"<td>{opmaak.euro(versie.bedrag(s))}</td>" for s in soorten),
                uitbetaald,
                escape(dag_maand_jaar(versie.betaaldatum or rij.betaalmaand)),
                status(rij, kwartaal) if index == 0 else "",
            )
        if not rij.versies:
            maand = rij.betaalmaand.month
            if maand not in maanden:
                maanden[maand] = escape(str(MONTHS[maand]))
            yield _ZONDER_LIJNEN(
                kwartaal,
                naam,
                percentage(rij.percentage),
                streepjes,
                f"{maanden[maand]} {rij.betaalmaand.year:04d}",  # as |date:"F Y"
                status(rij, kwartaal),
            )
        for reden in rij.redenen:
            yield _OPMERKING(kolommen, "reden", kwartaal, escape(str(reden)))
        for opmerking in rij.opmerkingen:
            yield _OPMERKING(kolommen, "opmerking", kwartaal, escape(str(opmerking)))

    berekeningen_van = _("Berekeningen %(jaar)s")
    totaal_van = _("Totaal uitbetaald voor de kwartalen van %(jaar)s")
    tabellen = (
        _TABEL(
            berekeningen_van % {"jaar": jaar.jaar},
            jaar.jaar,
            jaar.jaar,
            kop,
            "\n".join(html for rij in jaar.rijen for html in rijen(rij)),
            len(soorten) + 5,
            totaal_van % {"jaar": jaar.jaar},
            jaar.jaar,
            opmaak.euro(jaar.totaal),
        )
        for jaar in berekening["jaren"]
    )
    return mark_safe("\n".join(tabellen))  # nosec B308, B703: every value above escaped where it enters


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
