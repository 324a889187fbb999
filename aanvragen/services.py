"""The only place a dossier's status changes.

``wijzig_status`` checks the transition against ``rules.OVERGANGEN``, saves, and records who,
when and why. Callers schedule mails and tasks with ``transaction.on_commit``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import rules
from .models import Dossier, StatusOvergang


class OngeldigeOvergang(ValidationError):
    pass


@transaction.atomic
def wijzig_status(
    dossier: Dossier, naar: str, *, door=None, reden: str = "", velden: dict | None = None
) -> Dossier:
    """Move ``dossier`` to ``naar`` (locking the row), optionally setting other fields with it."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not rules.overgang_toegelaten(locked.status, naar):
        raise OngeldigeOvergang(
            _("Een dossier met status '%(van)s' kan niet naar '%(naar)s'.")
            % {"van": locked.get_status_display(), "naar": naar}
        )
    van = locked.status
    locked.status = naar
    for veld, waarde in (velden or {}).items():
        setattr(locked, veld, waarde)
    if door is not None:
        locked._history_user = door
    locked.save()
    StatusOvergang.objects.create(dossier=locked, van=van, naar=naar, door=door, reden=reden)
    # Keep the caller's instance in step with the database.
    dossier.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def nieuwe_referentie(dossier: Dossier, jaar: int) -> str:
    return f"IMW-{jaar}-{dossier.pk:06d}"


@transaction.atomic
def dien_in(dossier: Dossier, *, door) -> Dossier:
    """Submit a draft: reference, deadlines (from ``rules``), status ``ingediend``.

    The admissibility check runs after commit, as a Celery task.
    """
    from django.utils import timezone

    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    wijzig_status(
        dossier,
        "ingediend",
        door=door,
        reden=_("Aanvraag ingediend in het WSE-loket."),
        velden={
            "referentie": nieuwe_referentie(dossier, vandaag.year),
            "ingediend_op": nu,
            "ingediend_door": door,
            "ontvankelijkheid_uiterlijk": rules.ontvankelijkheid_uiterlijk(vandaag),
            "beslissing_uiterlijk": rules.beslissing_uiterlijk(vandaag),
        },
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.toets_ontvankelijkheid.delay(dossier.pk))
    return dossier
