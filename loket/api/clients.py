"""Creating and revoking API clients: the only code that does (portal and admin call it)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from .models import SCOPES, ApiClient


@transaction.atomic
def maak_client(*, organisatie, naam: str, scopes: list[str], door) -> tuple[ApiClient, str]:
    """A new client credentials client of ``organisatie``. Returns (client, secret): the secret is
    stored hashed only, so this is the one moment it can be shown."""
    geheim = generate_client_secret()
    application = Application.objects.create(
        name=f"{organisatie.kbo_nummer} {naam}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=geheim,
        hash_client_secret=True,
    )
    gebruiker = get_user_model().objects.create_user(
        username=f"api-{application.client_id[:20]}-{secrets.token_hex(3)}",
        first_name=naam[:150],
        last_name=f"(API {organisatie.naam})"[:150],
    )
    client = ApiClient(
        application=application,
        organisatie=organisatie,
        naam=naam,
        scopes=" ".join(s for s in SCOPES if s in scopes),
        gebruiker=gebruiker,
        aangemaakt_door=door,
    )
    client._history_user = door
    client.save()
    return client, geheim


@transaction.atomic
def trek_client_in(client: ApiClient, door) -> None:
    """The client's tokens stop working at once; its history stays."""
    if client.ingetrokken_op:
        return
    client.ingetrokken_op = timezone.now()
    client.ingetrokken_door = door
    client._history_user = door
    client.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    AccessToken.objects.filter(application=client.application).delete()
