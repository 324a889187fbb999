"""Pure rules of the evaluation procedure: who may ask for an evaluation, from when, the new
period's start, continued payment, deadlines and the admissibility of a request.

No ORM, no request. The dossier page, the form, the services, the tasks and the admin call these;
nothing else re-implements them. Dates follow ``aanvragen.rules`` (a year ends the day before the
same date a year later; 29 February into a year without it becomes 28 February).

An evaluation of the *height* may be asked from the second year of the award, and not within two
years after the previous VDAB evaluation; an evaluation of the *duration* (an extension) in the
last year of the premium. Both only while the premium runs (the height up to the last day of the
award's period, except for a VOP of indefinite duration), and only for a premium of 5 years, a VOP
of indefinite duration or an LDE temporary arrangement. A 2-year premium is never evaluated: after
it ends the employer files a new application.

The 7-day confirmation of admissibility is the application's rule (``aanvragen.rules``), used here
under the same names; the 120-day decision deadline is the evaluation's own.

A request that was not filed in time (less than 5 months before the end) is still handled: the
dossier stays 'in_evaluatie' and the decision follows, but nothing is paid past the end date
meanwhile (``doorbetaling`` is false). A duration extension then starts, as always, on the first
day of the quarter after the previous end date, so the premium is paid for that time afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _

from aanvragen.rules import (
    ONTVANKELIJKHEID_TERMIJN_DAGEN,  # noqa: F401 - public here too: checks read evaluaties.rules
    Reden,
    ontvankelijkheid_uiterlijk,  # noqa: F401 - the same 7 days as an application, one rule
)
from aanvragen.rules import einddatum as einde_na_jaren
from loket.rules import Kwartaal, eerste_dag_kwartaal

HOOGTE = "hoogte"
DUUR = "duur"
SOORTEN = (HOOGTE, DUUR)

EVALUEERBARE_DUUR_JAREN = 5
JAREN_TUSSEN_EVALUATIES = 2
BESLISSING_TERMIJN_DAGEN = 120
DOORBETALING_MAANDEN_VOOR_EINDE = 5
HERINNERING_MAANDEN_VOOR_EINDE = 7
EEN_DAG = dt.timedelta(days=1)


def _datum(datum: dt.date) -> str:
    return datum.strftime("%d/%m/%Y")


def min_maanden(datum: dt.date, maanden: int) -> dt.date:
    """The same day ``maanden`` months earlier; the last day of a shorter month if it lacks it
    (31 July minus 5 months is 28 or 29 February)."""
    index = datum.year * 12 + datum.month - 1 - maanden
    jaar, maand = divmod(index, 12)
    dag = min(datum.day, calendar.monthrange(jaar, maand + 1)[1])
    return dt.date(jaar, maand + 1, dag)


def evaluatie_toegelaten(
    duur_jaren: int | None, *, vop_onbepaalde_duur: bool = False, lde_tijdelijke_regeling: bool = False
) -> bool:
    """May this premium be evaluated at all? A premium of 5 years, a VOP of indefinite duration
    or an LDE temporary arrangement: yes. A premium of 2 years (or a VOP of fixed duration): no."""
    if vop_onbepaalde_duur or lde_tijdelijke_regeling:
        return True
    return duur_jaren is not None and duur_jaren >= EVALUEERBARE_DUUR_JAREN


def hoogte_mogelijk_vanaf(
    startdatum: dt.date | None,
    duur_jaren: int | None,
    vorige_evaluatie: dt.date | None,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> dt.date | None:
    """The first day an evaluation of the height may be asked: the start of the second year of
    the award, and at least 2 years after the previous VDAB evaluation. None: never."""
    toegelaten = evaluatie_toegelaten(
        duur_jaren, vop_onbepaalde_duur=vop_onbepaalde_duur, lde_tijdelijke_regeling=lde_tijdelijke_regeling
    )
    if not toegelaten or startdatum is None:
        return None
    vanaf = einde_na_jaren(startdatum, 1) + EEN_DAG
    if vorige_evaluatie is not None:
        vanaf = max(vanaf, einde_na_jaren(vorige_evaluatie, JAREN_TUSSEN_EVALUATIES) + EEN_DAG)
    return vanaf


def hoogte_mogelijk_tot(
    startdatum: dt.date | None, duur_jaren: int | None, *, vop_onbepaalde_duur: bool = False
) -> dt.date | None:
    """The last day an evaluation of the height may be asked: the last day of the award's period
    (``duur_jaren`` years from ``startdatum``, less a day). Only a running premium is evaluated;
    after that the employer files a new application. None: no such day (a VOP of indefinite
    duration, whatever duration it was recorded with, or a duration that is not known)."""
    if vop_onbepaalde_duur or startdatum is None or duur_jaren is None or duur_jaren < 1:
        return None
    return einde_na_jaren(startdatum, duur_jaren)


def hoogte_evaluatie_mogelijk(
    startdatum: dt.date | None,
    duur_jaren: int | None,
    vorige_evaluatie: dt.date | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> bool:
    """May the height be evaluated on ``vandaag``? From ``hoogte_mogelijk_vanaf`` up to and
    including ``hoogte_mogelijk_tot``."""
    vanaf = hoogte_mogelijk_vanaf(
        startdatum,
        duur_jaren,
        vorige_evaluatie,
        vop_onbepaalde_duur=vop_onbepaalde_duur,
        lde_tijdelijke_regeling=lde_tijdelijke_regeling,
    )
    if vanaf is None or vandaag < vanaf:
        return False
    tot = hoogte_mogelijk_tot(startdatum, duur_jaren, vop_onbepaalde_duur=vop_onbepaalde_duur)
    return tot is None or vandaag <= tot


def verlenging_mogelijk_vanaf(
    einddatum: dt.date | None,
    duur_jaren: int | None,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> dt.date | None:
    """The first day of the premium's last year: the day after ``einddatum`` minus one year."""
    toegelaten = evaluatie_toegelaten(
        duur_jaren, vop_onbepaalde_duur=vop_onbepaalde_duur, lde_tijdelijke_regeling=lde_tijdelijke_regeling
    )
    if not toegelaten or einddatum is None:
        return None
    return min_maanden(einddatum, 12) + EEN_DAG


def verlenging_mogelijk(
    einddatum: dt.date | None,
    duur_jaren: int | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> bool:
    """May the duration be evaluated (an extension) on ``vandaag``? In the last year of a 5-year
    premium, up to and including its end date."""
    vanaf = verlenging_mogelijk_vanaf(
        einddatum,
        duur_jaren,
        vop_onbepaalde_duur=vop_onbepaalde_duur,
        lde_tijdelijke_regeling=lde_tijdelijke_regeling,
    )
    return vanaf is not None and vanaf <= vandaag <= einddatum


def mogelijke_soorten(
    startdatum: dt.date | None,
    einddatum: dt.date | None,
    duur_jaren: int | None,
    vorige_evaluatie: dt.date | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> list[str]:
    """What may be evaluated on ``vandaag``: [], ['hoogte'], ['duur'] or ['hoogte', 'duur'].

    Nothing after the end date: the premium is over (its status moves to 'beeindigd')."""
    vlaggen = {"vop_onbepaalde_duur": vop_onbepaalde_duur, "lde_tijdelijke_regeling": lde_tijdelijke_regeling}
    if einddatum is not None and vandaag > einddatum:
        return []
    soorten = []
    if hoogte_evaluatie_mogelijk(startdatum, duur_jaren, vorige_evaluatie, vandaag, **vlaggen):
        soorten.append(HOOGTE)
    if verlenging_mogelijk(einddatum, duur_jaren, vandaag, **vlaggen):
        soorten.append(DUUR)
    return soorten


def evaluatie_mogelijk_vanaf(
    startdatum: dt.date | None,
    einddatum: dt.date | None,
    duur_jaren: int | None,
    vorige_evaluatie: dt.date | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> dt.date | None:
    """The first day on or after ``vandaag`` on which the 'Evalueren' button is there (``vandaag``
    itself when it is there now); None when never (a 2-year premium, or past the end date)."""
    vlaggen = {"vop_onbepaalde_duur": vop_onbepaalde_duur, "lde_tijdelijke_regeling": lde_tijdelijke_regeling}
    # Each kind is possible in one unbroken window (begin, last day or None); everything ends with
    # the premium's end date (``mogelijke_soorten``). The first possible day on or after today is
    # the earliest such day over the windows that are not over yet.
    vensters = (
        (
            hoogte_mogelijk_vanaf(startdatum, duur_jaren, vorige_evaluatie, **vlaggen),
            hoogte_mogelijk_tot(startdatum, duur_jaren, vop_onbepaalde_duur=vop_onbepaalde_duur),
        ),
        (verlenging_mogelijk_vanaf(einddatum, duur_jaren, **vlaggen), einddatum),
    )
    eerste_dagen = []
    for begin, laatste in vensters:
        if begin is None:
            continue
        dag = max(begin, vandaag)
        if all(grens is None or dag <= grens for grens in (laatste, einddatum)):
            eerste_dagen.append(dag)
    return min(eerste_dagen, default=None)


def startdatum_na_evaluatie(soort: str, beslissingsdatum: dt.date, vorige_einddatum: dt.date) -> dt.date:
    """The new period's start: the height changed → the first day of the quarter of the decision;
    only the duration changed → the first day of the quarter after the previous end date.

    When both change, the caller passes 'hoogte': the new height applies from the decision's quarter.
    """
    if soort == HOOGTE:
        return eerste_dag_kwartaal(beslissingsdatum)
    if soort == DUUR:
        return Kwartaal.van(vorige_einddatum).volgende().eerste_dag
    raise ValueError(f"soort must be 'hoogte' or 'duur', not {soort!r}")


def tijdig_ingediend_uiterlijk(einddatum: dt.date) -> dt.date:
    """The last day to file an evaluation request that keeps the payment going: 5 months before
    the end."""
    return min_maanden(einddatum, DOORBETALING_MAANDEN_VOOR_EINDE)


def doorbetaling(ingediend_op: dt.date, einddatum: dt.date | None) -> bool:
    """Does payment continue past the end date while DWSE has not decided? Only if the admissible
    request was filed at least 5 months before the end."""
    return einddatum is not None and ingediend_op <= tijdig_ingediend_uiterlijk(einddatum)


def herinnering_vanaf(einddatum: dt.date) -> dt.date:
    """The reminder to ask for an extension goes out 7 months before the end."""
    return min_maanden(einddatum, HERINNERING_MAANDEN_VOOR_EINDE)


def herinnering_verschuldigd(
    einddatum: dt.date | None,
    duur_jaren: int | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> bool:
    """Is the reminder due on ``vandaag``? For an evaluable premium, from 7 months before its end
    until the last day on which a request still keeps the payment going (later it only misleads)."""
    if einddatum is None or not evaluatie_toegelaten(
        duur_jaren, vop_onbepaalde_duur=vop_onbepaalde_duur, lde_tijdelijke_regeling=lde_tijdelijke_regeling
    ):
        return False
    return herinnering_vanaf(einddatum) <= vandaag <= tijdig_ingediend_uiterlijk(einddatum)


def beslissing_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """An evaluation is handled within 120 days (an application within 30)."""
    return ingediend_op + dt.timedelta(days=BESLISSING_TERMIJN_DAGEN)


# --- Why an evaluation is not possible (shown instead of the button, and in refusals) -------------


def reden_niet_mogelijk(
    startdatum: dt.date | None,
    einddatum: dt.date | None,
    duur_jaren: int | None,
    vorige_evaluatie: dt.date | None,
    vandaag: dt.date,
    *,
    vop_onbepaalde_duur: bool = False,
    lde_tijdelijke_regeling: bool = False,
) -> str:
    """A Dutch sentence saying from which date an evaluation is possible, or why never; '' when
    one is possible today."""
    vlaggen = {"vop_onbepaalde_duur": vop_onbepaalde_duur, "lde_tijdelijke_regeling": lde_tijdelijke_regeling}
    if mogelijke_soorten(startdatum, einddatum, duur_jaren, vorige_evaluatie, vandaag, **vlaggen):
        return ""
    if not evaluatie_toegelaten(duur_jaren, **vlaggen):
        return _(
            "Een premie van 2 jaar kan niet geëvalueerd worden. Heeft de werknemer daarna nog "
            "ondersteuning nodig? Dien dan na het einde van de premie een nieuwe aanvraag in."
        )
    vanaf = evaluatie_mogelijk_vanaf(startdatum, einddatum, duur_jaren, vorige_evaluatie, vandaag, **vlaggen)
    if vanaf is None:
        return _("De premie is afgelopen: ze kan niet meer geëvalueerd worden. Dien een nieuwe aanvraag in.")
    return _("U kunt een evaluatie aanvragen vanaf %(datum)s.") % {"datum": _datum(vanaf)}


def weigering_soort(soort: str, vanaf: dt.date | None) -> str:
    """The refusal of one kind of evaluation, naming the date from which it will be possible."""
    if soort == HOOGTE:
        if vanaf is None:
            return _("Een evaluatie van de hoogte is voor deze premie niet mogelijk.")
        return _(
            "Een evaluatie van de hoogte kan pas vanaf %(datum)s: vanaf het tweede jaar van de "
            "toekenning, en minstens 2 jaar na de vorige evaluatie door VDAB."
        ) % {"datum": _datum(vanaf)}
    if vanaf is None:
        return _("Een verlenging is voor deze premie niet mogelijk.")
    return _("Een verlenging kan pas vanaf %(datum)s: in het laatste jaar van de premie.") % {
        "datum": _datum(vanaf)
    }


# --- Admissibility of a submitted request ------------------------------------------------------------

SOORT_NIET_MOGELIJK = "soort_niet_mogelijk"
DOSSIER_LOOPT_NIET = "dossier_loopt_niet"
GEEN_TEWERKSTELLING = "geen_tewerkstelling_dimona"
MOTIVATIEVERSLAG_ONTBREEKT = "motivatieverslag_ontbreekt"
ONDERSTEUNINGSPLAN_ONTBREEKT = "ondersteuningsplan_ontbreekt"


def ondersteuningsplan_nodig(premie_keuze: str) -> bool:
    """For loonpremie + begeleidingspremie the latest ondersteuningsplan is attached too."""
    return premie_keuze == "loon_begeleiding"


def redenen_niet_ontvankelijk(
    *,
    soorten: list[str],
    toegelaten_soorten: list[str],
    vanaf: dict[str, dt.date | None],
    dossier_status: str,
    aanvrager_soort: str,
    premie_keuze: str,
    tewerkstelling,
    documenten: frozenset[str] | set[str],
) -> list[Reden]:
    """Every reason why an evaluation request is not admissible; empty: admissible.

    ``soorten``: what was asked; ``toegelaten_soorten``: what ``mogelijke_soorten`` allows on the
    submission date; ``vanaf``: per kind the first possible day (for the message);
    ``tewerkstelling``: the Dimona relation on the submission date (employers only), or None.
    """
    redenen: list[Reden] = []
    if dossier_status not in ("lopend", "in_evaluatie"):
        redenen.append(
            Reden(
                DOSSIER_LOOPT_NIET,
                _("Enkel een lopende premie kan geëvalueerd worden."),
                _("Dien een nieuwe aanvraag in als de werknemer nog ondersteuning nodig heeft."),
            )
        )
    for soort in soorten:
        if soort not in toegelaten_soorten:
            redenen.append(
                Reden(
                    SOORT_NIET_MOGELIJK,
                    weigering_soort(soort, vanaf.get(soort)),
                    _("Vraag de evaluatie opnieuw aan vanaf die datum."),
                )
            )
    if aanvrager_soort == "werkgever" and tewerkstelling is None:
        redenen.append(
            Reden(
                GEEN_TEWERKSTELLING,
                _("Er is geen geldige arbeidsrelatie tussen u en de werknemer terug te vinden in Dimona."),
                _("Controleer de Dimona-aangifte en vraag daarna de evaluatie opnieuw aan."),
            )
        )
    if "motivatieverslag" not in documenten:
        redenen.append(
            Reden(
                MOTIVATIEVERSLAG_ONTBREEKT,
                _("Het motivatieverslag ontbreekt."),
                _("Vraag de evaluatie opnieuw aan met het ingevulde motivatieverslag."),
            )
        )
    if ondersteuningsplan_nodig(premie_keuze) and "ondersteuningsplan" not in documenten:
        redenen.append(
            Reden(
                ONDERSTEUNINGSPLAN_ONTBREEKT,
                _("Het meest recente ondersteuningsplan ontbreekt."),
                _("Vraag de evaluatie opnieuw aan met het ondersteuningsplan."),
            )
        )
    return redenen
