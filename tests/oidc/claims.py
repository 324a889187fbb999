"""The test provider's people and their claims, read from ``personen.json`` in its work folder
at every request, so a test changes someone's mandates between two logins by rewriting it."""

import json

from django.conf import settings
from oidc_provider.lib.claims import ScopeClaims


def personen() -> dict:
    return json.loads((settings.WERKMAP / "personen.json").read_text())


def userinfo(claims, user):
    persoon = personen()[user.username]
    claims.update(
        email=persoon["email"],
        email_verified=True,
        given_name=persoon["voornaam"],
        family_name=persoon["achternaam"],
    )
    return claims


class KboMandaten(ScopeClaims):
    info_kbo_mandaten = ("KBO-mandaten", "De ondernemingen die u mag vertegenwoordigen.")

    def scope_kbo_mandaten(self):
        return {"kbo_mandaten": personen()[self.user.username].get("mandaten", [])}
