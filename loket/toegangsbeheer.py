"""Who may act for an organisation: registration as organisation responsible, invitations of
colleagues, revocation.

Views call these; they are the only code that creates or revokes a ``Toegang``. Every change is
recorded by django-simple-history with the acting user as ``history_user``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import emailbevestiging, rules
from .mail import absolute_url, verstuur_bericht
from .models import (
    Activatiecode,
    ActivatieWijze,
    Maatregel,
    Organisatie,
    OrganisatieSoort,
    Rol,
    Toegang,
    Uitnodiging,
)
from .models.berichten import Kanaal

UITNODIGING_GELDIG = dt.timedelta(days=14)


class ToegangGeweigerd(Exception):
    """A change to access that is not allowed; ``str(exc)`` is a Dutch message for the user."""


@dataclass(frozen=True)
class Onderneming:
    """What the registration needs to know about an enterprise (from the KBO source)."""

    kbo_nummer: str
    naam: str
    # The registered seat (maatschappelijke zetel) in the KBO: where the activation code goes.
    straat: str = ""
    postcode: str = ""
    gemeente: str = ""

    @property
    def zetel_gekend(self) -> bool:
        return bool(self.straat.strip() and self.postcode.strip() and self.gemeente.strip())


def actieve_verantwoordelijke(organisatie: Organisatie, maatregel: str = Maatregel.IMW) -> Toegang | None:
    return (
        Toegang.objects.actief()
        .select_related("gebruiker")
        .filter(organisatie=organisatie, maatregel=maatregel, rol=Rol.VERANTWOORDELIJKE)
        .first()
    )


def is_verantwoordelijke(gebruiker, organisatie, maatregel: str = Maatregel.IMW) -> bool:
    if organisatie is None or not gebruiker.is_authenticated:
        return False
    return (
        Toegang.objects.actief()
        .filter(gebruiker=gebruiker, organisatie=organisatie, maatregel=maatregel, rol=Rol.VERANTWOORDELIJKE)
        .exists()
    )


def al_verantwoordelijke_melding(verantwoordelijke: Toegang) -> str:
    """Refusal naming the current responsible by first name only (privacy)."""
    voornaam = verantwoordelijke.gebruiker.first_name or _("een collega")
    return _(
        "Deze organisatie heeft al een DWSE Organisatieverantwoordelijke voor individueel maatwerk "
        "(%(voornaam)s). Vraag %(voornaam)s om u toegang te geven."
    ) % {"voornaam": voornaam}


def _save(obj, gebruiker, **kwargs):
    obj._history_user = gebruiker
    obj.save(**kwargs)
    return obj


def _organisatie(onderneming: Onderneming, soort: str, gebruiker) -> Organisatie:
    organisatie = Organisatie.objects.filter(kbo_nummer=onderneming.kbo_nummer).first()
    if organisatie is None:
        try:
            with transaction.atomic():
                organisatie = _save(
                    Organisatie(kbo_nummer=onderneming.kbo_nummer, naam=onderneming.naam, soort=soort),
                    gebruiker,
                )
        except IntegrityError:
            # Someone registered the same new KBO number at the same moment: theirs stands.
            organisatie = Organisatie.objects.get(kbo_nummer=onderneming.kbo_nummer)
    return organisatie


def registreer_verantwoordelijke(
    *,
    gebruiker,
    onderneming: Onderneming,
    soort: str,
    scholengroep: Onderneming | None = None,
    maatregel: str = Maatregel.IMW,
) -> tuple[Toegang, bool]:
    """Register ``gebruiker`` as DWSE Organisatieverantwoordelijke for the measure.

    Creates the organisation (name from the KBO) if it is not known yet. Returns
    ``(toegang, created)``; ``created`` is False when the user already was the responsible (or
    already waits for the activation). Raises ToegangGeweigerd when someone else is.

    Anybody can type a KBO number, so the grant of somebody who has no verified access to the
    organisation yet is *pending*: an activation code goes by post to the registered seat in the
    KBO (``verstuur_activatiebrief``), and only the code (or a DWSE supervisor) activates it.
    A pending claim blocks nobody: the first one activated wins, the others end.
    """
    with transaction.atomic():
        organisatie = _organisatie(onderneming, soort, gebruiker)
        if scholengroep is not None and organisatie.scholengroep_id is None:
            organisatie.scholengroep = _organisatie(scholengroep, OrganisatieSoort.SCHOLENGROEP, gebruiker)
            _save(organisatie, gebruiker, update_fields=["scholengroep"])
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        bestaande = actieve_verantwoordelijke(organisatie, maatregel)
        if bestaande is not None:
            if bestaande.gebruiker_id == gebruiker.pk:
                return bestaande, False
            raise ToegangGeweigerd(al_verantwoordelijke_melding(bestaande))
        eigen = list(
            Toegang.objects.lopend()
            .select_for_update()
            .filter(gebruiker=gebruiker, organisatie=organisatie, maatregel=maatregel)
        )
        wachtend = next((t for t in eigen if t.in_afwachting and t.rol == Rol.VERANTWOORDELIJKE), None)
        if wachtend is not None:
            return wachtend, False
        heeft_actieve_toegang = any(t.geactiveerd_op for t in eigen)
        # A colleague (medewerker) becomes the responsible: the old grant ends, a new one starts.
        for oud in eigen:
            oud.ingetrokken_op = timezone.now()
            oud.ingetrokken_door = gebruiker
            _save(oud, gebruiker, update_fields=["ingetrokken_op", "ingetrokken_door"])
        nodig = rules.activatiecode_nodig(heeft_actieve_toegang=heeft_actieve_toegang)
        try:
            with transaction.atomic():
                toegang = _save(
                    Toegang(
                        gebruiker=gebruiker,
                        organisatie=organisatie,
                        maatregel=maatregel,
                        rol=Rol.VERANTWOORDELIJKE,
                        verleend_door=gebruiker,
                        geactiveerd_op=None if nodig else timezone.now(),
                        geactiveerd_door=None if nodig else gebruiker,
                        activatie_wijze="" if nodig else ActivatieWijze.COLLEGA,
                    ),
                    gebruiker,
                )
        except IntegrityError:
            # Someone registered for the same organisation at the same moment.
            bestaande = actieve_verantwoordelijke(organisatie, maatregel)
            raise ToegangGeweigerd(
                al_verantwoordelijke_melding(bestaande)
                if bestaande
                else _("De registratie is niet gelukt. Probeer het opnieuw.")
            ) from None
        if nodig:
            verstuur_activatiebrief(toegang, onderneming=onderneming)
        else:
            _beeindig_andere_claims(toegang, gebruiker)
    return toegang, True


# --- Activation ------------------------------------------------------------------------------------


def nieuwe_activatiecode() -> str:
    return "".join(secrets.choice(rules.ACTIVATIECODE_ALFABET) for _i in range(rules.ACTIVATIECODE_LENGTE))


def huidige_activatiecode(toegang: Toegang) -> Activatiecode | None:
    """The latest letter's code of this registration (used, replaced or not)."""
    return toegang.activatiecodes.order_by("-aangemaakt_op", "-pk").first()


def code_status(code: Activatiecode | None, nu: dt.datetime | None = None) -> rules.CodeStatus | None:
    if code is None:
        return None
    return rules.activatiecode_status(
        geldig_tot=code.geldig_tot,
        pogingen=code.pogingen,
        nu=nu or timezone.now(),
        gebruikt=code.gebruikt_op is not None,
        vervangen=code.vervangen_op is not None,
    )


def _kbo_onderneming(kbo_nummer: str) -> Onderneming | None:
    from .bronnen import BronNietBeschikbaar, get_bron

    try:
        gevonden = get_bron("kbo").onderneming(kbo_nummer)
    except BronNietBeschikbaar:
        raise ToegangGeweigerd(
            _(
                "De Kruispuntbank van Ondernemingen is nu niet bereikbaar. "
                "Probeer het over enkele minuten opnieuw."
            )
        ) from None
    if gevonden is None:
        return None
    return Onderneming(
        kbo_nummer=gevonden.kbo_nummer,
        naam=gevonden.naam,
        straat=gevonden.straat,
        postcode=gevonden.postcode,
        gemeente=gevonden.gemeente,
    )


def verstuur_activatiebrief(
    toegang: Toegang, *, onderneming: Onderneming | None = None
) -> Activatiecode | None:
    """Put a letter with a new activation code in the post queue, addressed to the organisation at
    its registered seat in the KBO; earlier codes of this registration stop working.

    Returns None (and sends nothing) when the KBO knows no seat address: then only DWSE can
    activate the registration.
    """
    from .pdf import render_pdf

    organisatie = toegang.organisatie
    if not isinstance(onderneming, Onderneming) or onderneming.kbo_nummer != organisatie.kbo_nummer:
        onderneming = _kbo_onderneming(organisatie.kbo_nummer)
    if onderneming is None or not onderneming.zetel_gekend:
        return None
    nu = timezone.now()
    code = nieuwe_activatiecode()
    with transaction.atomic():
        toegang.activatiecodes.filter(gebruikt_op__isnull=True, vervangen_op__isnull=True).update(
            vervangen_op=nu
        )
        activatiecode = Activatiecode.objects.create(
            toegang=toegang,
            code_hash=make_password(code),
            geldig_tot=nu + rules.ACTIVATIECODE_GELDIG,
            naam=onderneming.naam,
            straat=onderneming.straat.strip(),
            postcode=onderneming.postcode.strip(),
            gemeente=onderneming.gemeente.strip(),
        )
        gebruiker = toegang.gebruiker
        context = {
            "organisatie": organisatie,
            "activatiecode": activatiecode,
            "aanvrager": gebruiker.get_full_name() or gebruiker.username,
            "aanvrager_email": gebruiker.email,
            "maatregel": Maatregel(toegang.maatregel).label,
            "link": absolute_url(reverse("loket:activeren")),
        }
        # A letter by post to the organisation's seat: Dutch (render_pdf's aan="").
        # The code is in the letter (PDF) only, not in the message text kept in the outbox.
        pdf = render_pdf(
            "loket/pdf/activatiebrief.html",
            {
                **context,
                "code": rules.formatteer_activatiecode(code),
                "max_pogingen": rules.ACTIVATIECODE_MAX_POGINGEN,
            },
            aan="",
        )
        verstuur_bericht(
            sleutel=f"activatiecode-{activatiecode.pk}",
            aan="",
            template="loket/mail/activatiebrief",
            context=context,
            organisatie=organisatie,
            onderwerp_object=activatiecode,
            bijlagen=[(f"activatiecode-{organisatie.kbo_nummer}.pdf", pdf, "application/pdf")],
            kanaal=Kanaal.POST,
        )
    return activatiecode


def _vergrendel_organisatie(toegang: Toegang) -> None:
    """Activations of one organisation one at a time (the organisation row first, then the
    grant): the first activated wins, the others find their claim ended."""
    Organisatie.objects.select_for_update().filter(pk=toegang.organisatie_id).first()


def _beeindig_andere_claims(toegang: Toegang, door) -> None:
    """Once an organisation has an active responsible, the other pending claims on it end."""
    for ander in (
        Toegang.objects.in_afwachting()
        .filter(organisatie=toegang.organisatie, maatregel=toegang.maatregel, rol=Rol.VERANTWOORDELIJKE)
        .exclude(pk=toegang.pk)
    ):
        ander.ingetrokken_op = timezone.now()
        ander.ingetrokken_door = door
        _save(ander, door, update_fields=["ingetrokken_op", "ingetrokken_door"])


def _activeer(toegang: Toegang, *, door, wijze: str, reden: str = "") -> Toegang:
    toegang.geactiveerd_op = timezone.now()
    toegang.geactiveerd_door = door
    toegang.activatie_wijze = wijze
    toegang.activatie_reden = reden
    try:
        with transaction.atomic():
            _save(
                toegang,
                door,
                update_fields=["geactiveerd_op", "geactiveerd_door", "activatie_wijze", "activatie_reden"],
            )
    except IntegrityError:
        bestaande = actieve_verantwoordelijke(toegang.organisatie, toegang.maatregel)
        raise ToegangGeweigerd(
            al_verantwoordelijke_melding(bestaande)
            if bestaande
            else _("De activatie is niet gelukt. Probeer het opnieuw.")
        ) from None
    _beeindig_andere_claims(toegang, door)
    return toegang


def _niet_meer_geldig(toegang: Toegang) -> str | None:
    if toegang.ingetrokken_op is not None:
        return _(
            "Deze registratie is niet meer geldig: intussen is iemand anders de DWSE "
            "Organisatieverantwoordelijke geworden, of de registratie werd ingetrokken."
        )
    return None


def activeer_met_code(toegang: Toegang, invoer: str, gebruiker) -> str | None:
    """Activate ``toegang`` with the code from the letter. Returns None when it is active, else a
    Dutch message. A wrong code counts as an attempt (kept even though the activation fails)."""
    with transaction.atomic():
        _vergrendel_organisatie(toegang)
        toegang = Toegang.objects.select_for_update().select_related("organisatie").get(pk=toegang.pk)
        if toegang.gebruiker_id != gebruiker.pk:
            return _("Deze registratie is niet van u.")
        probleem = _niet_meer_geldig(toegang)
        if probleem:
            return probleem
        if toegang.geactiveerd_op is not None:
            return None
        code = huidige_activatiecode(toegang)
        status = code_status(code)
        if status is None or status in (rules.CodeStatus.GEBRUIKT, rules.CodeStatus.VERVANGEN):
            return _("Er is geen geldige activatiecode voor deze registratie. Vraag een nieuwe brief aan.")
        if status == rules.CodeStatus.GEBLOKKEERD:
            return geblokkeerd_melding()
        if status == rules.CodeStatus.VERLOPEN:
            return _("Deze activatiecode is verlopen op %(datum)s. Vraag hieronder een nieuwe brief aan.") % {
                "datum": date_format(timezone.localtime(code.geldig_tot), "j F Y")
            }
        genormaliseerd = rules.normaliseer_activatiecode(invoer)
        if not rules.is_activatiecode_vorm(genormaliseerd):
            # Not counted: a typo in the length can never be the code.
            return _(
                "Een activatiecode heeft %(lengte)s tekens (letters en cijfers), zoals ABCDE-23456. "
                "Neem ze over uit de brief."
            ) % {"lengte": rules.ACTIVATIECODE_LENGTE}
        if not check_password(genormaliseerd, code.code_hash):
            code.pogingen += 1
            code.save(update_fields=["pogingen"])
            over = rules.ACTIVATIECODE_MAX_POGINGEN - code.pogingen
            if over <= 0:
                return geblokkeerd_melding()
            return ngettext(
                "Deze activatiecode klopt niet. U kunt het nog %(over)s keer proberen.",
                "Deze activatiecode klopt niet. U kunt het nog %(over)s keer proberen.",
                over,
            ) % {"over": over}
        code.gebruikt_op = timezone.now()
        code.save(update_fields=["gebruikt_op"])
        try:
            _activeer(toegang, door=gebruiker, wijze=ActivatieWijze.CODE)
        except ToegangGeweigerd as exc:
            return str(exc)
    return None


def geblokkeerd_melding() -> str:
    return _(
        "U hebt %(max)s keer een verkeerde activatiecode ingegeven. Deze code is geblokkeerd. "
        "Vraag een nieuwe brief aan, of neem contact op met DWSE."
    ) % {"max": rules.ACTIVATIECODE_MAX_POGINGEN}


def vraag_nieuwe_activatiebrief(toegang: Toegang, gebruiker) -> Activatiecode:
    """A new letter, when the last code expired or is locked (at most a few letters)."""
    with transaction.atomic():
        toegang = (
            Toegang.objects.select_for_update().select_related("organisatie", "gebruiker").get(pk=toegang.pk)
        )
        if toegang.gebruiker_id != gebruiker.pk:
            raise ToegangGeweigerd(_("Deze registratie is niet van u."))
        probleem = _niet_meer_geldig(toegang)
        if probleem:
            raise ToegangGeweigerd(probleem)
        if toegang.geactiveerd_op is not None:
            raise ToegangGeweigerd(_("Deze registratie is al geactiveerd."))
        status = code_status(huidige_activatiecode(toegang))
        aantal = toegang.activatiecodes.count()
        if not rules.nieuwe_activatiebrief_mag(status, aantal):
            if aantal >= rules.ACTIVATIE_MAX_BRIEVEN:
                raise ToegangGeweigerd(
                    _(
                        "Er zijn al %(aantal)s brieven met een activatiecode verstuurd. Neem contact op "
                        "met DWSE om uw registratie te laten activeren."
                    )
                    % {"aantal": aantal}
                )
            raise ToegangGeweigerd(
                _("Uw activatiecode is nog geldig. Een nieuwe brief kunt u pas vragen als ze verlopen is.")
            )
        activatiecode = verstuur_activatiebrief(toegang)
        if activatiecode is None:
            raise ToegangGeweigerd(zetel_onbekend_melding())
    return activatiecode


def zetel_onbekend_melding() -> str:
    return _(
        "De Kruispuntbank van Ondernemingen kent geen adres van de maatschappelijke zetel van deze "
        "organisatie, dus kunnen we geen activatiecode per post sturen. Neem contact op met DWSE."
    )


def activeer_zonder_code(toegang: Toegang, *, door, reden: str) -> Toegang:
    """A DWSE supervisor activates a pending registration without the code (after checking it
    otherwise); the reason is recorded with the grant and in its history."""
    reden = (reden or "").strip()
    if not reden:
        raise ToegangGeweigerd(_("Geef een reden op."))
    with transaction.atomic():
        _vergrendel_organisatie(toegang)
        toegang = Toegang.objects.select_for_update().select_related("organisatie").get(pk=toegang.pk)
        probleem = _niet_meer_geldig(toegang)
        if probleem:
            raise ToegangGeweigerd(probleem)
        if toegang.geactiveerd_op is not None:
            raise ToegangGeweigerd(_("Deze registratie is al actief."))
        toegang.activatiecodes.filter(gebruikt_op__isnull=True, vervangen_op__isnull=True).update(
            vervangen_op=timezone.now()
        )
        return _activeer(toegang, door=door, wijze=ActivatieWijze.DWSE, reden=reden)


def uitnodiging_link(uitnodiging: Uitnodiging) -> str:
    return absolute_url(reverse("loket:uitnodiging", args=[uitnodiging.token]))


def nodig_uit(*, organisatie: Organisatie, email: str, door, maatregel: str = Maatregel.IMW) -> Uitnodiging:
    """Invite a colleague by e-mail; the link is valid for 14 days."""
    with transaction.atomic():
        uitnodiging = _save(
            Uitnodiging(
                organisatie=organisatie,
                maatregel=maatregel,
                email=email,
                uitgenodigd_door=door,
                geldig_tot=timezone.now() + UITNODIGING_GELDIG,
            ),
            door,
        )
        verstuur_bericht(
            sleutel=f"uitnodiging-{uitnodiging.pk}",
            aan=email,
            template="loket/mail/uitnodiging",
            context={
                "uitnodiging": uitnodiging,
                "organisatie": organisatie,
                "uitnodiger": door.get_full_name() or door.username,
                "maatregel": uitnodiging.get_maatregel_display(),
                "link": uitnodiging_link(uitnodiging),
                "account_link": absolute_url(reverse("account_aanmaken")),
            },
            organisatie=organisatie,
            onderwerp_object=uitnodiging,
        )
    return uitnodiging


def uitnodiging_probleem(
    uitnodiging: Uitnodiging, nu: dt.datetime | None = None, gebruiker=None
) -> str | None:
    """Why this invitation can no longer be accepted (by ``gebruiker``, when given), or None."""
    nu = nu or timezone.now()
    if uitnodiging.ingetrokken_op:
        return _("Deze uitnodiging is ingetrokken. Vraag de organisatieverantwoordelijke om een nieuwe.")
    if uitnodiging.aanvaard_op:
        return _("Deze uitnodiging is al gebruikt op %(datum)s. Een uitnodiging werkt maar één keer.") % {
            "datum": date_format(timezone.localtime(uitnodiging.aanvaard_op), "j F Y")
        }
    if uitnodiging.geldig_tot <= nu:
        return _(
            "Deze uitnodiging is verlopen op %(datum)s. Vraag de organisatieverantwoordelijke om een nieuwe."
        ) % {"datum": date_format(timezone.localtime(uitnodiging.geldig_tot), "j F Y")}
    if gebruiker is not None and (gebruiker.email or "").strip().lower() != uitnodiging.email.strip().lower():
        # The link alone proves nothing (it can be forwarded): the account must have the address
        # the invitation was sent to.
        return _(
            "Deze uitnodiging werd naar %(email)s gestuurd. Meld u aan met het account met dat "
            "e-mailadres, of vraag de organisatieverantwoordelijke om een uitnodiging voor uw eigen adres."
        ) % {"email": uitnodiging.email}
    if gebruiker is not None and not emailbevestiging.is_bevestigd(gebruiker):
        # The same address is not enough either: the account must have proved it reads that mail.
        return _(
            "Bevestig eerst uw e-mailadres %(email)s met de link in de bevestigingsmail; daarna kunt u "
            "deze uitnodiging aanvaarden."
        ) % {"email": gebruiker.email}
    return None


def aanvaard_uitnodiging(uitnodiging: Uitnodiging, gebruiker) -> Toegang:
    """Give ``gebruiker`` access as medewerker; the invitation works once."""
    with transaction.atomic():
        uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
        probleem = uitnodiging_probleem(uitnodiging, gebruiker=gebruiker)
        if probleem:
            raise ToegangGeweigerd(probleem)
        toegang = (
            Toegang.objects.lopend()
            .filter(gebruiker=gebruiker, organisatie=uitnodiging.organisatie, maatregel=uitnodiging.maatregel)
            .first()
        )
        if toegang is not None and toegang.in_afwachting:
            # The invitation of a verified responsible replaces the own claim waiting for a code.
            toegang.ingetrokken_op = timezone.now()
            toegang.ingetrokken_door = gebruiker
            _save(toegang, gebruiker, update_fields=["ingetrokken_op", "ingetrokken_door"])
            toegang = None
        if toegang is None:
            toegang = _save(
                Toegang(
                    gebruiker=gebruiker,
                    organisatie=uitnodiging.organisatie,
                    maatregel=uitnodiging.maatregel,
                    rol=Rol.MEDEWERKER,
                    verleend_door=uitnodiging.uitgenodigd_door,
                    geactiveerd_op=timezone.now(),
                    geactiveerd_door=uitnodiging.uitgenodigd_door,
                    activatie_wijze=ActivatieWijze.UITNODIGING,
                ),
                gebruiker,
            )
        uitnodiging.aanvaard_op = timezone.now()
        uitnodiging.aanvaard_door = gebruiker
        _save(uitnodiging, gebruiker, update_fields=["aanvaard_op", "aanvaard_door"])
    return toegang


def trek_uitnodiging_in(uitnodiging: Uitnodiging, door) -> None:
    if uitnodiging.aanvaard_op:
        raise ToegangGeweigerd(
            _("Deze uitnodiging is al aanvaard. Trek de toegang van die persoon in om ze te beëindigen.")
        )
    if uitnodiging.ingetrokken_op:
        return
    uitnodiging.ingetrokken_op = timezone.now()
    _save(uitnodiging, door, update_fields=["ingetrokken_op"])


def trek_toegang_in(toegang: Toegang, door) -> None:
    if toegang.gebruiker_id == door.pk:
        raise ToegangGeweigerd(_("U kunt uw eigen toegang niet intrekken."))
    if toegang.ingetrokken_op:
        return
    toegang.ingetrokken_op = timezone.now()
    toegang.ingetrokken_door = door
    _save(toegang, door, update_fields=["ingetrokken_op", "ingetrokken_door"])


# --- KBO mandates from the federal login ------------------------------------------------------------

MANDAAT_VERLEEND = "Mandaat in de KBO volgens de federale aanmelding"
MANDAAT_VERDWENEN = "Mandaat niet meer gemeld door de federale aanmelding"


def _organisatie_voor_mandaat(mandaat: rules.Mandaat, gebruiker) -> Organisatie:
    try:
        onderneming = _kbo_onderneming(mandaat.kbo)
    except ToegangGeweigerd:
        onderneming = None  # the KBO source is down: the name from the claim will do
    if onderneming is None:
        onderneming = Onderneming(kbo_nummer=mandaat.kbo, naam=mandaat.naam or rules.format_kbo(mandaat.kbo))
    return _organisatie(onderneming, OrganisatieSoort.PRIVAAT, gebruiker)


def _beeindig(toegang: Toegang, gebruiker, reden: str) -> None:
    toegang.ingetrokken_op = timezone.now()
    toegang._change_reason = reden
    _save(toegang, gebruiker, update_fields=["ingetrokken_op"])


def werk_mandaten_bij(gebruiker, mandaten: dict[str, rules.Mandaat]) -> tuple[list[Toegang], list[Toegang]]:
    """At every federal login: access *in naam van* every organisation the person holds a KBO
    mandate for, without the activation letter (the mandate is the proof); access that came from
    a mandate the login no longer reports ends. Other access (invitations, codes) is left alone.
    Returns (granted, ended); every change is in the grant's history with the reason."""
    verleend: list[Toegang] = []
    beeindigd: list[Toegang] = []
    with transaction.atomic():
        lopend = {
            t.organisatie.kbo_nummer: t
            for t in Toegang.objects.lopend()
            .select_for_update(of=("self",))
            .select_related("organisatie")
            .filter(gebruiker=gebruiker, maatregel=Maatregel.IMW)
        }
        for kbo, toegang in lopend.items():
            if toegang.activatie_wijze == ActivatieWijze.MANDAAT and kbo not in mandaten:
                _beeindig(toegang, gebruiker, MANDAAT_VERDWENEN)
                beeindigd.append(toegang)
        for kbo, mandaat in mandaten.items():
            bestaand = lopend.get(kbo)
            if bestaand is not None and bestaand.geactiveerd_op and bestaand.rol == mandaat.rol:
                continue  # active already, whatever made it so
            if bestaand is not None and bestaand.geactiveerd_op and mandaat.rol == Rol.MEDEWERKER:
                continue  # a responsible keeps that role when the mandate is a lesser one
            organisatie = _organisatie_voor_mandaat(mandaat, gebruiker)
            Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
            rol = mandaat.rol
            andere = actieve_verantwoordelijke(organisatie)
            if rol == Rol.VERANTWOORDELIJKE and andere is not None and andere.gebruiker_id != gebruiker.pk:
                rol = Rol.MEDEWERKER  # one responsible per organisation: the one there stays
                if bestaand is not None and bestaand.geactiveerd_op:
                    continue
            if bestaand is not None:
                _beeindig(bestaand, gebruiker, MANDAAT_VERLEEND)
            toegang = Toegang(
                gebruiker=gebruiker,
                organisatie=organisatie,
                maatregel=Maatregel.IMW,
                rol=rol,
                geactiveerd_op=timezone.now(),
                geactiveerd_door=gebruiker,
                activatie_wijze=ActivatieWijze.MANDAAT,
            )
            toegang._change_reason = MANDAAT_VERLEEND
            _save(toegang, gebruiker)
            if rol == Rol.VERANTWOORDELIJKE:
                _beeindig_andere_claims(toegang, gebruiker)
            verleend.append(toegang)
    return verleend, beeindigd


# --- Social secretariats (API mandates) -----------------------------------------------------------


def verleen_mandaat(
    *, organisatie: Organisatie, secretariaat: Onderneming, door, maatregel: str = Maatregel.IMW
):
    """Let the social secretariat ``secretariaat`` (an enterprise from the KBO) act for
    ``organisatie`` through the API. Returns the active mandate (an existing one as is)."""
    from .models import Mandaat

    if secretariaat.kbo_nummer == organisatie.kbo_nummer:
        raise ToegangGeweigerd(_("Een organisatie kan zichzelf geen mandaat geven."))
    with transaction.atomic():
        secretariaat_org = _organisatie(secretariaat, OrganisatieSoort.PRIVAAT, door)
        Organisatie.objects.select_for_update().filter(pk=organisatie.pk).first()
        bestaand = Mandaat.objects.actief().filter(
            organisatie=organisatie, secretariaat=secretariaat_org, maatregel=maatregel
        )
        if bestaand.exists():
            return bestaand.get()
        return _save(
            Mandaat(
                organisatie=organisatie,
                secretariaat=secretariaat_org,
                maatregel=maatregel,
                verleend_door=door,
            ),
            door,
        )


def trek_mandaat_in(mandaat, door) -> None:
    """End a mandate: from now on no client of the secretariat sees or changes the organisation."""
    if mandaat.ingetrokken_op:
        return
    mandaat.ingetrokken_op = timezone.now()
    mandaat.ingetrokken_door = door
    _save(mandaat, door, update_fields=["ingetrokken_op", "ingetrokken_door"])
