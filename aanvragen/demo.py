"""The applications' part of the demo world: the recognised service providers, the DWSE staff's
roles and second factor, and dossiers in every status with their history and decisions.

Built on ``loket.demo`` (organisations, persons, registries, accounts). The dossiers' dates
(submission, admissibility, decision, start and end of the premium) are computed with
``aanvragen.rules`` relative to today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from loket.demo import ACCOUNTS, DEMO_TOTP_SLEUTELS, ORGANISATIES, PERSONEN, dagen_voor, kbo, op
from loket.models import KboInschrijving, Organisatie, Persoon
from premies.rules import aantal_kwartalen, vaste_schijven

from . import rules as aanvraag_rules
from .models import Beslissing, Dossier, ErkendeDienstverlener, Pakket, StatusOvergang, Wijziging

DIENSTVERLENERS = [
    ("GTB Vlaanderen vzw", kbo("04716812"), "Brussel", True),
    ("Jobcoaching Oost-Vlaanderen vzw", kbo("08212121"), "Gent", True),
    ("Werkkracht Limburg vzw", kbo("08334455"), "Genk", True),
    ("Arbeidszorg Antwerpen vzw", kbo("04445566"), "Antwerpen", True),
    ("Begeleidingsdienst Westhoek vzw", kbo("08998877"), "Ieper", False),
]


def maak_staf(gebruikers: dict) -> None:
    """DWSE staff: their role (group) and a TOTP device with the README's demo secret."""
    import base64

    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aanvragen.rollen import zet_rollen

    zet_rollen()
    for username, sleutel in DEMO_TOTP_SLEUTELS.items():
        gebruiker = gebruikers[username]
        gebruiker.groups.add(Group.objects.get(name=username))
        TOTPDevice.objects.create(
            user=gebruiker, name="demo-authenticator", confirmed=True, key=base64.b32decode(sleutel).hex()
        )


# --- Dossiers --------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """One application: who, what, and the days on which its status changed.

    ``ingediend`` is the submission date; the other dates follow in the order of the status path.
    """

    org: str
    persoon: str
    vestiging: int  # index into the organisation's establishments
    premie: str
    pad: list[tuple[str, dt.date, str]]  # (status, date, reason)
    ingediend_door: str
    iban: bool = False
    begeleider: str = ""  # "intern:<naam>" or "extern:<dienstverlener>"
    collega_coach: str = ""
    onderwijs: bool | None = None
    redenen: list[str] = field(default_factory=list)
    beslissing: dict | None = None
    laatste_stap: str = ""
    uit_dienst: dt.date | None = None


def scenarios(vandaag: dt.date) -> list[Scenario]:
    """Dossiers in every status, dated relative to ``vandaag``."""

    r = aanvraag_rules
    dagen = dagen_voor(vandaag)
    return [
        Scenario(
            "bakkerij", "lien", 0, "", [("concept", dagen(2), "")], "els.peeters", laatste_stap="premie"
        ),
        Scenario(
            "bakkerij", "jonas", 0, "loon_begeleiding",
            [("ingediend", dagen(20), ""), ("niet_ontvankelijk", dagen(19), "")],
            "els.peeters", begeleider="extern:GTB Vlaanderen vzw", collega_coach="Joke Van Hecke",
            redenen=[r.PREMIE_WIJKT_AF],
        ),
        Scenario("bakkerij", "jonas", 0, "loonpremie", [("ingediend", dagen(1), "")], "pieter.desmet"),
        Scenario(
            "bakkerij", "sarah", 1, "loonpremie",
            [("ingediend", dagen(6), ""), ("ontvankelijk", dagen(5), "")], "els.peeters",
        ),
        Scenario(
            "bakkerij", "wim", 0, "loonpremie",
            [("ingediend", dagen(560), ""), ("ontvankelijk", dagen(558), ""),
             ("in_behandeling", dagen(552), ""), ("toegekend", dagen(536), ""),
             ("lopend", dagen(536), "")],
            "els.peeters", beslissing={"percentage": 40, "duur": 5},
        ),
        Scenario(
            "bakkerij", "marc", 0, "loonpremie",
            [("ingediend", dagen(672), ""), ("ontvankelijk", dagen(670), ""),
             ("in_behandeling", dagen(665), ""), ("toegekend", dagen(651), ""),
             ("lopend", dagen(651), ""),
             ("beeindigd", dagen(143),
              f"Werknemer uit dienst op {dagen(146):%d/%m/%Y} (gemelde wijziging).")],
            "els.peeters", iban=True, beslissing={"percentage": 20, "duur": 2}, uit_dienst=dagen(146),
        ),
        Scenario(
            "vandaele", "olivier", 1, "loonpremie",
            [("ingediend", dagen(12), ""), ("ontvankelijk", dagen(11), ""),
             ("in_behandeling", dagen(8), "Nazicht DmfA-aangifte en woonplaats (Waals Gewest).")],
            "sofie.maes",
        ),
        Scenario(
            "vandaele", "pieterjan", 0, "loon_begeleiding",
            [("ingediend", dagen(1126), ""), ("ontvankelijk", dagen(1124), ""),
             ("in_behandeling", dagen(1117), ""), ("toegekend", dagen(1104), ""),
             ("lopend", dagen(1104), ""),
             ("in_evaluatie", dagen(34), "Evaluatie van de hoogte aangevraagd; dossier naar VDAB.")],
            "sofie.maes", iban=True, begeleider="extern:GTB Vlaanderen vzw", collega_coach="Rudi Smets",
            beslissing={"percentage": 40, "duur": 5, "begeleiding": True},
        ),
        Scenario(
            "vandaele", "daan", 0, "loonpremie",
            [("ingediend", dagen(35), ""), ("ontvankelijk", dagen(33), ""),
             ("in_behandeling", dagen(25), ""), ("toegekend", dagen(3), "")],
            "lotte.wuyts", beslissing={"percentage": 20, "duur": 2},
        ),
        Scenario(
            "klimop", "emma", 0, "loon_begeleiding",
            [("ingediend", dagen(994), ""), ("ontvankelijk", dagen(992), ""),
             ("in_behandeling", dagen(986), ""), ("toegekend", dagen(970), ""),
             ("lopend", dagen(970), "")],
            "bart.jacobs", iban=True, begeleider="intern:Veerle Aerts (maatschappelijk werker)",
            collega_coach="Hans Dewulf", beslissing={"percentage": 55, "duur": 5, "begeleiding": True},
        ),
        Scenario(
            "flexpunt", "kevin", 0, "loonpremie",
            [("ingediend", dagen(40), ""), ("ontvankelijk", dagen(39), ""),
             ("in_behandeling", dagen(30), ""),
             ("geweigerd", dagen(15),
              f"De VDAB-indicering liep af op {dagen(20):%d/%m/%Y}; op de beslissingsdatum "
              "is er geen geldige behoefte.")],
            "nele.goossens", iban=True, beslissing={"geweigerd": True},
        ),
        Scenario(
            "claes", "nathalie", 0, "loonpremie", [("ingediend", dagen(3), "")], "marleen.claes", iban=True
        ),
        Scenario(
            "wouters", "koen", 0, "ondersteuning",
            [("ingediend", dagen(826), ""), ("ontvankelijk", dagen(824), ""),
             ("in_behandeling", dagen(817), ""), ("toegekend", dagen(804), ""),
             ("lopend", dagen(804), "")],
            "koen.wouters", iban=True, beslissing={"percentage": 30, "duur": 5, "ondersteuning": True},
        ),
        Scenario(
            "vandermeer", "bram", 0, "loonpremie",
            [("ingediend", dagen(4), ""), ("ontvankelijk", dagen(3), "")], "henk.vandermeer", iban=True,
        ),
        Scenario(
            "atheneum", "ann", 0, "loonpremie",
            [("ingediend", dagen(658), ""), ("ontvankelijk", dagen(656), ""),
             ("in_behandeling", dagen(649), ""), ("toegekend", dagen(630), ""),
             ("lopend", dagen(630), "")],
            "griet.vermeulen", onderwijs=False, beslissing={"percentage": 20, "duur": 2},
        ),
        Scenario(
            "basisschool", "katrien", 0, "loon_begeleiding",
            [("ingediend", dagen(9), ""), ("niet_ontvankelijk", dagen(8), "")],
            "griet.vermeulen", onderwijs=True, begeleider="intern:Mieke Cools (zorgcoördinator)",
            collega_coach="Tine Bracke", redenen=[r.VIA_DEPARTEMENT_ONDERWIJS],
        ),
        Scenario(
            "herzele", "geert", 1, "loonpremie",
            [("ingediend", dagen(686), ""), ("ontvankelijk", dagen(684), ""),
             ("in_behandeling", dagen(678), ""), ("toegekend", dagen(662), ""),
             ("lopend", dagen(662), "")],
            "dirk.desmedt", iban=True, beslissing={"percentage": 40, "duur": 5},
        ),
        Scenario(
            "herzele", "ruben", 1, "loonpremie",
            [("ingediend", dagen(16), ""), ("niet_ontvankelijk", dagen(15), "")],
            "dirk.desmedt", redenen=[r.GEEN_BEHOEFTE],
        ),
        Scenario(
            "fod", "inge", 0, "loonpremie",
            [("ingediend", dagen(26), ""), ("niet_ontvankelijk", dagen(25), "")],
            "stijn.lambrecht", iban=True, redenen=[r.ANDERE_OVERHEID],
        ),
        Scenario(
            "demeyer", "luc", 0, "loonpremie",
            [("ingediend", dagen(22), ""), ("niet_ontvankelijk", dagen(21), "")],
            "annelies.demeyer", iban=True, redenen=[r.ONDERNEMING_IN_MOEILIJKHEDEN],
        ),
    ]  # fmt: skip


def maak_dienstverleners() -> dict[str, ErkendeDienstverlener]:
    KboInschrijving.objects.bulk_create(
        [KboInschrijving(kbo_nummer=k, naam=n, rechtsvorm="Vereniging zonder winstoogmerk")
         for n, k, _g, _a in DIENSTVERLENERS]
    )  # fmt: skip
    ErkendeDienstverlener.objects.bulk_create(
        [ErkendeDienstverlener(naam=n, kbo_nummer=k, gemeente=g, actief=a) for n, k, g, a in DIENSTVERLENERS]
    )
    return {d.naam: d for d in ErkendeDienstverlener.objects.filter(naam__in=[d[0] for d in DIENSTVERLENERS])}


def maak_dossiers(vandaag, organisaties, personen, gebruikers, dienstverleners) -> list[Dossier]:
    behandelaar = gebruikers["behandelaar"]
    iban_van = {o.sleutel: o.iban for o in ORGANISATIES}
    dossiers, overgangen, momenten, beslissingen = [], [], [], []
    for s in scenarios(vandaag):
        org, persoon = organisaties[s.org], personen[s.persoon]
        indiener = gebruikers[s.ingediend_door]
        status = s.pad[-1][0]
        ingediend = s.pad[0][1] if s.pad[0][0] == "ingediend" else None
        getoetst = next((d for st, d, _ in s.pad if st in ("ontvankelijk", "niet_ontvankelijk")), None)
        beslist = next((d for st, d, _ in s.pad if st in ("toegekend", "geweigerd")), None)
        begeleider_soort, _sep, begeleider = s.begeleider.partition(":")
        dossier = Dossier(
            organisatie=org,
            aangemaakt_door=indiener,
            aanvrager_soort="zelfstandige" if s.premie == "ondersteuning" else "werkgever",
            status=status,
            laatste_stap=s.laatste_stap or "overzicht",
            contact_naam=indiener.get_full_name(),
            contact_email=indiener.email,
            contact_telefoon="+32 9 123 45 67",
            werknemer_insz=persoon.insz,
            werknemer_voornaam=persoon.voornaam,
            werknemer_achternaam=persoon.achternaam,
            werknemer_woonplaats_gewest=persoon.woonplaats_gewest,
            werknemer=persoon if ingediend else None,
            vestiging=org.vestigingen.order_by("id")[s.vestiging] if s.premie != "ondersteuning" else None,
            premie_keuze=s.premie,
            via_departement_onderwijs=s.onderwijs,
            begeleider_soort=begeleider_soort,
            begeleider_naam=begeleider if begeleider_soort == "intern" else "",
            dienstverlener=dienstverleners[begeleider] if begeleider_soort == "extern" else None,
            collega_coach_naam=s.collega_coach,
            iban=iban_van[s.org] if s.iban else "",
            ingediend_op=op(ingediend, 9, 30) if ingediend else None,
            ingediend_door=indiener if ingediend else None,
            ontvankelijkheid_uiterlijk=aanvraag_rules.ontvankelijkheid_uiterlijk(ingediend)
            if ingediend
            else None,
            beslissing_uiterlijk=aanvraag_rules.beslissing_uiterlijk(ingediend) if ingediend else None,
            ontvankelijk=None if getoetst is None else not s.redenen,
            ontvankelijkheid_redenen=[aanvraag_rules.reden(code).als_dict() for code in s.redenen],
            ontvankelijkheid_getoetst_op=op(getoetst, 6, 15) if getoetst else None,
            ontvankelijkheid_gemeld_op=op(getoetst, 6, 16) if getoetst else None,
        )
        if s.beslissing and not s.beslissing.get("geweigerd"):
            dossier.startdatum = aanvraag_rules.startdatum(beslist)
            dossier.einddatum = aanvraag_rules.einddatum(dossier.startdatum, s.beslissing["duur"])
        dossier.save()
        if ingediend:
            dossier.referentie = f"IMW-{ingediend.year}-{dossier.pk:06d}"
            dossier.save(update_fields=["referentie"])
        Dossier.objects.filter(pk=dossier.pk).update(
            aangemaakt_op=op(s.pad[0][1] - dt.timedelta(days=0 if s.pad[0][0] == "concept" else 1), 14, 5)
        )
        van = ""
        for naar, datum, reden in s.pad:
            door = {
                "ingediend": indiener,
                "ontvankelijk": None,
                "niet_ontvankelijk": None,
                "lopend": None,
            }.get(naar, behandelaar)
            if naar == "concept":
                continue
            if not reden:
                reden = standaard_reden(naar, s)
            overgangen.append(StatusOvergang(dossier=dossier, van=van, naar=naar, door=door, reden=reden))
            # The same moments the dossier itself shows: submitted 09:30, checked 06:15, others 10:00.
            momenten.append(
                op(
                    datum,
                    *{"ingediend": (9, 30), "ontvankelijk": (6, 15), "niet_ontvankelijk": (6, 15)}.get(
                        naar, (10, 0)
                    ),
                )
            )
            van = naar
        if s.beslissing:
            beslissingen.append(beslissing(dossier, s, beslist, behandelaar))
        if s.uit_dienst:
            Wijziging.objects.create(
                dossier=dossier,
                soort="uit_dienst",
                gegevens={"datum": s.uit_dienst.isoformat()},
                gemeld_door=indiener,
                verwerkt_door=behandelaar,
                verwerkt_op=op(s.pad[-1][1], 11),
                uitkomst="verwerkt",
            )
        dossiers.append(dossier)
    # Dates in the past: auto_now_add stamps now on create, so ``op`` is set afterwards.
    gemaakt = StatusOvergang.objects.bulk_create(overgangen)
    for overgang, moment in zip(gemaakt, momenten, strict=True):
        overgang.op = moment
    StatusOvergang.objects.bulk_update(gemaakt, ["op"])
    for gemaakt_beslissing in Beslissing.objects.bulk_create(beslissingen):
        verstuur_demo_brieven(gemaakt_beslissing, behandelaar)
    return dossiers


def verstuur_demo_brieven(beslissing: Beslissing, behandelaar) -> None:
    """A decided demo dossier has what the real decision made: the letter (PDF, under Documenten)
    and the messages (employer, employee's copy), dated on the day of the decision. The employee
    copies that went by post then are marked sent, so the staff's post queue holds only today's."""
    from loket.models import Bericht
    from loket.models.berichten import Kanaal

    from .beslissingen import maak_en_verstuur_brieven

    maak_en_verstuur_brieven(beslissing, door=behandelaar)
    moment = op(beslissing.beslist_op, 10)
    berichten = Bericht.objects.filter(sleutel__startswith=f"beslissing-{beslissing.pk}-")
    berichten.update(aangemaakt_op=moment)
    berichten.filter(kanaal=Kanaal.POST).update(verzonden_op=moment)
    beslissing.dossier.documenten.filter(bestand=beslissing.brief.name).update(opgeladen_op=moment)


def standaard_reden(naar: str, s: Scenario) -> str:
    if naar == "ingediend":
        return "Aanvraag ingediend in het WSE-loket."
    if naar == "ontvankelijk":
        return "Ontvankelijk na toetsing aan de authentieke bronnen."
    if naar == "niet_ontvankelijk":
        return "Niet ontvankelijk: " + ", ".join(s.redenen) + "."
    if naar == "in_behandeling":
        return "Nazicht van de authentieke bronnen (VDAB, Dimona, DmfA)."
    if naar == "toegekend":
        return "Premie toegekend volgens de behoefte die VDAB vaststelde."
    if naar == "lopend":
        return "Premie loopt vanaf de begindatum."
    return ""


def beslissing(dossier: Dossier, s: Scenario, beslist: dt.date, behandelaar) -> Beslissing:
    b = s.beslissing or {}
    if b.get("geweigerd"):
        return Beslissing(
            dossier=dossier,
            uitkomst="geweigerd",
            reden=s.pad[-1][2],
            beslist_op=beslist,
            beslist_door=behandelaar,
        )
    ondersteuning = bool(b.get("ondersteuning"))
    kwartalen = aantal_kwartalen(dossier.startdatum, dossier.einddatum)
    return Beslissing(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=not ondersteuning,
        begeleidingspremie=bool(b.get("begeleiding")),
        ondersteuningspremie=ondersteuning,
        percentage=b["percentage"],
        pakket=Pakket.VAST,
        schijven=[list(schijf) for schijf in vaste_schijven(b["percentage"], kwartalen)],
        begeleidingsnood="midden" if b.get("begeleiding") else "",
        duur_jaren=b["duur"],
        startdatum=dossier.startdatum,
        einddatum=dossier.einddatum,
        reden="Toegekend conform de indicering van VDAB.",
        beslist_op=beslist,
        beslist_door=behandelaar,
    )


def bouw_demo(vandaag: dt.date) -> dict[str, int]:
    per_kbo = {
        o.kbo_nummer: o for o in Organisatie.objects.filter(kbo_nummer__in=[o.kbo for o in ORGANISATIES])
    }
    organisaties = {o.sleutel: per_kbo[o.kbo] for o in ORGANISATIES}
    per_insz = {p.insz: p for p in Persoon.objects.filter(insz__in=[p.insz for p in PERSONEN])}
    personen = {p.sleutel: per_insz[p.insz] for p in PERSONEN}
    gebruikers = {
        u.username: u for u in get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS])
    }
    maak_staf(gebruikers)
    dienstverleners = maak_dienstverleners()
    dossiers = maak_dossiers(vandaag, organisaties, personen, gebruikers, dienstverleners)
    return {"erkende dienstverleners": len(dienstverleners), "dossiers": len(dossiers)}


def verwijder_demo() -> None:
    Dossier.objects.filter(organisatie__kbo_nummer__in=[o.kbo for o in ORGANISATIES]).delete()
    ErkendeDienstverlener.objects.filter(naam__in=[d[0] for d in DIENSTVERLENERS]).delete()
    KboInschrijving.objects.filter(kbo_nummer__in=[d[1] for d in DIENSTVERLENERS]).delete()
