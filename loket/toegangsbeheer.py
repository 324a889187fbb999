"""Who may act for an organisation: registration as organisation responsible, invitations of
colleagues, revocation.

Views call these; they are the only code that creates or revokes a ``Toegang``. Every change is
recorded by django-simple-history with the acting user as ``history_user``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .mail import absolute_url, verstuur_bericht
from .models import Maatregel, Organisatie, OrganisatieSoort, Rol, Toegang, Uitnodiging

UITNODIGING_GELDIG = dt.timedelta(days=14)


class ToegangGeweigerd(Exception):
    """A change to access that is not allowed; ``str(exc)`` is a Dutch message for the user."""


@dataclass(frozen=True)
class Onderneming:
    """What the registration needs to know about an enterprise (from the KBO source)."""

    kbo_nummer: str
    naam: str


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
    ``(toegang, created)``; ``created`` is False when the user already was the responsible.
    Raises ToegangGeweigerd when someone else is.
    """
    with transaction.atomic():
        organisatie = _organisatie(onderneming, soort, gebruiker)
        if scholengroep is not None and organisatie.scholengroep_id is None:
            organisatie.scholengroep = _organisatie(scholengroep, OrganisatieSoort.SCHOLENGROEP, gebruiker)
            _save(organisatie, gebruiker, update_fields=["scholengroep"])
        bestaande = actieve_verantwoordelijke(organisatie, maatregel)
        if bestaande is not None:
            if bestaande.gebruiker_id == gebruiker.pk:
                return bestaande, False
            raise ToegangGeweigerd(al_verantwoordelijke_melding(bestaande))
        # A colleague (medewerker) becomes the responsible: the old grant ends, a new one starts.
        for eigen in Toegang.objects.actief().filter(
            gebruiker=gebruiker, organisatie=organisatie, maatregel=maatregel
        ):
            eigen.ingetrokken_op = timezone.now()
            eigen.ingetrokken_door = gebruiker
            _save(eigen, gebruiker, update_fields=["ingetrokken_op", "ingetrokken_door"])
        try:
            with transaction.atomic():
                toegang = _save(
                    Toegang(
                        gebruiker=gebruiker,
                        organisatie=organisatie,
                        maatregel=maatregel,
                        rol=Rol.VERANTWOORDELIJKE,
                        verleend_door=gebruiker,
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
    return toegang, True


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
    return None


def aanvaard_uitnodiging(uitnodiging: Uitnodiging, gebruiker) -> Toegang:
    """Give ``gebruiker`` access as medewerker; the invitation works once."""
    with transaction.atomic():
        uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
        probleem = uitnodiging_probleem(uitnodiging, gebruiker=gebruiker)
        if probleem:
            raise ToegangGeweigerd(probleem)
        toegang = (
            Toegang.objects.actief()
            .filter(gebruiker=gebruiker, organisatie=uitnodiging.organisatie, maatregel=uitnodiging.maatregel)
            .first()
        )
        if toegang is None:
            toegang = _save(
                Toegang(
                    gebruiker=gebruiker,
                    organisatie=uitnodiging.organisatie,
                    maatregel=uitnodiging.maatregel,
                    rol=Rol.MEDEWERKER,
                    verleend_door=uitnodiging.uitgenodigd_door,
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
