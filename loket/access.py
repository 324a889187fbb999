"""Who may see what: every employer view goes through these checks."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Maatregel, Organisatie, Toegang


def organisaties_voor(user):
    """Organisations this account may act for (active grants only)."""
    return Organisatie.objects.filter(
        toegangen__in=Toegang.objects.actief().filter(gebruiker=user)
    ).distinct()


def in_naam_van_vereist(view):
    """Login required, and an organisation chosen (*in naam van*); else to the chooser."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.organisatie is None:
            return redirect(f"{reverse('loket:kies_organisatie')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper


def imw_toegang_vereist(view):
    """Acting for an organisation, with access for the measure Individueel maatwerk (else 403)."""

    @in_naam_van_vereist
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.toegang.geactiveerd_op is None or request.toegang.ingetrokken_op is not None:
            # The middleware only sets active grants; a pending one never reaches an IMW page.
            raise PermissionDenied(_("Uw registratie is nog niet geactiveerd."))
        if request.toegang.maatregel != Maatregel.IMW:
            raise PermissionDenied(
                _(
                    "Uw toegang voor %(organisatie)s geldt enkel voor %(maatregel)s, niet voor "
                    "Individueel maatwerk. Vraag de organisatieverantwoordelijke van uw organisatie om "
                    "toegang voor Individueel maatwerk, of registreer u als organisatieverantwoordelijke."
                )
                % {
                    "organisatie": request.organisatie.naam,
                    "maatregel": request.toegang.get_maatregel_display(),
                }
            )
        return view(request, *args, **kwargs)

    return wrapper
