"""What an API client may see: its own organisation and every organisation that gave its
organisation (a social secretariat) an active mandate for IMW."""

from django.db.models import Q

from ..models import Maatregel, Mandaat, Organisatie


def organisaties_voor_client(client):
    mandanten = (
        Mandaat.objects.actief()
        .filter(secretariaat_id=client.organisatie_id, maatregel=Maatregel.IMW)
        .values("organisatie_id")
    )
    return Organisatie.objects.filter(Q(pk=client.organisatie_id) | Q(pk__in=mandanten))


def client_van(request):
    """The ApiClient of an authenticated API request (None otherwise)."""
    return getattr(request, "api_client", None)
