"""Give a staff member a TOTP device (authenticator app) for the backoffice's second factor.

    python manage.py staff_totp <gebruikersnaam> [--opnieuw] [--rol behandelaar|supervisor]

Prints the otpauth:// URL and the secret (base32) to enter in an authenticator app, and a QR code
in the terminal. Without --opnieuw an existing confirmed device is kept and shown again.
"""

import base64

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Maak een TOTP-apparaat (authenticator-app) voor een medewerker van DWSE en toon de sleutel."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--opnieuw", action="store_true", help="Vervang bestaande apparaten door een nieuw."
        )
        parser.add_argument("--geen-qr", action="store_true", help="Toon geen QR-code in de terminal.")
        parser.add_argument(
            "--code", action="store_true", help="Toon enkel de code die nu geldt (voor de demo, zonder app)."
        )
        parser.add_argument(
            "--rol", choices=["behandelaar", "supervisor"], help="Zet de medewerker ook in deze groep (rol)."
        )

    def handle(self, *args, gebruikersnaam, opnieuw=False, geen_qr=False, rol=None, code=False, **options):
        user = get_user_model().objects.filter(username=gebruikersnaam).first()
        if user is None:
            raise CommandError(f"Geen gebruiker '{gebruikersnaam}'.")
        if code:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
            if device is None:
                raise CommandError(f"'{gebruikersnaam}' heeft nog geen TOTP-apparaat.")
            self.stdout.write(
                f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"
            )
            return
        if not user.is_staff:
            raise CommandError(
                f"'{gebruikersnaam}' is geen medewerker (is_staff): geen toegang tot de backoffice."
            )
        if rol:
            from django.contrib.auth.models import Group

            from aanvragen.rollen import zet_rollen

            zet_rollen()
            user.groups.add(Group.objects.get(name=rol))
            self.stdout.write(f"Rol: {rol}")
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        if opnieuw:
            devices.delete()
        device = devices.first() if not opnieuw else None
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        self.stdout.write(f"Gebruiker: {user.get_username()}")
        self.stdout.write(f"Geheime sleutel (base32): {secret}")
        self.stdout.write(f"otpauth-URL: {device.config_url}")
        if not geen_qr:
            try:
                import segno

                segno.make(device.config_url).terminal(out=self.stdout._out, compact=True)
            except Exception:  # nosec B110: the QR code is a convenience; the URL and secret suffice
                pass
