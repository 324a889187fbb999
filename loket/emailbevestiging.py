"""E-mail verification of portal accounts: an invitation is accepted only by an account that
proved to read the invited address.

A verification mail (through the outbox) carries a signed link with a timestamp (Django's
signing): valid ``rules.EMAIL_BEVESTIGING_GELDIG``, once, for the account it was sent to and the
address it had then. The federal login (OpenID Connect) verifies the address its provider gives.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import rules
from .mail import absolute_url, verstuur_bericht
from .models import BevestigingWijze, EmailBevestiging

SALT = "loket.emailbevestiging"


def _adres(gebruiker) -> str:
    return (gebruiker.email or "").strip().lower()


def is_bevestigd(gebruiker) -> bool:
    """Has this account confirmed the address it has now?"""
    if not getattr(gebruiker, "is_authenticated", False) or not _adres(gebruiker):
        return False
    return EmailBevestiging.objects.filter(
        gebruiker=gebruiker, email__iexact=_adres(gebruiker), bevestigd_op__isnull=False
    ).exists()


def link(bevestiging: EmailBevestiging) -> str:
    token = signing.dumps(bevestiging.pk, salt=SALT, compress=False)
    return absolute_url(reverse("loket:emailadres_bevestigen", args=[token]))


class BevestigingGeweigerd(Exception):
    """``str(exc)`` is a Dutch message for the user."""


def stuur_bevestiging(gebruiker) -> EmailBevestiging:
    """Send a verification mail to the account's address (through the outbox, on commit)."""
    if not _adres(gebruiker):
        raise BevestigingGeweigerd(_("Uw account heeft geen e-mailadres."))
    if is_bevestigd(gebruiker):
        raise BevestigingGeweigerd(
            _("Uw e-mailadres %(email)s is al bevestigd.") % {"email": gebruiker.email}
        )
    nu = timezone.now()
    with transaction.atomic():
        recent = EmailBevestiging.objects.filter(
            gebruiker=gebruiker, aangemaakt_op__gte=nu - dt.timedelta(days=1)
        ).count()
        if not rules.nieuwe_emailbevestiging_mag(recent):
            raise BevestigingGeweigerd(
                _(
                    "U vroeg vandaag al %(aantal)s keer een bevestigingsmail. Probeer het morgen opnieuw, "
                    "of neem contact op met DWSE."
                )
                % {"aantal": recent}
            )
        bevestiging = EmailBevestiging.objects.create(gebruiker=gebruiker, email=gebruiker.email.strip())
        verstuur_bericht(
            sleutel=f"emailbevestiging-{bevestiging.pk}",
            aan=bevestiging.email,
            template="loket/mail/emailbevestiging",
            context={
                "naam": gebruiker.get_full_name() or gebruiker.username,
                "link": link(bevestiging),
                "geldig_tot": timezone.localtime(nu + rules.EMAIL_BEVESTIGING_GELDIG),
            },
            onderwerp_object=bevestiging,
        )
    return bevestiging


def _melding(probleem: rules.BevestigingProbleem) -> str:
    return {
        rules.BevestigingProbleem.ANDER_ACCOUNT: _(
            "Deze bevestigingslink hoort bij een ander account. Meld u aan met het account waarvoor "
            "u de e-mail kreeg."
        ),
        rules.BevestigingProbleem.ANDER_ADRES: _(
            "Deze bevestigingslink is voor een e-mailadres dat uw account niet meer heeft. Vraag een "
            "nieuwe bevestigingsmail aan."
        ),
        rules.BevestigingProbleem.GEBRUIKT: _(
            "Deze bevestigingslink is al gebruikt. Een link werkt maar één keer."
        ),
        rules.BevestigingProbleem.VERVANGEN: _(
            "U vroeg intussen een nieuwere bevestigingsmail aan. Gebruik de link in de laatste e-mail."
        ),
    }[probleem]


def bevestig(token: str, gebruiker) -> tuple[str, int] | None:
    """Confirm the address with the link's token. None when confirmed, else a Dutch message and
    the HTTP status for it (400 not a link of ours, 403 another account's, 410 no longer valid)."""
    ongeldig = _(
        "Deze bevestigingslink is ongeldig. Controleer of u de volledige link uit de e-mail gebruikt."
    )
    try:
        pk = signing.loads(token, salt=SALT, max_age=rules.EMAIL_BEVESTIGING_GELDIG.total_seconds())
    except signing.SignatureExpired:
        return _(
            "Deze bevestigingslink is verlopen: een link is %(dagen)s dagen geldig. Vraag hieronder "
            "een nieuwe bevestigingsmail aan."
        ) % {"dagen": rules.EMAIL_BEVESTIGING_GELDIG.days}, 410
    except signing.BadSignature:
        return ongeldig, 400
    if not isinstance(pk, int) or isinstance(pk, bool):
        return ongeldig, 400
    with transaction.atomic():
        bevestiging = EmailBevestiging.objects.select_for_update().filter(pk=pk).first()
        if bevestiging is None:
            return _("Deze bevestigingslink is niet meer geldig. Vraag een nieuwe bevestigingsmail aan."), 410
        van_gebruiker = bevestiging.gebruiker_id == gebruiker.pk
        nieuwste = (
            van_gebruiker
            and not EmailBevestiging.objects.filter(gebruiker=gebruiker, pk__gt=bevestiging.pk).exists()
        )
        probleem = rules.emailbevestiging_probleem(
            van_gebruiker=van_gebruiker,
            adres_ongewijzigd=bevestiging.email.strip().lower() == _adres(gebruiker),
            gebruikt=bevestiging.bevestigd_op is not None,
            nieuwste=nieuwste,
        )
        if probleem is not None:
            return _melding(probleem), 403 if probleem == rules.BevestigingProbleem.ANDER_ACCOUNT else 410
        bevestiging.bevestigd_op = timezone.now()
        bevestiging.save(update_fields=["bevestigd_op"])
    return None


def bevestigd_door_provider(gebruiker) -> None:
    """The federal login's provider vouches for the address it gave: no mail needed."""
    if _adres(gebruiker) and not is_bevestigd(gebruiker):
        EmailBevestiging.objects.create(
            gebruiker=gebruiker,
            email=gebruiker.email.strip(),
            bevestigd_op=timezone.now(),
            wijze=BevestigingWijze.FEDERAAL,
        )


def onbevestigd_melding(gebruiker) -> str:
    laatste = EmailBevestiging.objects.filter(gebruiker=gebruiker, email__iexact=_adres(gebruiker)).first()
    tekst = _(
        "Uw e-mailadres %(email)s is nog niet bevestigd. Een uitnodiging aanvaardt u pas als u bewezen "
        "hebt dat u de e-mail van dat adres leest: open de link in de bevestigingsmail."
    ) % {"email": gebruiker.email}
    if laatste is not None:
        tekst += " " + _("De laatste bevestigingsmail vertrok op %(datum)s.") % {
            "datum": date_format(timezone.localtime(laatste.aangemaakt_op), "j F Y H:i")
        }
    return tekst


# --- A changed address is verified again -------------------------------------------------------------


def onthoud_adreswijziging(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of the user model: remember whether the address changes (one query, only for a
    save that may change it; a login's ``last_login`` update does not)."""
    if instance.pk is None or (update_fields is not None and "email" not in update_fields):
        return
    oud = sender.objects.filter(pk=instance.pk).values_list("email", flat=True).first()
    instance._email_gewijzigd = oud is not None and (oud or "").strip().lower() != _adres(instance)


def bevestig_nieuw_adres(sender, instance, created=False, **kwargs) -> None:
    """post_save of the user model: a portal account whose address changed gets a verification
    mail for the new one (until then it counts as unverified)."""
    if created or not getattr(instance, "_email_gewijzigd", False):
        return
    instance._email_gewijzigd = False
    if instance.is_staff or not _adres(instance):
        return
    try:
        stuur_bevestiging(instance)
    except BevestigingGeweigerd:
        pass  # already verified (an earlier address came back) or too many today: the page offers a resend
