"""Start the test provider: ``python -m tests.oidc.provider <port> <client_id> <secret> <redirect_uri>``
with ``OIDC_TEST_DIR`` (its database, key and personen.json) set. Prepares the database, an RSA
key and the portal as client, then serves on 127.0.0.1:<port> until it is stopped."""

import os
import sys


def main(poort: str, client_id: str, secret: str, redirect_uri: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc.settings"
    os.environ.setdefault("OIDC_TEST_SITE_URL", f"http://127.0.0.1:{poort}")
    import django
    from django.core.management import call_command

    django.setup()
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client.objects.create(
        name="WSE-loket",
        client_type="confidential",
        client_id=client_id,
        client_secret=secret,
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=redirect_uri,
        _scope="openid email profile kbo_mandaten",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    call_command("runserver", f"127.0.0.1:{poort}", use_reloader=False, use_threading=True, verbosity=0)


if __name__ == "__main__":
    main(*sys.argv[1:5])
