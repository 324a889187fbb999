"""The 'Berekeningen' tab writes its tables in Python (premies_tags._tabellen) instead of through
template loops: pinned here to the former template's markup (whitespace aside), in Dutch and in
English, for paid quarters with corrections, reclaims, reasons with markup characters, remarks,
quarters without lines and a hold; and the amounts to what ``numberformat`` wrote."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.utils import numberformat, translation
from django.utils.formats import get_format

from premies.berekeningen import berekeningen
from premies.models import Betalingsblokkering, Betalingsprobleem, RunStatus
from premies.templatetags.premies_tags import _Opmaak, _tabellen
from premies.uitbetaling import TERUGVORDERING_UIT_DIENST

from .factories import lijn, run, toegekend

VANDAAG = "2026-11-15 10:00 +01:00"

# The tables as templates/premies/berekeningen.html wrote them before (its loop over the years).
VORIGE_TABELLEN = """{% load i18n premies_tags %}
{% for jaar in berekening.jaren %}
<div class="tabel-scroll" role="region" tabindex="0" aria-label="{% blocktranslate with jaar=jaar.jaar %}Berekeningen {{ jaar }}{% endblocktranslate %}">
<table class="tabel berekeningen" data-testid="berekeningen-{{ jaar.jaar }}">
  <caption>{{ jaar.jaar }}</caption>
  <thead><tr>
    <th scope="col">{% translate "Kwartaal" %}</th>
    <th scope="col">{% translate "RSZ-aangifte (DmfA)" %}</th>
    <th scope="col">{% translate "Referteloon" %}</th>
    <th scope="col">{% translate "Plafond" %}</th>
    <th scope="col">{% translate "Percentage" %}</th>
    {% for soort, label in berekening.soorten %}<th scope="col">{{ label }}</th>{% endfor %}
    <th scope="col">{% translate "Uitbetaald" %}</th>
    <th scope="col">{% translate "Betaling" %}</th>
    <th scope="col">{% translate "Status" %}</th>
  </tr></thead>
  <tbody>
  {% for rij in jaar.rijen %}
    {% for versie in rij.versies %}{% with lijn=versie.cijfers %}
    <tr data-testid="kwartaal-{{ rij.kwartaal }}{% if versie.correctie %}-correctie-{{ versie.volgnummer }}{% endif %}"{% if versie.correctie %} class="correctie"{% endif %}>
      <th scope="row">{% if versie.correctie %}{% blocktranslate with k=rij.kwartaal %}Correctie {{ k }}{% endblocktranslate %}{% else %}{{ rij.kwartaal }}{% if rij.nummer %} <span class="form-text">({% blocktranslate with n=rij.nummer %}kwartaal {{ n }}{% endblocktranslate %})</span>{% endif %}{% endif %}</th>
      <td class="dmfa">{% if lijn.brutoloon is not None %}{% translate "brutoloon" %} {{ lijn.brutoloon|euro }}<br>{% translate "werkgeversbijdragen" %} {{ lijn.werkgeversbijdragen|euro }}<br>{% translate "verminderingen" %} {{ lijn.verminderingen|euro }}<br>{% translate "arbeidsfractie" %} {{ lijn.arbeidsfractie|breuk }}{% else %}–{% endif %}</td>
      <td>{{ lijn.referteloon|euro }}</td>
      <td>{{ lijn.plafond|euro }}</td>
      <td>{% if lijn.percentage %}{{ lijn.percentage }} %{% else %}–{% endif %}</td>
      {% for soort, label in berekening.soorten %}<td>{{ versie|premie:soort|euro }}</td>{% endfor %}
      <td>{% if versie.correctie %}{{ versie.uitbetaald|euro_teken }}{% else %}{{ versie.uitbetaald|euro }}{% endif %}</td>
      <td>{{ versie.betaaldatum|default:rij.betaalmaand|date:"d/m/Y" }}</td>
      <td>{% if forloop.first %}<span class="badge {{ rij.badge }}" data-testid="status-{{ rij.kwartaal }}">{{ rij.status_label }}</span>{% endif %}</td>
    </tr>
    {% endwith %}{% empty %}
    <tr data-testid="kwartaal-{{ rij.kwartaal }}">
      <th scope="row">{{ rij.kwartaal }}{% if rij.nummer %} <span class="form-text">({% blocktranslate with n=rij.nummer %}kwartaal {{ n }}{% endblocktranslate %})</span>{% endif %}</th>
      <td class="dmfa">–</td><td>–</td><td>–</td>
      <td>{% if rij.percentage %}{{ rij.percentage }} %{% else %}–{% endif %}</td>
      {% for soort in berekening.soorten %}<td>–</td>{% endfor %}
      <td>–</td>
      <td>{{ rij.betaalmaand|date:"F Y" }}</td>
      <td><span class="badge {{ rij.badge }}" data-testid="status-{{ rij.kwartaal }}">{{ rij.status_label }}</span></td>
    </tr>
    {% endfor %}
    {% for reden in rij.redenen %}<tr class="opmerking"><td></td><td colspan="{{ berekening.soorten|length|add:7 }}" data-testid="reden-{{ rij.kwartaal }}">{{ reden }}</td></tr>{% endfor %}
    {% for opmerking in rij.opmerkingen %}<tr class="opmerking"><td></td><td colspan="{{ berekening.soorten|length|add:7 }}" data-testid="opmerking-{{ rij.kwartaal }}">{{ opmerking }}</td></tr>{% endfor %}
  {% endfor %}
  </tbody>
  <tfoot><tr><th scope="row" colspan="{{ berekening.soorten|length|add:5 }}">{% blocktranslate with jaar=jaar.jaar %}Totaal uitbetaald voor de kwartalen van {{ jaar }}{% endblocktranslate %}</th><td data-testid="totaal-{{ jaar.jaar }}">{{ jaar.totaal|euro }}</td><td colspan="2"></td></tr></tfoot>
</table>
</div>
{% endfor %}"""  # noqa: E501


def _zonder_witruimte(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


def _zoals_vroeger(berekening: dict) -> None:
    vroeger = Template(VORIGE_TABELLEN).render(Context({"berekening": berekening}))
    assert _zonder_witruimte(_tabellen(berekening)) == _zonder_witruimte(vroeger)


@pytest.mark.django_db
@time_machine.travel(VANDAAG, tick=False)
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_de_tabellen_zoals_het_vorige_sjabloon_ze_schreef(taal):
    dossier, periode = toegekend(begeleidingspremie=True)
    april = run(dt.date(2026, 4, 20))
    lijn(dossier, periode, 2025, 4, run=april)
    lijn(dossier, periode, 2025, 4, soort="begeleidingspremie", run=april)
    lijn(
        dossier,
        periode,
        2026,
        1,
        run=run(dt.date(2026, 7, 20)),
        arbeidsfractie=Decimal("0.8000"),
        brutoloon=Decimal("1234567.89"),
    )
    lijn(
        dossier,
        periode,
        2026,
        1,
        volgnummer=2,
        run=run(dt.date(2026, 10, 20)),
        referteloon=Decimal("10875.00"),
        bedrag=Decimal("4350.00"),
        uitbetaald=Decimal("-150.00"),
    )
    # Approved, not sent: 'wordt betaald'; no cap or percentage on this line.
    lijn(
        dossier,
        periode,
        2026,
        1,
        volgnummer=3,
        run=run(dt.date(2026, 11, 20), status=RunStatus.GOEDGEKEURD),
        uitbetaald=Decimal("150.00"),
        plafond=None,
        percentage=None,
    )
    lijn(
        dossier,
        periode,
        2026,
        1,
        soort="begeleidingspremie",
        volgnummer=2,
        dmfa_versie=TERUGVORDERING_UIT_DIENST,
        bedrag=Decimal("0.00"),
        uitbetaald=Decimal("-1930.00"),
        dagen_in_dienst=10,
        dagen_kwartaal=90,
    )
    Betalingsprobleem.objects.create(
        dossier=dossier,
        jaar=2026,
        kwartaal=2,
        premie_soort="loonpremie",
        reden="Negatief <b>brutoloon</b> & \"quotes\" 'x'.",
    )
    with translation.override(taal):
        berekening = berekeningen(dossier, dt.date(2026, 11, 15))
        html = str(_tabellen(berekening))
        _zoals_vroeger(berekening)
        Betalingsblokkering.objects.create(dossier=dossier, reden="Controle")
        _zoals_vroeger(berekeningen(dossier, dt.date(2026, 11, 15)))

    # What the rows say, not only that they say it as before.
    assert "Negatief &lt;b&gt;brutoloon&lt;/b&gt; &amp; &quot;quotes&quot; &#x27;x&#x27;." in html
    assert 'data-testid="kwartaal-2026-Q1-correctie-3" class="correctie"' in html
    assert html.count('<table class="tabel berekeningen"') == 3  # 2025, 2026, 2027
    if taal == "nl":
        assert "brutoloon € 1.234.567,89" in html and "arbeidsfractie 0,8" in html
        assert "<td>− € 2.080,00</td>" in html and "<td>+ € 150,00</td>" in html  # corrections 2, 3
        assert ">Wordt betaald</span>" in html and ">In onderzoek bij DWSE</span>" in html
        assert "<td>januari 2027</td>" in html  # 2026-Q3, not due yet
    else:
        assert "gross wage € 1,234,567.89" in html
        assert "<td>January 2027</td>" in html


@pytest.mark.django_db
@time_machine.travel(VANDAAG, tick=False)
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_zonder_betalingen_en_een_zelfstandige_zoals_vroeger(taal):
    zonder, _periode = toegekend(schijven=((1, 2, 40), (3, 8, 30)))
    zelfstandige, periode = toegekend(aanvrager_soort="zelfstandige")
    lijn(zelfstandige, periode, 2025, 4, soort="ondersteuningspremie", run=run(dt.date(2026, 4, 20)))
    with translation.override(taal):
        for dossier in (zonder, zelfstandige):
            _zoals_vroeger(berekeningen(dossier, dt.date(2026, 11, 15)))


BEDRAGEN = [
    0,
    "0",
    "-0.00",
    "0.004",
    "0.005",
    "0.015",
    "-0.015",
    "12.5",
    Decimal("1234.5"),
    Decimal("-1234.56"),
    Decimal("999.995"),
    Decimal("1000000"),
    Decimal("-12345678.9"),
    Decimal("1E+3"),
    1930,
    -7,
    2.675,
]


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_bedragen_zoals_numberformat_ze_schreef(taal):
    """The separators are read once per tab; the text is still what the filters wrote with
    ``numberformat`` (rounded to the cent, grouped by three)."""

    def vroeger(bedrag) -> str:
        tekst = numberformat.format(
            abs(Decimal(bedrag)).quantize(Decimal("0.01")),
            get_format("DECIMAL_SEPARATOR"),
            decimal_pos=2,
            grouping=3,
            thousand_sep=get_format("THOUSAND_SEPARATOR"),
            force_grouping=True,
        )
        return f"€ {tekst}"

    with translation.override(taal):
        opmaak = _Opmaak()
        for bedrag in BEDRAGEN:
            negatief = Decimal(bedrag) < 0
            assert opmaak.euro(bedrag) == ("− " if negatief else "") + vroeger(bedrag), bedrag
            assert opmaak.euro_teken(bedrag) == ("− " if negatief else "+ ") + vroeger(bedrag), bedrag
        assert opmaak.euro(None) == opmaak.euro("") == opmaak.euro_teken(None) == "–"
        assert opmaak.breuk(Decimal("0.8000")) == {"nl": "0,8", "en": "0.8"}[taal]
        assert opmaak.breuk(Decimal("1")) == "1" and opmaak.breuk(None) == "–"


def test_scheidingstekens_in_html_eenmaal_ontsnapt(monkeypatch):
    """The tab writes its amounts without escaping each: a language whose separators held markup
    characters would still give HTML, because _Opmaak(html=True) escapes them once; the filters
    (escaped by the template) get them as they are."""
    from django.utils import formats

    tekens = {"DECIMAL_SEPARATOR": "<", "THOUSAND_SEPARATOR": "&"}
    monkeypatch.setattr(formats, "get_format", lambda naam, *args, **kwargs: tekens[naam])
    assert _Opmaak(html=True).euro(Decimal("-1234.5")) == "− € 1&amp;234&lt;50"
    assert _Opmaak(html=True).breuk(Decimal("0.5")) == "0&lt;5"
    assert _Opmaak().euro(Decimal("1234.5")) == "€ 1&234<50"
