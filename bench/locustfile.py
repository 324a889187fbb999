"""Load test: employers and case handlers on a database filled by ``seed_bench``.

Run it through ``bench/load_test.py`` (which starts gunicorn, two Celery workers, locust and
reports the admissibility mail's delay); on its own:

    .venv/bin/locust -f bench/locustfile.py --headless -u 220 -r 20 -t 2m --host http://127.0.0.1:8104

Employers (``bench-werkgever-<i>``, weight 10) log in, browse the dashboard, 'Actuele stand' and
their dossiers' tabs, read messages, and now and then fill in an application (loonpremie and
begeleidingspremie with an internal coach, so the proof of qualification is uploaded) and submit
it. Case handlers (``bench-behandelaar-<j>``, weight 1, TOTP with the seed's key) open the queue,
search by INSZ, open dossiers and decide one in treatment. Every request is named after its page,
so locust's table gives the p95 per page. Any answer other than 200 (or an expected redirect)
counts as a failure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loket.proefnummers import insz  # noqa: E402

WACHTWOORD = "bench"  # seed_bench's password for every benchmark account
TOTP_SLEUTEL = "3132333435363738393031323334353637383930"  # seed_bench.TOTP_SLEUTEL
WERKGEVERS = int(os.environ.get("BENCH_WERKGEVERS", "200"))
BEHANDELAARS = int(os.environ.get("BENCH_BEHANDELAARS", "20"))
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "50000"))
# How often an employer files an application, against 12 for browsing (the CI's short run raises
# it so that a few applications are submitted within seconds).
AANVRAAG_GEWICHT = int(os.environ.get("BENCH_AANVRAAG_GEWICHT", "1"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_werkgever = itertools.count()
_behandelaar = itertools.count()
_aanvraag = itertools.count()
DOSSIER_ID = re.compile(r'data-testid="dossier-(\d+)"')
ADMIN_DOSSIER = re.compile(r"/admin/aanvragen/dossier/(\d+)/change/")


def csrf(client) -> dict:
    return {"X-CSRFToken": client.cookies.get("csrftoken", "")}


def totp(sleutel_hex: str) -> str:
    from django_otp.oath import totp as oath_totp  # pure: no Django settings needed

    return f"{oath_totp(bytes.fromhex(sleutel_hex)):06d}"


class Werkgever(HttpUser):
    weight = 10
    wait_time = between(1, 3)

    def on_start(self):
        self.nummer = next(_werkgever) % WERKGEVERS
        self.client.get("/aanmelden/", name="aanmelden")
        self.client.post(
            "/aanmelden/",
            {"username": f"bench-werkgever-{self.nummer}", "password": WACHTWOORD},
            headers=csrf(self.client),
            name="aanmelden",
        )
        self.dossiers: list[str] = []
        self.actuele_stand()

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(3)
    def actuele_stand(self):
        pagina = random.choice([1, 1, 2, 3])
        with self.client.get(
            f"/individueel-maatwerk/dossiers/?pagina={pagina}", name="actuele stand", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                self.dossiers = DOSSIER_ID.findall(response.text) or self.dossiers

    @task(4)
    def dossier_tab(self):
        if self.dossiers:
            tab = random.choice(["overzicht", "berekeningen", "documenten", "wijzigingen"])
            self.client.get(
                f"/individueel-maatwerk/dossiers/{random.choice(self.dossiers)}/?tab={tab}",
                name=f"dossier: {tab}",
            )

    @task(2)
    def berichten(self):
        if self.dossiers:
            self.client.get(
                f"/individueel-maatwerk/dossiers/{random.choice(self.dossiers)}/?tab=berichten",
                name="dossier: berichten",
            )

    @task(AANVRAAG_GEWICHT)
    def aanvraag_indienen(self):
        """Start, fill in every step (with an upload) and submit an application."""
        with self.client.post(
            "/individueel-maatwerk/aanvraag/start/",
            headers=csrf(self.client),
            name="aanvraag: start",
            allow_redirects=False,
            catch_response=True,
        ) as start:
            gevonden = re.search(r"/aanvraag/(\d+)/", start.headers.get("Location", ""))
            if not gevonden:
                start.failure(f"no draft started ({start.status_code})")
                return
        basis = f"/individueel-maatwerk/aanvraag/{gevonden.group(1)}/stap"
        vestiging_html = self.client.get(f"{basis}/vestiging/", name="aanvraag: stap").text
        vestiging = re.search(
            r'name="vestiging"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="vestiging"', vestiging_html
        )
        # A fresh employee per application (one open application per employee and employer).
        werknemer = insz(5_000_000 + self.nummer * 10_000 + next(_aanvraag))
        stappen = [
            (
                "contact",
                {
                    "contact_naam": "Els Peeters",
                    "contact_email": "els@bench.test",
                    "contact_telefoon": "09 123 45 67",
                },
            ),
            (
                "werknemer",
                {
                    "werknemer_insz": werknemer,
                    "werknemer_voornaam": "Jan",
                    "werknemer_achternaam": f"Belasting{self.nummer}",
                    "werknemer_woonplaats_gewest": "vlaanderen",
                },
            ),
            ("vestiging", {"vestiging": next((g for g in vestiging.groups() if g), "") if vestiging else ""}),
            ("premie", {"premie_keuze": "loon_begeleiding"}),
            (
                "begeleiding",
                {"begeleider_soort": "intern", "begeleider_naam": "An Claes", "collega_coach_naam": "Piet"},
            ),
            ("rekening", {"iban": "BE71096123456769"}),
            ("vop", {"vop_evaluatie": "False"}),
        ]
        for stap, data in stappen:
            bestanden = (
                {"bewijs_kwalificatie": ("diploma.pdf", PDF, "application/pdf")}
                if stap == "begeleiding"
                else None
            )
            with self.client.post(
                f"{basis}/{stap}/",
                {**data, "actie": "volgende"},
                files=bestanden,
                headers=csrf(self.client),
                name=f"aanvraag: stap{' (upload)' if bestanden else ''}",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"step {stap} not accepted ({response.status_code})")
                    return
        with self.client.post(
            f"{basis}/overzicht/",
            {"actie": "indienen"},
            headers=csrf(self.client),
            name="aanvraag: indienen",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"submission refused ({response.status_code})")


class Behandelaar(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        nummer = next(_behandelaar) % BEHANDELAARS
        self.client.get("/admin/login/", name="admin: aanmelden")
        self.client.post(
            "/admin/login/?next=/admin/",
            {
                "username": f"bench-behandelaar-{nummer}",
                "password": WACHTWOORD,
                "otp_token": totp(TOTP_SLEUTEL),
                "next": "/admin/",
            },
            headers=csrf(self.client),
            name="admin: aanmelden",
        )
        self.dossiers: list[str] = []
        self.werkvoorraad()

    @task(3)
    def werkvoorraad(self):
        response = self.client.get("/admin/aanvragen/dossier/", name="admin: werkvoorraad")
        self.dossiers = ADMIN_DOSSIER.findall(response.text) or self.dossiers

    @task(1)
    def zoeken(self):
        self.client.get(
            f"/admin/aanvragen/dossier/?q={insz(random.randrange(DOSSIERS))}", name="admin: zoeken op INSZ"
        )

    @task(2)
    def dossier(self):
        if self.dossiers:
            self.client.get(
                f"/admin/aanvragen/dossier/{random.choice(self.dossiers)}/change/",
                name="admin: dossierpagina",
            )

    @task(1)
    def beslissen(self):
        lijst = self.client.get(
            "/admin/aanvragen/dossier/?status__exact=in_behandeling", name="admin: werkvoorraad (filter)"
        )
        kandidaten = ADMIN_DOSSIER.findall(lijst.text)
        if not kandidaten:
            return
        url = f"/admin/aanvragen/dossier/{random.choice(kandidaten)}/actie/beslissen/"
        self.client.get(url, name="admin: beslissen")
        # Another handler may have decided it a moment ago: the form then answers with a message
        # (200), which is the portal working as meant, not an error.
        self.client.post(
            url,
            {
                "uitkomst": "geweigerd",
                "reden": "Belastingstest",
                "pakket": "vast",
                "beslist_op": dt.date.today().isoformat(),
            },
            headers=csrf(self.client),
            name="admin: beslissen",
        )
