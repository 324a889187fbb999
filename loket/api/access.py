"""What an API client may see: its own organisation and every organisation that gave its
organisation (a social secretariat) an active mandate for IMW; and which scope each kind of
webhook event needs (a payment's amount only reaches a client with ``payments``)."""

from django.db.models import Q

from ..models import Maatregel, Mandaat, Organisatie
from .models import EventType


def organisaties_voor_client(client):
    mandanten = (
        Mandaat.objects.actief()
        .filter(secretariaat_id=client.organisatie_id, maatregel=Maatregel.IMW)
        .values("organisatie_id")
    )
    return Organisatie.objects.filter(Q(pk=client.organisatie_id) | Q(pk__in=mandanten))


def handelt_voor(client, organisatie_id: int) -> bool:
    """Whether ``client`` may act for the organisation now (a revoked mandate: no longer)."""
    return organisaties_voor_client(client).filter(pk=organisatie_id).exists()


# The scope a client (and, for the event list, its token) needs to get an event of each type;
# every other type needs 'read', like reading the dossier it is about.
EVENT_SCOPES = {EventType.BETALING: "payments"}


def scope_voor_event(type: str) -> str:
    return EVENT_SCOPES.get(type, "read")


def typen_zonder_scope(scopes) -> list[str]:
    """The event types that ``scopes`` (a token's or a client's) do not give."""
    return [t for t in EventType.values if scope_voor_event(t) not in set(scopes)]


def client_van(request):
    """The ApiClient of an authenticated API request (None otherwise)."""
    return getattr(request, "api_client", None)
