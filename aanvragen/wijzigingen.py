"""Processing a change the employer reported on a dossier (``Wijziging``).

Staff either apply it (``verwerk_wijziging``) or reject it with a reason (``wijs_wijziging_af``).
Both lock the reported change, refuse one that was processed before, record who and when, and
mail the employer once (key ``wijziging-<pk>-verwerkt``).

What a change does is worked out first as a ``Plan`` (``maak_plan``): the admin shows it before the
case handler confirms, and ``verwerk_wijziging`` carries out exactly that plan. The decisions
themselves (new end date, whether the dossier ends, from when a bank account applies) are pure
functions in ``aanvragen.rules``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import rules as loket_rules

from . import rules, services
from .adressen import dossier_url, ontvanger
from .models import (
    BegeleiderSoort,
    Dossier,
    ErkendeDienstverlener,
    Status,
    Wijziging,
    WijzigingSoort,
    WijzigingUitkomst,
)


class WijzigingGeweigerd(ValidationError):
    """The change cannot be processed (already processed, invalid data, no reason given)."""


def _datum(waarde: dt.date | None) -> str:
    return waarde.strftime("%d/%m/%Y") if waarde else "–"


def _lees_datum(waarde) -> dt.date | None:
    if not waarde:
        return None
    try:
        return dt.date.fromisoformat(str(waarde))
    except ValueError:
        return None


@dataclass
class Plan:
    """What processing a reported change does.

    ``gevolgen``: lines for the case handler (shown before confirming, and after). ``voor_werkgever``:
    lines for the employer's mail. ``fout``: why it cannot be applied (then only rejecting is left).
    """

    gevolgen: list[str] = field(default_factory=list)
    voor_werkgever: list[str] = field(default_factory=list)
    fout: str = ""
    dossier_velden: dict = field(default_factory=dict)
    nieuwe_status: str = ""
    status_reden: str = ""
    # A new bank account: {"organisatie": Organisatie, "iban": str, "geldig_vanaf": date}.
    rekening: dict | None = None
    waarschuwing_niet_beslist: bool = False

    @property
    def uitvoerbaar(self) -> bool:
        return not self.fout


# --- The plan per kind of change -------------------------------------------------------------------


def _plan_contactpersoon(wijziging: Wijziging, dossier: Dossier, plan: Plan, vandaag) -> None:
    g = wijziging.gegevens or {}
    naam = (g.get("naam") or "").strip()
    email = (g.get("email") or "").strip()
    if not naam or not email:
        plan.fout = _("De melding bevat geen naam of e-mailadres van de nieuwe contactpersoon.")
        return
    telefoon = (g.get("telefoon") or "").strip()
    plan.dossier_velden = {"contact_naam": naam, "contact_email": email, "contact_telefoon": telefoon}
    nieuw = ", ".join(d for d in (email, telefoon) if d)
    oud = ", ".join(d for d in (dossier.contact_email, dossier.contact_telefoon) if d)
    plan.gevolgen.append(
        _("Contactpersoon wordt %(naam)s (%(nieuw)s); was %(oud_naam)s (%(oud)s).")
        % {"naam": naam, "nieuw": nieuw, "oud_naam": dossier.contact_naam or "–", "oud": oud or "–"}
    )
    plan.voor_werkgever.append(
        _(
            "De contactpersoon voor dit dossier is nu %(naam)s (%(email)s). Mails over het dossier gaan "
            "naar dit adres."
        )
        % {"naam": naam, "email": email}
    )


def _plan_rekeningnummer(wijziging: Wijziging, dossier: Dossier, plan: Plan, vandaag, huidige) -> None:
    g = wijziging.gegevens or {}
    try:
        iban = loket_rules.normalise_iban(g.get("iban") or "")
    except loket_rules.InvalidIdentifier as exc:
        plan.fout = _("Het gemelde rekeningnummer is ongeldig: %(fout)s") % {"fout": exc}
        return
    betalende = dossier.organisatie.betalende_organisatie
    vanaf = rules.rekening_geldig_vanaf(_lees_datum(g.get("vanaf")), vandaag)
    voor = (
        _("de scholengroep %(naam)s (voor al haar scholen)") % {"naam": betalende.naam}
        if betalende.pk != dossier.organisatie_id
        else _("%(naam)s (alle premies van dit KBO-nummer)") % {"naam": betalende.naam}
    )
    if huidige is not None and huidige.iban == iban:
        plan.gevolgen.append(
            _("Rekeningnummer %(iban)s is al het actieve rekeningnummer van %(voor)s: er verandert niets.")
            % {"iban": loket_rules.format_iban(iban), "voor": voor}
        )
        plan.voor_werkgever.append(
            _("Rekeningnummer %(iban)s was al het rekeningnummer voor uw premies; dat blijft zo.")
            % {"iban": loket_rules.mask_iban(iban)}
        )
        return
    plan.rekening = {"organisatie": betalende, "iban": iban, "geldig_vanaf": vanaf}
    tekst = _("Nieuw rekeningnummer %(iban)s wordt actief vanaf %(vanaf)s voor %(voor)s.") % {
        "iban": loket_rules.format_iban(iban),
        "vanaf": _datum(vanaf),
        "voor": voor,
    }
    if huidige is not None:
        tekst += " " + _("Het vorige (%(oud)s) wordt inactief.") % {"oud": huidige.gemaskeerd}
    plan.gevolgen.append(tekst)
    plan.voor_werkgever.append(
        _("Vanaf %(vanaf)s betalen wij de premies op rekeningnummer %(iban)s.")
        % {"vanaf": _datum(vanaf), "iban": loket_rules.mask_iban(iban)}
    )


def _plan_uit_dienst(wijziging: Wijziging, dossier: Dossier, plan: Plan, vandaag) -> None:
    laatste_dag = _lees_datum((wijziging.gegevens or {}).get("datum"))
    if laatste_dag is None:
        plan.fout = _("De melding bevat geen geldige laatste dag in dienst.")
        return
    gevolg = rules.gevolg_uit_dienst(dossier.status, dossier.einddatum, laatste_dag, vandaag)
    if gevolg.soort == "niet_beslist":
        plan.waarschuwing_niet_beslist = True
        plan.gevolgen.append(
            _(
                "Het dossier is nog niet beslist: de uitdiensttreding op %(datum)s wordt geregistreerd "
                "en de dossierpagina waarschuwt dat de werknemer uit dienst is. Een aanvraag kan enkel "
                "tijdens de tewerkstelling: weiger de aanvraag als de werknemer vóór de beslissing uit "
                "dienst ging."
            )
            % {"datum": _datum(laatste_dag)}
        )
        plan.voor_werkgever.append(
            _(
                "Wij noteerden dat de werknemer uit dienst is sinds %(datum)s. Wij houden er rekening mee "
                "bij de beslissing over uw aanvraag."
            )
            % {"datum": _datum(laatste_dag)}
        )
        return
    if gevolg.soort == "afgesloten":
        plan.gevolgen.append(
            _(
                "Het dossier is afgesloten (%(status)s): de uitdiensttreding op %(datum)s verandert er "
                "niets aan."
            )
            % {"status": dossier.get_status_display().lower(), "datum": _datum(laatste_dag)}
        )
        plan.voor_werkgever.append(
            _("Wij noteerden dat de werknemer uit dienst is sinds %(datum)s.")
            % {"datum": _datum(laatste_dag)}
        )
        return
    if gevolg.einddatum != dossier.einddatum:
        plan.dossier_velden["einddatum"] = gevolg.einddatum
        plan.gevolgen.append(
            _("De einddatum van de premie wordt %(nieuw)s (was %(oud)s).")
            % {"nieuw": _datum(gevolg.einddatum), "oud": _datum(dossier.einddatum)}
        )
    else:
        plan.gevolgen.append(
            _("De einddatum van de premie blijft %(eind)s: de werknemer gaat pas daarna uit dienst.")
            % {"eind": _datum(dossier.einddatum)}
        )
    if gevolg.beeindigen:
        plan.nieuwe_status = Status.BEEINDIGD
        plan.status_reden = (
            _("Werknemer uit dienst op %(datum)s") % {"datum": _datum(laatste_dag)}
            if gevolg.einddatum == laatste_dag
            else _("Einddatum bereikt: de premie is beëindigd.")
        )
        plan.gevolgen.append(_("Die dag is voorbij: het dossier wordt beëindigd."))
        plan.voor_werkgever.append(
            _(
                "De werknemer is uit dienst sinds %(datum)s. De premie liep tot en met %(eind)s; het "
                "dossier is beëindigd."
            )
            % {"datum": _datum(laatste_dag), "eind": _datum(gevolg.einddatum)}
        )
    else:
        plan.gevolgen.append(_("Het dossier loopt tot en met die dag en wordt daarna automatisch beëindigd."))
        plan.voor_werkgever.append(
            _("De werknemer gaat uit dienst op %(datum)s. De premie loopt tot en met %(eind)s.")
            % {"datum": _datum(laatste_dag), "eind": _datum(gevolg.einddatum)}
        )


def _plan_collega_coach(wijziging: Wijziging, dossier: Dossier, plan: Plan, vandaag) -> None:
    g = wijziging.gegevens or {}
    naam = (g.get("naam") or "").strip()
    if not naam:
        plan.fout = _("De melding bevat geen naam van de nieuwe collega-coach.")
        return
    plan.dossier_velden = {"collega_coach_naam": naam}
    plan.gevolgen.append(
        _("Collega-coach wordt %(naam)s (was %(oud)s).")
        % {"naam": naam, "oud": dossier.collega_coach_naam or "–"}
    )
    plan.voor_werkgever.append(
        _("De collega-coach is nu %(naam)s, vanaf %(vanaf)s.")
        % {"naam": naam, "vanaf": _datum(_lees_datum(g.get("vanaf")))}
    )


def _huidige_begeleider(dossier: Dossier) -> str:
    if dossier.dienstverlener_id:
        return _("erkende dienstverlener %(naam)s") % {"naam": dossier.dienstverlener.naam}
    if dossier.begeleider_naam:
        return _("interne begeleider %(naam)s") % {"naam": dossier.begeleider_naam}
    return "–"


def _plan_begeleider(wijziging: Wijziging, dossier: Dossier, plan: Plan, vandaag) -> None:
    g = wijziging.gegevens or {}
    vanaf = _datum(_lees_datum(g.get("vanaf")))
    if g.get("begeleider_soort") == BegeleiderSoort.EXTERN:
        dienstverlener = ErkendeDienstverlener.objects.filter(pk=g.get("dienstverlener_id")).first()
        if dienstverlener is None or not dienstverlener.actief:
            plan.fout = _(
                "De gekozen dienstverlener (%(naam)s) staat niet (meer) op de lijst van erkende "
                "dienstverleners. Wijs de wijziging af met die reden, of laat de lijst eerst aanpassen."
            ) % {"naam": g.get("dienstverlener") or "–"}
            return
        plan.dossier_velden = {
            "begeleider_soort": BegeleiderSoort.EXTERN,
            "begeleider_naam": "",
            "dienstverlener": dienstverlener,
        }
        nieuw = _("erkende dienstverlener %(naam)s") % {"naam": dienstverlener.naam}
    elif g.get("begeleider_soort") == BegeleiderSoort.INTERN and (g.get("naam") or "").strip():
        naam = g["naam"].strip()
        plan.dossier_velden = {
            "begeleider_soort": BegeleiderSoort.INTERN,
            "begeleider_naam": naam,
            "dienstverlener": None,
        }
        nieuw = _("interne begeleider %(naam)s") % {"naam": naam}
    else:
        plan.fout = _("De melding bevat geen geldige begeleider.")
        return
    plan.gevolgen.append(
        _("Begeleider wordt %(nieuw)s (was %(oud)s).") % {"nieuw": nieuw, "oud": _huidige_begeleider(dossier)}
    )
    plan.voor_werkgever.append(
        _("De begeleider is nu %(nieuw)s, vanaf %(vanaf)s.") % {"nieuw": nieuw, "vanaf": vanaf}
    )


_GEEN = object()


def maak_plan(
    wijziging: Wijziging, dossier: Dossier | None = None, *, huidige_rekening=_GEEN, vandaag=None
) -> Plan:
    """What processing ``wijziging`` would do now (nothing is changed here).

    ``huidige_rekening``: the paying organisation's active account, when the caller has it.
    """
    dossier = dossier or wijziging.dossier
    vandaag = vandaag or timezone.localdate()
    plan = Plan()
    if wijziging.soort == WijzigingSoort.REKENINGNUMMER:
        if huidige_rekening is _GEEN:
            huidige_rekening = dossier.organisatie.huidige_rekening()
        _plan_rekeningnummer(wijziging, dossier, plan, vandaag, huidige_rekening)
    else:
        {
            WijzigingSoort.CONTACTPERSOON: _plan_contactpersoon,
            WijzigingSoort.UIT_DIENST: _plan_uit_dienst,
            WijzigingSoort.COLLEGA_COACH: _plan_collega_coach,
            WijzigingSoort.BEGELEIDER: _plan_begeleider,
        }[wijziging.soort](wijziging, dossier, plan, vandaag)
    return plan


# --- Processing ------------------------------------------------------------------------------------


def _vergrendel(wijziging: Wijziging) -> Wijziging:
    """Lock the reported change; refuse it when it was processed before."""
    locked = Wijziging.objects.select_for_update().get(pk=wijziging.pk)
    if locked.verwerkt_op is not None:
        door = locked.verwerkt_door
        raise WijzigingGeweigerd(
            _(
                "Deze wijziging is al behandeld op %(op)s door %(door)s (%(uitkomst)s). Ze kan maar één "
                "keer verwerkt worden."
            )
            % {
                "op": timezone.localtime(locked.verwerkt_op).strftime("%d/%m/%Y %H:%M"),
                "door": (door.get_full_name() or door.username) if door else _("het systeem"),
                "uitkomst": (locked.get_uitkomst_display() or _("verwerkt")).lower(),
            },
            code="al_verwerkt",
        )
    return locked


def _rond_af(locked: Wijziging, wijziging: Wijziging, *, door, uitkomst: str, reden: str = "") -> None:
    locked.verwerkt_door = door
    locked.verwerkt_op = timezone.now()
    locked.uitkomst = uitkomst
    locked.reden = reden
    locked.save(update_fields=["verwerkt_door", "verwerkt_op", "uitkomst", "reden"])
    for veld in ("verwerkt_door", "verwerkt_op", "uitkomst", "reden"):
        setattr(wijziging, veld, getattr(locked, veld))


def _mail(wijziging: Wijziging, dossier: Dossier, *, regels: list[str]):
    from loket.mail import verstuur_bericht

    from .forms_wijziging import weergave

    # The employer's mail shows a bank account masked.
    iban = (wijziging.gegevens or {}).get("iban") or ""
    volledig = loket_rules.format_iban(iban) if iban else None
    rijen = [
        (label, loket_rules.mask_iban(iban) if volledig and waarde == volledig else waarde)
        for label, waarde in weergave(wijziging)
    ]
    bericht, _nieuw = verstuur_bericht(
        sleutel=f"wijziging-{wijziging.pk}-verwerkt",
        aan=ontvanger(dossier),
        template="aanvragen/mail/wijziging_verwerkt",
        context={
            "dossier": dossier,
            "wijziging": wijziging,
            "afgewezen": wijziging.uitkomst == WijzigingUitkomst.AFGEWEZEN,
            "reden": wijziging.reden,
            "regels": regels,
            "samenvatting": rijen,
            "dossier_url": dossier_url(dossier),
        },
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
    )
    return bericht


@transaction.atomic
def verwerk_wijziging(wijziging: Wijziging, *, door) -> Plan:
    """Apply the reported change to the dossier (or the paying organisation's bank account), mark
    it 'verwerkt' (who, when) and mail the employer. Returns the plan that was carried out.

    Raises ``WijzigingGeweigerd`` when it was processed before or cannot be applied.
    """
    from loket.models import Bankrekening, Organisatie

    locked = _vergrendel(wijziging)
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("organisatie__scholengroep", "dienstverlener")
        .get(pk=locked.dossier_id)
    )
    vandaag = timezone.localdate()
    reden_historiek = _("Gemelde wijziging verwerkt: %(soort)s") % {"soort": locked.get_soort_display()}

    if locked.soort == WijzigingSoort.REKENINGNUMMER:
        # Serialise account changes per paying organisation: one active account at a time.
        betalende = Organisatie.objects.select_for_update().get(
            pk=dossier.organisatie.betalende_organisatie.pk
        )
        actieve = list(Bankrekening.objects.select_for_update().filter(organisatie=betalende, actief=True))
        huidige = max(actieve, key=lambda r: (r.geldig_vanaf, r.pk), default=None)
        plan = maak_plan(locked, dossier, huidige_rekening=huidige, vandaag=vandaag)
    else:
        plan = maak_plan(locked, dossier, vandaag=vandaag)
    if not plan.uitvoerbaar:
        raise WijzigingGeweigerd(plan.fout, code="onuitvoerbaar")

    if plan.rekening is not None:
        for oud in actieve:
            oud.actief = False
            oud._history_user = door
            oud._change_reason = reden_historiek
            oud.save()
        nieuw = Bankrekening(
            organisatie=betalende,
            iban=plan.rekening["iban"],
            geldig_vanaf=plan.rekening["geldig_vanaf"],
            actief=True,
            opgegeven_door=locked.gemeld_door,
        )
        nieuw._history_user = door
        nieuw._change_reason = reden_historiek
        nieuw.save()

    if plan.nieuwe_status:
        services.wijzig_status(
            dossier, plan.nieuwe_status, door=door, reden=plan.status_reden, velden=plan.dossier_velden
        )
    elif plan.dossier_velden:
        for veld, waarde in plan.dossier_velden.items():
            setattr(dossier, veld, waarde)
        dossier._history_user = door
        dossier._change_reason = reden_historiek
        dossier.save()

    _rond_af(locked, wijziging, door=door, uitkomst=WijzigingUitkomst.VERWERKT)
    _mail(locked, dossier, regels=plan.voor_werkgever)
    return plan


@transaction.atomic
def wijs_wijziging_af(wijziging: Wijziging, *, door, reden: str) -> Wijziging:
    """Reject the reported change with a reason (required; the employer reads it): nothing on the
    dossier changes. Marks it processed (who, when) and mails the employer."""
    reden = (reden or "").strip()
    if not reden:
        raise WijzigingGeweigerd(
            _("Geef de reden op waarom u de wijziging afwijst; de werkgever krijgt ze per e-mail."),
            code="reden_ontbreekt",
        )
    locked = _vergrendel(wijziging)
    dossier = Dossier.objects.select_related("organisatie").get(pk=locked.dossier_id)
    _rond_af(locked, wijziging, door=door, uitkomst=WijzigingUitkomst.AFGEWEZEN, reden=reden)
    _mail(locked, dossier, regels=[])
    return wijziging


def uit_dienst_verwerkt(wijzigingen) -> Wijziging | None:
    """The latest processed 'werknemer uit dienst' among ``wijzigingen`` (already loaded), with its
    last day in service as ``laatste_dag``; None if there is none."""
    gevonden = [
        w
        for w in wijzigingen
        if w.soort == WijzigingSoort.UIT_DIENST and w.uitkomst == WijzigingUitkomst.VERWERKT
    ]
    if not gevonden:
        return None
    laatste = max(gevonden, key=lambda w: (w.verwerkt_op, w.pk))
    laatste.laatste_dag = _lees_datum((laatste.gegevens or {}).get("datum"))
    return laatste
