"""Pure rules of the application procedure: dates and status transitions.

No ORM, no request. Views, services, tasks and the admin call these; they never re-implement them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from loket.rules import eerste_dag_kwartaal

ONTVANKELIJKHEID_TERMIJN_DAGEN = 7
BESLISSING_TERMIJN_DAGEN = 30


def startdatum(beslissingsdatum: dt.date) -> dt.date:
    """First day of the quarter of the decision (not of the application)."""
    return eerste_dag_kwartaal(beslissingsdatum)


def einddatum(startdatum: dt.date, duur_jaren: int) -> dt.date:
    """The day before the same date ``duur_jaren`` later: 2026-10-01, 2 → 2028-09-30."""
    if duur_jaren < 1:
        raise ValueError("duur_jaren must be at least 1")
    try:
        zelfde_dag = startdatum.replace(year=startdatum.year + duur_jaren)
    except ValueError:  # 29 February into a year without it: the period ends on 28 February.
        return dt.date(startdatum.year + duur_jaren, 2, 28)
    return zelfde_dag - dt.timedelta(days=1)


def ontvankelijkheid_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """The admissibility mail goes out within 7 days of submission."""
    return ingediend_op + dt.timedelta(days=ONTVANKELIJKHEID_TERMIJN_DAGEN)


def beslissing_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """A decision follows within 30 days of submission."""
    return ingediend_op + dt.timedelta(days=BESLISSING_TERMIJN_DAGEN)


# The dossier's life. Every status change is checked against this table.
OVERGANGEN: dict[str, frozenset[str]] = {
    "concept": frozenset({"ingediend"}),
    "ingediend": frozenset({"ontvankelijk", "niet_ontvankelijk"}),
    "ontvankelijk": frozenset({"in_behandeling", "niet_ontvankelijk", "toegekend", "geweigerd"}),
    "niet_ontvankelijk": frozenset({"ontvankelijk"}),  # only by a staff override, with a reason
    "in_behandeling": frozenset({"toegekend", "geweigerd", "niet_ontvankelijk"}),
    # toegekend → geweigerd: a recorded correction. toegekend → beeindigd: the employee left
    # service (a processed 'uit dienst' change, ``aanvragen.wijzigingen``) before the daily period
    # task moved the grant to 'lopend', or before its start date: the premium ends at once.
    "toegekend": frozenset({"lopend", "geweigerd", "beeindigd"}),
    "geweigerd": frozenset({"toegekend"}),  # a recorded correction
    # lopend → geweigerd: a recorded correction of a grant whose period had already begun.
    "lopend": frozenset({"beeindigd", "in_evaluatie", "geweigerd"}),
    "in_evaluatie": frozenset({"lopend", "beeindigd"}),
    "beeindigd": frozenset(),
}

OPEN_STATUSSEN = frozenset(
    {"ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend", "in_evaluatie"}
)


def overgang_toegelaten(van: str, naar: str) -> bool:
    return naar in OVERGANGEN.get(van, frozenset())


# --- Admissibility (ontvankelijkheid) ------------------------------------------------------------
#
# The task in ``aanvragen.tasks`` asks the authentic sources (VDAB, Dimona, KBO) and passes their
# answers, as plain values, to ``redenen_niet_ontvankelijk``. Every reason found is returned, each
# with a code (stored on the dossier), a plain Dutch explanation and what the applicant can do now.

# Codes of the reasons; stored in ``Dossier.ontvankelijkheid_redenen``, so never rename them.
PREMIE_WIJKT_AF = "premie_wijkt_af_van_behoefte"
GEEN_TEWERKSTELLING = "geen_tewerkstelling_dimona"
GEEN_BEHOEFTE = "geen_behoefte_vdab"
PREMIE_PAST_NIET_BIJ_AANVRAGER = "premie_past_niet_bij_aanvrager"
ONDERNEMING_IN_MOEILIJKHEDEN = "onderneming_in_moeilijkheden"
ANDERE_OVERHEID = "andere_overheid"
VIA_DEPARTEMENT_ONDERWIJS = "tewerkgesteld_via_departement_onderwijs"
ONDERWIJS_NIET_AANGEDUID = "departement_onderwijs_niet_aangeduid"
GEEN_VESTIGING = "geen_vestiging"
BEGELEIDING_BUITEN_VLAANDEREN = "begeleidingspremie_buiten_vlaams_gewest"
VESTIGING_BUITEN_EER = "vestiging_buiten_eu_eer"
WOONPLAATS_WERKNEMER = "woonplaats_werknemer"
ONDERNEMING_NIET_ACTIEF = "onderneming_niet_actief"

# Region codes as in ``loket.models.Gewest`` (plain strings: no ORM here).
BELGISCHE_GEWESTEN = frozenset({"vlaanderen", "brussel", "wallonie"})
GEWESTEN_EU_EER = BELGISCHE_GEWESTEN | {"eu_eer"}
SCHOLEN = frozenset({"school", "scholengroep"})
LOONPREMIES = frozenset({"loonpremie", "loon_begeleiding"})


@dataclass(frozen=True)
class Reden:
    """One reason why an application is not admissible."""

    code: str
    uitleg: str
    wat_nu: str

    def als_dict(self) -> dict[str, str]:
        return {"code": self.code, "uitleg": self.uitleg, "wat_nu": self.wat_nu}


@dataclass(frozen=True)
class AanvraagFeiten:
    """What the applicant declared, as plain values (read from the dossier by the caller).

    ``vestiging_gewest`` and ``woonplaats_gewest`` use the codes of ``loket.models.Gewest``;
    ``None`` means unknown. ``organisatie_soort`` uses ``loket.models.OrganisatieSoort``.
    """

    aanvrager_soort: str  # werkgever | zelfstandige
    premie_keuze: str  # loonpremie | loon_begeleiding | ondersteuning
    organisatie_soort: str
    in_moeilijkheden: bool = False
    via_departement_onderwijs: bool | None = None
    vestiging_gewest: str | None = None
    woonplaats_gewest: str | None = None


def _reden(code: str, *, zelfstandige: bool = False) -> Reden:
    """The Dutch texts of each reason (what is wrong, what to do next). ``zelfstandige``: the
    applicant is the self-employed person with the disability, so a text about the person
    speaks to them, not of 'de werknemer'; the code stays the same."""
    if code == GEEN_BEHOEFTE and zelfstandige:
        return Reden(
            code=code,
            uitleg=_(
                "VDAB heeft (nog) geen geldige behoefte aan werkondersteunende maatregelen "
                "vastgesteld bij u, of erkende (nog) geen arbeidshandicap bij u."
            ),
            wat_nu=_(
                "Pas als VDAB dit heeft vastgesteld, kunt u een nieuwe aanvraag indienen. Neem "
                "hiervoor contact op met VDAB."
            ),
        )
    teksten = {
        PREMIE_WIJKT_AF: (
            _(
                "De premie die u koos in de aanvraag komt niet overeen met de behoefte aan "
                "werkondersteunende maatregelen die VDAB vaststelde."
            ),
            _("Dien een nieuwe aanvraag in met de juiste keuze, zoals VDAB die adviseerde."),
        ),
        GEEN_TEWERKSTELLING: (
            _(
                "Er is op de datum van uw aanvraag geen geldige arbeidsrelatie tussen u en de "
                "werknemer terug te vinden in Dimona."
            ),
            _(
                "U kunt enkel een aanvraag indienen tijdens de tewerkstelling. Controleer de "
                "Dimona-aangifte en dien daarna een nieuwe aanvraag in."
            ),
        ),
        GEEN_BEHOEFTE: (
            _(
                "VDAB heeft (nog) geen geldige behoefte aan werkondersteunende maatregelen "
                "vastgesteld bij deze werknemer, of erkende (nog) geen arbeidshandicap."
            ),
            _(
                "Pas als VDAB dit heeft vastgesteld, kunt u een nieuwe aanvraag indienen. De "
                "werknemer kan hiervoor contact opnemen met VDAB."
            ),
        ),
        PREMIE_PAST_NIET_BIJ_AANVRAGER: (
            _(
                "Een werkgever vraagt een loonpremie (eventueel met begeleidingspremie) aan; een "
                "zelfstandige vraagt een ondersteuningspremie aan. Uw keuze past niet bij uw situatie."
            ),
            _("Dien een nieuwe aanvraag in met de premie die bij uw situatie past."),
        ),
        ONDERNEMING_IN_MOEILIJKHEDEN: (
            _("Een onderneming in moeilijkheden komt niet in aanmerking voor individueel maatwerk."),
            _(
                "Neem contact op met het Departement Werk en Sociale Economie als uw onderneming "
                "niet (meer) in moeilijkheden is."
            ),
        ),
        ANDERE_OVERHEID: (
            _(
                "Van de overheden komen enkel scholen en lokale besturen in aanmerking voor "
                "individueel maatwerk."
            ),
            _("Er is voor deze aanvraag geen verdere actie mogelijk."),
        ),
        VIA_DEPARTEMENT_ONDERWIJS: (
            _(
                "U duidde aan dat de werknemer tewerkgesteld is via het Departement Onderwijs. Dat "
                "personeel wordt door het Departement Onderwijs betaald; daarvoor kan de school "
                "geen individueel maatwerk aanvragen."
            ),
            _(
                "Klopt dit niet? Dien dan een nieuwe aanvraag in en duid aan dat de werknemer niet "
                "via het Departement Onderwijs tewerkgesteld is."
            ),
        ),
        ONDERWIJS_NIET_AANGEDUID: (
            _(
                "Voor een school moet u aanduiden of de werknemer tewerkgesteld is via het "
                "Departement Onderwijs. Dat ontbreekt in uw aanvraag."
            ),
            _("Dien een nieuwe aanvraag in en beantwoord die vraag."),
        ),
        GEEN_VESTIGING: (
            _("U gaf niet op in welke vestiging de werknemer werkt."),
            _("Dien een nieuwe aanvraag in en kies de vestiging waar de werknemer werkt."),
        ),
        BEGELEIDING_BUITEN_VLAANDEREN: (
            _(
                "De begeleidingspremie kan enkel voor een werknemer in een vestiging in het Vlaams "
                "Gewest. De vestiging die u opgaf, ligt daarbuiten."
            ),
            _(
                "Dien een nieuwe aanvraag in voor enkel de loonpremie, of kies de juiste vestiging "
                "als de werknemer in het Vlaams Gewest werkt."
            ),
        ),
        VESTIGING_BUITEN_EER: (
            _(
                "De loonpremie kan enkel voor een tewerkstelling in België of in een vestiging in "
                "een land van de Europese Unie of de Europese Economische Ruimte."
            ),
            _("Er is voor deze tewerkstelling geen verdere actie mogelijk."),
        ),
        WOONPLAATS_WERKNEMER: (
            _(
                "De werknemer moet in Vlaanderen wonen, of in de Europese Unie of de Europese "
                "Economische Ruimte wonen en in Vlaanderen werken."
            ),
            _(
                "Klopt de woonplaats of de vestiging niet? Laat de gegevens verbeteren en dien "
                "daarna een nieuwe aanvraag in."
            ),
        ),
        ONDERNEMING_NIET_ACTIEF: (
            _(
                "Uw onderneming is niet (meer) actief ingeschreven in de Kruispuntbank van "
                "Ondernemingen (KBO)."
            ),
            _(
                "Laat uw inschrijving in de KBO in orde brengen en dien daarna een nieuwe aanvraag "
                "in, met een bewijs van voldoende bedrijfsactiviteit."
            ),
        ),
    }
    uitleg, wat_nu = teksten[code]
    return Reden(code=code, uitleg=str(uitleg), wat_nu=str(wat_nu))


def reden(code: str, *, zelfstandige: bool = False) -> Reden:
    """The reason with this code (for staff overrides, tests and stored codes)."""
    return _reden(code, zelfstandige=zelfstandige)


def redenen_niet_ontvankelijk(
    aanvraag: AanvraagFeiten,
    indicatie,
    tewerkstelling,
    onderneming=None,
) -> list[Reden]:
    """Every reason why the application is not admissible; an empty list means admissible.

    ``indicatie``: the ``loket.bronnen.vdab.Indicatie`` valid on the submission date, or None.
    ``tewerkstelling``: the ``loket.bronnen.dimona.Tewerkstelling`` between employer and employee
    on the submission date, or None. ``onderneming``: the ``loket.bronnen.kbo.Onderneming`` of the
    applicant (checked for the self-employed), or None.

    The three reasons of the procedure come first, in its order; then the domain's conditions.
    """
    codes: list[str] = []
    zelfstandige = aanvraag.aanvrager_soort == "zelfstandige"

    # (1) and (3): the need set by VDAB.
    geldige_behoefte = (
        indicatie is not None and bool(indicatie.arbeidshandicap_erkend) and bool(indicatie.behoefte)
    )
    if geldige_behoefte and indicatie.behoefte != aanvraag.premie_keuze:
        codes.append(PREMIE_WIJKT_AF)
    # (2) Dimona: only employees have an employment relation with the applicant.
    if not zelfstandige and tewerkstelling is None:
        codes.append(GEEN_TEWERKSTELLING)
    if not geldige_behoefte:
        codes.append(GEEN_BEHOEFTE)

    if zelfstandige != (aanvraag.premie_keuze == "ondersteuning"):
        codes.append(PREMIE_PAST_NIET_BIJ_AANVRAGER)
    if aanvraag.in_moeilijkheden:
        codes.append(ONDERNEMING_IN_MOEILIJKHEDEN)
    if aanvraag.organisatie_soort == "andere_overheid":
        codes.append(ANDERE_OVERHEID)
    if aanvraag.organisatie_soort in SCHOLEN and not zelfstandige:
        if aanvraag.via_departement_onderwijs is None:
            codes.append(ONDERWIJS_NIET_AANGEDUID)
        elif aanvraag.via_departement_onderwijs:
            codes.append(VIA_DEPARTEMENT_ONDERWIJS)

    if zelfstandige:
        if onderneming is None or not onderneming.actief:
            codes.append(ONDERNEMING_NIET_ACTIEF)
        return [_reden(code, zelfstandige=True) for code in codes]

    gewest = aanvraag.vestiging_gewest
    if not gewest:
        codes.append(GEEN_VESTIGING)
    else:
        codes += premie_past_niet_bij_vestiging(aanvraag.premie_keuze, gewest)
    if not woonplaats_in_orde(aanvraag.woonplaats_gewest, gewest):
        codes.append(WOONPLAATS_WERKNEMER)
    return [_reden(code) for code in codes]


def premie_past_niet_bij_vestiging(premie_keuze: str, vestiging_gewest: str) -> list[str]:
    """Why the premium asked cannot be granted for an employee of this establishment (reason
    codes; empty: it can). Known on the form's premium step already, which says so there."""
    codes = []
    if premie_keuze == "loon_begeleiding" and vestiging_gewest != "vlaanderen":
        codes.append(BEGELEIDING_BUITEN_VLAANDEREN)
    if premie_keuze in LOONPREMIES and vestiging_gewest not in GEWESTEN_EU_EER:
        codes.append(VESTIGING_BUITEN_EER)
    return codes


def woonplaats_in_orde(woonplaats_gewest: str | None, vestiging_gewest: str | None) -> bool:
    """Lives in Flanders; or lives in the EU/EEA (Brussels and Wallonia included) and works in
    an establishment in the Flemish Region. An unknown residence is not held against the
    applicant here (staff check it while handling the dossier)."""
    if woonplaats_gewest is None or woonplaats_gewest == "" or woonplaats_gewest == "vlaanderen":
        return True
    return woonplaats_gewest in GEWESTEN_EU_EER and vestiging_gewest == "vlaanderen"


# --- The application form (wizard): which steps apply, what is still missing, duplicates ----------

WERKGEVER_STAPPEN = (
    "contact",
    "werknemer",
    "vestiging",
    "premie",
    "onderwijs",
    "begeleiding",
    "rekening",
    "vop",
    "overzicht",
)
ZELFSTANDIGE_STAPPEN = ("contact", "ondersteuning", "bedrijfsactiviteit", "rekening", "vop", "overzicht")
WERKGEVER_PREMIES = frozenset({"loonpremie", "loon_begeleiding"})


def aanvraag_stappen(*, zelfstandige: bool, onderwijs: bool, premie_keuze: str) -> list[str]:
    """The steps of the form that apply, in order; the last one is always the summary.

    Only schools answer the Departement Onderwijs question; only 'loonpremie en
    begeleidingspremie' asks for the begeleider and collega-coach.
    """
    if zelfstandige:
        return list(ZELFSTANDIGE_STAPPEN)
    stappen = list(WERKGEVER_STAPPEN)
    if not onderwijs:
        stappen.remove("onderwijs")
    if premie_keuze != "loon_begeleiding":
        stappen.remove("begeleiding")
    return stappen


def volgende_stap(stappen: list[str], huidige: str) -> str | None:
    i = stappen.index(huidige)
    return stappen[i + 1] if i + 1 < len(stappen) else None


def vorige_stap(stappen: list[str], huidige: str) -> str | None:
    i = stappen.index(huidige)
    return stappen[i - 1] if i > 0 else None


def hervat_stap(stappen: list[str], laatste_stap: str) -> str:
    """Where 'Verder invullen' resumes a draft: the step the user was sent to last (saved in
    ``Dossier.laatste_stap``), or the first step if that step no longer applies."""
    return laatste_stap if laatste_stap in stappen else stappen[0]


def _ingevuld(waarde) -> bool:
    return waarde is not None and waarde != ""


def stap_onvolledig(stap: str, g: dict) -> bool:
    """Is a required answer of ``stap`` missing? ``g`` holds the dossier's answers plus
    ``documenten`` (the set of uploaded document kinds) and ``rekening_bekend`` (an account is
    on file for the paying organisation)."""
    documenten = g.get("documenten", frozenset())
    if stap == "contact":
        return not all(_ingevuld(g.get(k)) for k in ("contact_naam", "contact_email", "contact_telefoon"))
    if stap in ("werknemer", "ondersteuning"):
        persoon = ("werknemer_insz", "werknemer_voornaam", "werknemer_achternaam")
        if not all(_ingevuld(g.get(k)) for k in persoon):
            return True
        if stap == "ondersteuning":
            return g.get("premie_keuze") != "ondersteuning"
        return not _ingevuld(g.get("werknemer_woonplaats_gewest"))
    if stap == "vestiging":
        return not _ingevuld(g.get("vestiging_id"))
    if stap == "premie":
        return g.get("premie_keuze") not in WERKGEVER_PREMIES
    if stap == "onderwijs":
        return g.get("via_departement_onderwijs") is None
    if stap == "begeleiding":
        if not _ingevuld(g.get("collega_coach_naam")):
            return True
        if g.get("begeleider_soort") == "intern":
            return not _ingevuld(g.get("begeleider_naam")) or "bewijs_kwalificatie" not in documenten
        if g.get("begeleider_soort") == "extern":
            return not _ingevuld(g.get("dienstverlener_id"))
        return True
    if stap == "bedrijfsactiviteit":
        return "bewijs_bedrijfsactiviteit" not in documenten
    if stap == "rekening":
        return not (g.get("rekening_bekend") or _ingevuld(g.get("iban")))
    if stap == "vop":
        return bool(g.get("vop_evaluatie")) and "motivatieverslag" not in documenten
    return False


def onvolledige_stappen(stappen: list[str], gegevens: dict) -> list[str]:
    """The steps (in order) that still miss a required answer; empty: ready to submit."""
    return [stap for stap in stappen if stap != "overzicht" and stap_onvolledig(stap, gegevens)]


def blokkerende_aanvraag(insz: str, bestaande, eigen_id=None):
    """One application per employee: the id of another application of the same organisation for
    the same INSZ that is submitted and still open (or whose premium runs), else None.

    ``bestaande``: iterable of ``(id, insz, status)`` of the organisation's dossiers. Drafts,
    refused, inadmissible and ended dossiers do not block.
    """
    if not insz:
        return None
    for dossier_id, andere_insz, status in bestaande:
        if dossier_id != eigen_id and andere_insz == insz and status in OPEN_STATUSSEN:
            return dossier_id
    return None


# --- Handling and deciding (behandeling by DWSE staff) --------------------------------------------

# A first decision is taken only on an admissible dossier; a decided dossier changes only through
# a recorded correction (a new decision that replaces the previous one).
BESLISBARE_STATUSSEN = frozenset({"ontvankelijk", "in_behandeling"})
CORRIGEERBARE_STATUSSEN = frozenset({"toegekend", "geweigerd", "lopend"})
PERCENTAGE_MIN = 20
PERCENTAGE_MAX = 75
PERCENTAGE_STAP = 5
ONDERSTEUNING_PERCENTAGE_MAX = 55
DUUR_MIN_JAREN = 1
DUUR_MAX_JAREN = 5
# A deadline counts as near when at most this many days are left.
BIJNA_VERVALLEN_DAGEN = 2


def premies_voor_keuze(premie_keuze: str) -> dict[str, bool]:
    """The premium types a grant covers for the premium the applicant asked for."""
    return {
        "loonpremie": premie_keuze in LOONPREMIES,
        "begeleidingspremie": premie_keuze == "loon_begeleiding",
        "ondersteuningspremie": premie_keuze == "ondersteuning",
    }


def valideer_beslissing(
    *,
    uitkomst: str,
    loonpremie: bool = False,
    begeleidingspremie: bool = False,
    ondersteuningspremie: bool = False,
    percentage: int | None = None,
    duur_jaren: int | None = None,
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    reden: str = "",
    correctie: bool = False,
) -> dict[str, str]:
    """Every problem with a decision, as {field: Dutch message}; empty means the decision is valid.

    A grant needs the premium types, a percentage between 20 and 75 (a multiple of 5; at most 55
    for the ondersteuningspremie), a duration of 1 to 5 years and a period that ends after it
    starts. A refusal and a correction need a reason.
    """
    fouten: dict[str, str] = {}
    reden_leeg = not (reden or "").strip()
    if uitkomst not in ("toegekend", "geweigerd"):
        fouten["uitkomst"] = _("Kies of u de premie toekent of weigert.")
        return fouten
    if correctie and reden_leeg:
        fouten["reden"] = _("Geef de reden van de correctie op.")
    if uitkomst == "geweigerd":
        if reden_leeg:
            fouten["reden"] = _("Geef de reden van de weigering op; die staat in de beslissingsbrief.")
        return fouten

    if not (loonpremie or begeleidingspremie or ondersteuningspremie):
        fouten["loonpremie"] = _("Duid minstens één premie aan die u toekent.")
    elif ondersteuningspremie and (loonpremie or begeleidingspremie):
        fouten["ondersteuningspremie"] = _(
            "De ondersteuningspremie (zelfstandige) kan niet samen met een loon- of begeleidingspremie."
        )
    elif begeleidingspremie and not loonpremie:
        fouten["begeleidingspremie"] = _("De begeleidingspremie kan enkel samen met de loonpremie.")

    if percentage is None:
        fouten["percentage"] = _("Vul het percentage in.")
    elif not PERCENTAGE_MIN <= percentage <= PERCENTAGE_MAX:
        fouten["percentage"] = _("Het percentage ligt tussen %(min)s en %(max)s%%.") % {
            "min": PERCENTAGE_MIN,
            "max": PERCENTAGE_MAX,
        }
    elif percentage % PERCENTAGE_STAP:
        fouten["percentage"] = _("Het percentage is altijd een veelvoud van %(stap)s.") % {
            "stap": PERCENTAGE_STAP
        }
    elif ondersteuningspremie and percentage > ONDERSTEUNING_PERCENTAGE_MAX:
        fouten["percentage"] = _("De ondersteuningspremie bedraagt hoogstens %(max)s%%.") % {
            "max": ONDERSTEUNING_PERCENTAGE_MAX
        }

    if duur_jaren is None:
        fouten["duur_jaren"] = _("Vul de duurtijd in (in jaren).")
    elif not DUUR_MIN_JAREN <= duur_jaren <= DUUR_MAX_JAREN:
        fouten["duur_jaren"] = _("De duurtijd ligt tussen %(min)s en %(max)s jaar.") % {
            "min": DUUR_MIN_JAREN,
            "max": DUUR_MAX_JAREN,
        }

    if startdatum is None:
        fouten["startdatum"] = _("Vul de begindatum in.")
    if einddatum is None:
        fouten["einddatum"] = _("Vul de einddatum in.")
    elif startdatum is not None and einddatum <= startdatum:
        fouten["einddatum"] = _("De einddatum moet na de begindatum liggen.")
    elif startdatum is not None and duur_jaren and "duur_jaren" not in fouten:
        if einddatum > einddatum_max(startdatum, duur_jaren):
            fouten["einddatum"] = _("De einddatum ligt na het einde van de duurtijd (%(datum)s).") % {
                "datum": einddatum_max(startdatum, duur_jaren).strftime("%d/%m/%Y")
            }
    return fouten


def einddatum_max(start: dt.date, duur_jaren: int) -> dt.date:
    """The latest end date a grant of ``duur_jaren`` starting on ``start`` can have."""
    return einddatum(start, duur_jaren)


def lopende_termijn(
    status: str, ontvankelijkheid_uiterlijk: dt.date | None, beslissing_uiterlijk: dt.date | None
) -> dt.date | None:
    """The deadline that runs now: the 7-day confirmation for a submitted application, the
    30-day decision for an admissible dossier; none in other statuses."""
    if status == "ingediend":
        return ontvankelijkheid_uiterlijk
    if status in BESLISBARE_STATUSSEN:
        return beslissing_uiterlijk
    return None


def dagen_over(termijn: dt.date | None, vandaag: dt.date) -> int | None:
    """Days left until ``termijn`` (negative: overdue by that many days)."""
    return None if termijn is None else (termijn - vandaag).days


def termijn_stand(termijn: dt.date | None, vandaag: dt.date) -> str | None:
    """'verlopen' (past), 'bijna' (at most 2 days left), 'op_tijd', or None without deadline."""
    dagen = dagen_over(termijn, vandaag)
    if dagen is None:
        return None
    if dagen < 0:
        return "verlopen"
    if dagen <= BIJNA_VERVALLEN_DAGEN:
        return "bijna"
    return "op_tijd"


# --- The period of a granted premium (status moved daily by ``tasks.werk_periodes_bij``) ---------


def status_volgens_periode(
    status: str, startdatum: dt.date | None, einddatum: dt.date | None, vandaag: dt.date
) -> str | None:
    """The next status the premium's period brings on ``vandaag``, or None (nothing changes).

    'toegekend' becomes 'lopend' on its start date (the first day of the quarter of the decision,
    so usually at once); 'lopend' becomes 'beeindigd' the day after its end date. 'in_evaluatie'
    is never ended here: while DWSE has not decided on an admissible evaluation request the
    payment continues. One step at a time: a grant whose whole period lies in the past needs two
    (see ``periode_stappen``).
    """
    if status == "toegekend" and startdatum is not None and startdatum <= vandaag:
        return "lopend"
    if status == "lopend" and einddatum is not None and einddatum < vandaag:
        return "beeindigd"
    return None


def periode_stappen(
    status: str, startdatum: dt.date | None, einddatum: dt.date | None, vandaag: dt.date
) -> list[str]:
    """Every status the period brings on ``vandaag``, in order (empty: nothing to do).

    'toegekend' with a period wholly in the past: ['lopend', 'beeindigd'].
    """
    stappen: list[str] = []
    while (volgende := status_volgens_periode(status, startdatum, einddatum, vandaag)) is not None:
        stappen.append(volgende)
        status = volgende
    return stappen


def periode_duur_jaren(begin: dt.date, eind: dt.date) -> int:
    """Whole years a period covers: 2026-04-01 to 2031-03-31 is 5; 0 if less than a year."""
    jaren = 0
    while eind >= einddatum(begin, jaren + 1):
        jaren += 1
    return jaren


# --- Reported changes, applied by staff (``aanvragen.wijzigingen``) -------------------------------

# A premium that runs (or is granted and about to run): leaving service moves its end date.
LOPENDE_PREMIE_STATUSSEN = frozenset({"toegekend", "lopend", "in_evaluatie"})
# Not decided yet: an application is only possible during the employment, so the case handler
# refuses it when the employee left; processing the change only records it.
NOG_TE_BESLISSEN_STATUSSEN = frozenset({"ingediend", "ontvankelijk", "in_behandeling"})


@dataclass(frozen=True)
class GevolgUitDienst:
    """What an employee leaving service does to the dossier.

    ``soort``: 'periode' (a running premium: ``einddatum`` is the new end date, ``beeindigen``
    says whether the dossier ends now), 'niet_beslist' (recorded; the dossier page warns the case
    handler) or 'afgesloten' (the dossier is closed: nothing changes).
    """

    soort: str
    einddatum: dt.date | None = None
    beeindigen: bool = False


def einddatum_na_uitdienst(einddatum: dt.date | None, laatste_dag: dt.date) -> dt.date:
    """The premium covers the employment only: the end date becomes the last day in service when
    that is earlier (a later last day changes nothing)."""
    return laatste_dag if einddatum is None else min(einddatum, laatste_dag)


def gevolg_uit_dienst(
    status: str, einddatum: dt.date | None, laatste_dag: dt.date, vandaag: dt.date
) -> GevolgUitDienst:
    """The effect of 'werknemer uit dienst op ``laatste_dag``' processed on ``vandaag``.

    A running premium ends on the earlier of its end date and the last day in service; when that
    day is already past, the dossier ends now (otherwise the daily period task ends it the day
    after, like any period). Same rule as ``status_volgens_periode``: ended the day after the end.
    """
    if status in LOPENDE_PREMIE_STATUSSEN:
        nieuw = einddatum_na_uitdienst(einddatum, laatste_dag)
        return GevolgUitDienst("periode", einddatum=nieuw, beeindigen=nieuw < vandaag)
    if status in NOG_TE_BESLISSEN_STATUSSEN:
        return GevolgUitDienst("niet_beslist")
    return GevolgUitDienst("afgesloten")


def rekening_geldig_vanaf(gemeld_vanaf: dt.date | None, vandaag: dt.date) -> dt.date:
    """A new bank account applies from the date the employer reported, else from today."""
    return gemeld_vanaf or vandaag


# --- Appeal (beroep) against a decision ---------------------------------------------------------

# The appeal period counts from the decision's date, which is the date of its letter; the letters
# state the last day this rule gives (template filter ``beroep_tot``), so letter and button agree.
BEROEPSTERMIJN_DAGEN = 45
BEROEP_BESLISSING_TERMIJN_DAGEN = 60  # the heroverwegingscommissie decides within 60 days


def beroep_mogelijk_tot(beslist_op: dt.date) -> dt.date:
    """The last day an appeal can be filed: 45 days after the decision's date (the date of its
    letter). The letters print this day; the dossier page's button stays until it has passed."""
    return beslist_op + dt.timedelta(days=BEROEPSTERMIJN_DAGEN)


def beroep_mogelijk(beslist_op: dt.date, vandaag: dt.date) -> bool:
    """An appeal can be filed from the decision's date up to and including day 45."""
    return beslist_op <= vandaag <= beroep_mogelijk_tot(beslist_op)


def beroep_beslissing_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """The date by which staff decide an appeal filed on ``ingediend_op``."""
    return ingediend_op + dt.timedelta(days=BEROEP_BESLISSING_TERMIJN_DAGEN)


# --- Retention (privacy statement: settings.BEWAARTERMIJN_DOSSIER_JAREN) ------------------------
# A dossier is kept that many years after it ended: the end of the premium, or the decision when
# no premium was granted. Afterwards its personal data are anonymised (aanvragen/bewaring.py).
AFGESLOTEN_STATUSSEN = ("beeindigd", "geweigerd", "niet_ontvankelijk")


def einde_dossier(status: str, einddatum: dt.date | None, afgesloten_op: dt.date | None) -> dt.date | None:
    """The day the dossier ended, or None while it is open. ``afgesloten_op``: the day of its last
    status change (into the final status)."""
    if status == "beeindigd":
        return einddatum or afgesloten_op
    if status in ("geweigerd", "niet_ontvankelijk"):
        return afgesloten_op
    return None


def jaren_later(dag: dt.date, jaren: int) -> dt.date:
    """The same date ``jaren`` later (29 February: 28 February in a year without it)."""
    try:
        return dag.replace(year=dag.year + jaren)
    except ValueError:
        return dt.date(dag.year + jaren, 2, 28)


def te_anonimiseren(
    status: str, einddatum: dt.date | None, afgesloten_op: dt.date | None, vandaag: dt.date, jaren: int
) -> bool:
    """Whether the retention period of an ended dossier is over on ``vandaag``."""
    einde = einde_dossier(status, einddatum, afgesloten_op)
    return einde is not None and vandaag >= jaren_later(einde, jaren)
