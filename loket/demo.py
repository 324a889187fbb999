"""The portal shell's part of the demo world: organisations, persons, the authentic-source
registries and the accounts. The apps above add their own part in ``<app>.demo`` (the dossiers in
``aanvragen.demo``), built on this one; ``manage.py demo_data`` runs them in app order.

Everything is expressed relative to today: DmfA lines cover the last 8 complete quarters.
Identifiers are valid (KBO and INSZ check digits, IBAN mod-97) but fictitious; e-mail addresses use
the reserved ``.example`` domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum import iban as stdnum_iban

from loket.models import (
    ActivatieWijze,
    Bankrekening,
    DimonaRelatie,
    DmfaLoonlijn,
    EmailBevestiging,
    Gewest,
    KboInschrijving,
    Maatregel,
    Organisatie,
    OrganisatieSoort,
    Persoon,
    Rol,
    Toegang,
    VdabIndicatie,
    Vestiging,
)
from loket.rules import Kwartaal

DEMO_WACHTWOORD = "demo-wachtwoord-2026"
# Demo staff sign in with a second factor: these TOTP secrets (base32) are in the README, so a
# newcomer can add them to an authenticator app (or print the current code with staff_totp --code).
DEMO_TOTP_SLEUTELS = {
    "behandelaar": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "supervisor": "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
}

# --- Identifiers ---------------------------------------------------------------------------------


def kbo(basis: str) -> str:
    """A valid KBO number from its first 8 digits (check = 97 - basis mod 97)."""
    return f"{basis}{97 - int(basis) % 97:02d}"


def insz(geboren: dt.date, volgnummer: int) -> str:
    """A valid INSZ: birth date, serial (odd for men, even for women), check digits."""
    eerste9 = f"{geboren:%y%m%d}{volgnummer:03d}"
    getal = int(("2" if geboren.year >= 2000 else "") + eerste9)
    return f"{eerste9}{97 - getal % 97:02d}"


def be_iban(rekening10: str) -> str:
    """A valid Belgian IBAN from the first 10 digits of the account number."""
    bban = f"{rekening10}{int(rekening10) % 97 or 97:02d}"
    return f"BE{stdnum_iban.calc_check_digits('BE00' + bban)}{bban}"


# --- The world, as plain data --------------------------------------------------------------------

V, BXL, WAL, EU = Gewest.VLAANDEREN, Gewest.BRUSSEL, Gewest.WALLONIE, Gewest.EU_EER


@dataclass
class Org:
    sleutel: str
    kbo: str
    naam: str
    soort: str
    rechtsvorm: str
    email: str
    vestigingen: list[tuple[str, str, str, str, str, str]]  # naam, straat, postcode, gemeente, land, gewest
    iban: str = ""
    oud_iban: str = ""  # an earlier account: shows the account history
    scholengroep: str = ""
    persoon: str = ""
    in_moeilijkheden: bool = False
    actief_in_kbo: bool = True


ORGANISATIES = [
    Org(
        "bakkerij",
        "0566988259",
        "Bakkerij Van den Broeck bv",
        OrganisatieSoort.PRIVAAT,
        "Besloten vennootschap",
        "info@bakkerij-vandenbroeck.example",
        [
            ("Bakkerij Gent (hoofdzetel)", "Brabantdam 56", "9000", "Gent", "België", V),
            ("Winkel Brussel", "Dansaertstraat 112", "1000", "Brussel", "België", BXL),
        ],
        iban=be_iban("0682345678"),
        oud_iban=be_iban("0011234567"),
    ),
    Org(
        "vandaele",
        kbo("04287594"),
        "Vandaele Logistics nv",
        OrganisatieSoort.PRIVAAT,
        "Naamloze vennootschap",
        "hr@vandaele-logistics.example",
        [
            ("Distributiecentrum Antwerpen", "Noorderlaan 147", "2030", "Antwerpen", "België", V),
            ("Depot Menen", "Kortrijkstraat 320", "8930", "Menen", "België", V),
        ],
        iban=be_iban("7350123456"),
    ),
    Org(
        "klimop",
        kbo("08123456"),
        "De Klimop vzw",
        OrganisatieSoort.PRIVAAT,
        "Vereniging zonder winstoogmerk",
        "secretariaat@deklimop.example",
        [("Dagcentrum De Klimop", "Naamsesteenweg 201", "3001", "Heverlee", "België", V)],
        iban=be_iban("0017654321"),
    ),
    Org(
        "flexpunt",
        kbo("04561237"),
        "Flexpunt Interim nv",
        OrganisatieSoort.PRIVAAT,
        "Naamloze vennootschap (uitzendbureau)",
        "hasselt@flexpunt.example",
        [("Kantoor Hasselt", "Kempischesteenweg 45", "3500", "Hasselt", "België", V)],
        iban=be_iban("3631122334"),
    ),
    Org(
        "claes",
        kbo("07891234"),
        "Marleen Claes",
        OrganisatieSoort.NATUURLIJK_PERSOON,
        "Natuurlijk persoon (werkgever, PAB-budgethouder)",
        "marleen.claes@telenet.example",
        [("Woning Claes", "Sint-Jorisstraat 14", "8000", "Brugge", "België", V)],
        iban=be_iban("0635544332"),
        persoon="marleen",
    ),
    Org(
        "wouters",
        kbo("06543210"),
        "Koen Wouters – Grafisch ontwerp",
        OrganisatieSoort.ZELFSTANDIGE,
        "Eenmanszaak",
        "koen@wouters-ontwerp.example",
        [("Atelier", "Doorniksewijk 88", "8500", "Kortrijk", "België", V)],
        iban=be_iban("9731234987"),
        persoon="koen",
    ),
    Org(
        "declercq",
        kbo("07123450"),
        "Ines Declercq – Vertaalbureau",
        OrganisatieSoort.ZELFSTANDIGE,
        "Eenmanszaak",
        "ines@declercq-vertalingen.example",
        [("Kantoor", "Vrijdagmarkt 9", "9000", "Gent", "België", V)],
        iban=be_iban("0634455667"),
        persoon="ines",
    ),
    Org(
        "vandermeer",
        kbo("08765432"),
        "Van der Meer Techniek B.V.",
        OrganisatieSoort.BUITENLANDS,
        "Besloten vennootschap naar Nederlands recht",
        "personeel@vandermeer-techniek.example",
        [("Vestiging Breda", "Lage Mosten 31", "4822 NJ", "Breda", "Nederland", EU)],
        iban="NL91ABNA0417164300",
    ),
    Org(
        "scholengroep",
        kbo("02123456"),
        "GO! Scholengroep Dender-Schelde",
        OrganisatieSoort.SCHOLENGROEP,
        "Autonome openbare instelling",
        "directie@scholengroep-denderschelde.example",
        [("Administratieve zetel", "Zuidlaan 32", "9200", "Dendermonde", "België", V)],
        iban=be_iban("0910123456"),
    ),
    Org(
        "atheneum",
        kbo("02123457"),
        "GO! Atheneum Dendermonde",
        OrganisatieSoort.SCHOOL,
        "Onderwijsinstelling (GO!)",
        "atheneum@scholengroep-denderschelde.example",
        [("Campus Noord", "Noordlaan 16", "9200", "Dendermonde", "België", V)],
        scholengroep="scholengroep",
    ),
    Org(
        "basisschool",
        kbo("02123458"),
        "GO! Basisschool De Regenboog",
        OrganisatieSoort.SCHOOL,
        "Onderwijsinstelling (GO!)",
        "regenboog@scholengroep-denderschelde.example",
        [("Basisschool De Regenboog", "Kerkstraat 5", "9160", "Lokeren", "België", V)],
        scholengroep="scholengroep",
    ),
    Org(
        "herzele",
        kbo("02074658"),
        "Gemeente Herzele",
        OrganisatieSoort.LOKAAL_BESTUUR,
        "Gemeente",
        "personeel@herzele.example",
        [
            ("Gemeentehuis", "Markt 20", "9550", "Herzele", "België", V),
            ("Technische dienst", "Industrieweg 4", "9550", "Herzele", "België", V),
        ],
        iban=be_iban("0910004567"),
    ),
    Org(
        "fod",
        kbo("03085035"),
        "FOD Mobiliteit en Vervoer",
        OrganisatieSoort.ANDERE_OVERHEID,
        "Federale overheidsdienst",
        "hr@mobilit.example",
        [("Regionaal kantoor Gent", "Kortrijksesteenweg 1005", "9000", "Gent", "België", V)],
        iban=be_iban("6790123456"),
    ),
    Org(
        "demeyer",
        kbo("07776665"),
        "Textielatelier Demeyer bv",
        OrganisatieSoort.PRIVAAT,
        "Besloten vennootschap",
        "info@demeyer-textiel.example",
        [("Atelier Roeselare", "Meensesteenweg 410", "8800", "Roeselare", "België", V)],
        iban=be_iban("4731234560"),
        in_moeilijkheden=True,
    ),
]


@dataclass
class Pers:
    sleutel: str
    voornaam: str
    achternaam: str
    geboren: dt.date
    volgnummer: int
    gewest: str
    email: str  # empty: letters go by post
    straat: str
    postcode: str
    gemeente: str

    @property
    def insz(self) -> str:
        return insz(self.geboren, self.volgnummer)


D = dt.date
PERSONEN = [
    # Employers who are natural persons, and the self-employed.
    Pers("marleen", "Marleen", "Claes", D(1968, 3, 14), 124, V, "marleen.claes@telenet.example",
         "Sint-Jorisstraat 14", "8000", "Brugge"),
    Pers("koen", "Koen", "Wouters", D(1985, 9, 2), 87, V, "koen@wouters-ontwerp.example",
         "Doorniksewijk 88", "8500", "Kortrijk"),
    Pers("ines", "Ines", "Declercq", D(1988, 4, 17), 156, V, "ines@declercq-vertalingen.example",
         "Vrijdagmarkt 9", "9000", "Gent"),
    # Employees.
    Pers("lien", "Lien", "De Smet", D(2001, 6, 21), 208, V, "lien.desmet@mail.example",
         "Overpoortstraat 12", "9000", "Gent"),
    Pers("jonas", "Jonas", "Vermeersch", D(1994, 11, 5), 143, V, "jonas.vermeersch@mail.example",
         "Kortrijksepoortstraat 80", "9000", "Gent"),
    Pers("sarah", "Sarah", "El Amrani", D(1990, 2, 17), 62, V, "",
         "Stationsstraat 7", "1500", "Halle"),
    Pers("wim", "Wim", "Van Damme", D(1979, 7, 30), 311, V, "wim.vandamme@mail.example",
         "Dorpsstraat 3", "9820", "Merelbeke"),
    Pers("marc", "Marc", "Claeys", D(1966, 12, 1), 55, V, "",
         "Molenstraat 29", "9050", "Gentbrugge"),
    Pers("hilde", "Hilde", "Martens", D(1987, 4, 9), 176, V, "hilde.martens@mail.example",
         "Vlaanderenstraat 44", "9000", "Gent"),
    Pers("olivier", "Olivier", "Lefebvre", D(1983, 8, 23), 29, WAL, "olivier.lefebvre@mail.example",
         "Rue de Tourcoing 18", "7700", "Moeskroen"),
    Pers("pieterjan", "Pieter-Jan", "Goossens", D(1992, 1, 12), 97, V, "pj.goossens@mail.example",
         "Bredabaan 250", "2170", "Merksem"),
    Pers("daan", "Daan", "de Vries", D(1996, 5, 3), 81, EU, "daan.devries@mail.example",
         "Gentsevaart 9", "4561 AB", "Hulst (Nederland)"),
    Pers("emma", "Emma", "Peeters", D(1998, 10, 28), 214, V, "emma.peeters@mail.example",
         "Tiensesteenweg 61", "3010", "Kessel-Lo"),
    Pers("kevin", "Kevin", "Jacobs", D(1989, 3, 19), 133, V, "",
         "Genkersteenweg 120", "3500", "Hasselt"),
    Pers("nathalie", "Nathalie", "Verbeke", D(1975, 6, 8), 42, V, "",
         "Langestraat 101", "8000", "Brugge"),
    Pers("bram", "Bram", "Huybrechts", D(1991, 9, 15), 65, V, "bram.huybrechts@mail.example",
         "Kalmthoutsesteenweg 8", "2910", "Essen"),
    Pers("ann", "Ann", "Baert", D(1972, 1, 26), 188, V, "ann.baert@mail.example",
         "Oudegem-dorp 17", "9200", "Oudegem"),
    Pers("katrien", "Katrien", "Van Hoeck", D(1981, 11, 11), 232, V, "katrien.vanhoeck@mail.example",
         "Durmelaan 6", "9160", "Lokeren"),
    Pers("geert", "Geert", "De Bruyne", D(1970, 5, 5), 19, V, "",
         "Groenstraat 33", "9550", "Herzele"),
    Pers("ruben", "Ruben", "Willems", D(2003, 2, 14), 91, V, "ruben.willems@mail.example",
         "Steenweg 77", "9550", "Herzele"),
    Pers("inge", "Inge", "Mertens", D(1984, 7, 2), 150, V, "inge.mertens@mail.example",
         "Hundelgemsesteenweg 500", "9820", "Merelbeke"),
    Pers("luc", "Luc", "Vandenberghe", D(1969, 10, 4), 71, V, "",
         "Noordstraat 66", "8800", "Roeselare"),
    # Employed at the bakery with a VDAB indication and no application yet: a new one is admissible.
    Pers("tine", "Tine", "Van Aken", D(1995, 8, 12), 246, V, "tine.vanaken@mail.example",
         "Sint-Pietersnieuwstraat 140", "9000", "Gent"),
]  # fmt: skip


def vdab(dagen) -> list[tuple]:
    """VDAB indications: person, recognised, target group, need, %, years, from, until, guidance need.

    lien and hilde have no indication (yet); tine (bakery) and ines (self-employed) have one and
    no dossier, so their first application is admissible. ``dagen(n)``: the date n days before today.
    """
    return [
        ("jonas", True, "pmah", "loonpremie", 20, 2, dagen(80), None, ""),
        ("sarah", True, "pmah", "loonpremie", 40, 5, dagen(160), None, ""),
        ("wim", True, "pmah", "loonpremie", 40, 5, dagen(630), None, ""),
        ("marc", True, "pmah", "loonpremie", 20, 2, dagen(735), dagen(735 - 730), ""),
        ("olivier", True, "pmah", "loonpremie", 40, 5, dagen(95), None, ""),
        ("pieterjan", True, "pmp", "loon_begeleiding", 40, 5, dagen(1180), None, "midden"),
        ("daan", True, "pmah", "loonpremie", 20, 2, dagen(145), None, ""),
        ("emma", True, "pmp", "loon_begeleiding", 55, 5, dagen(1022), None, "hoog"),
        ("kevin", True, "pmah", "loonpremie", 20, 2, dagen(813), dagen(20), ""),
        ("nathalie", True, "pmah", "loonpremie", 20, 2, dagen(53), None, ""),
        ("koen", True, "pmah", "ondersteuning", 30, 5, dagen(905), None, ""),
        ("bram", True, "pmah", "loonpremie", 20, 2, dagen(69), None, ""),
        ("ann", True, "pmah", "loonpremie", 20, 2, dagen(672), None, ""),
        ("katrien", True, "pmah", "loon_begeleiding", 40, 5, dagen(206), None, "laag"),
        ("geert", True, "pmah", "loonpremie", 40, 5, dagen(721), None, ""),
        ("ruben", False, "", "", None, None, dagen(114), None, ""),
        ("inge", True, "pmah", "loonpremie", 20, 2, dagen(236), None, ""),
        ("luc", True, "pmah", "loonpremie", 40, 5, dagen(295), None, ""),
        ("tine", True, "pmah", "loonpremie", 40, 5, dagen(45), None, ""),
        ("ines", True, "pmah", "ondersteuning", 40, 5, dagen(30), None, ""),
    ]


def dimona(dagen) -> list[tuple]:
    """Dimona: person, employer, begin, end, working-time fraction, gross monthly wage (full time)."""
    return [
        ("lien", "bakkerij", dagen(260), None, "1", "2480.00"),
        ("jonas", "bakkerij", dagen(1300), None, "1", "2890.00"),
        ("sarah", "bakkerij", dagen(1500), None, "0.8", "2650.00"),
        ("wim", "bakkerij", dagen(2500), None, "1", "3320.00"),
        ("marc", "bakkerij", dagen(5300), dagen(146), "1", "3610.00"),
        ("hilde", "bakkerij", dagen(1880), None, "0.5", "2540.00"),
        ("olivier", "vandaele", dagen(2485), None, "1", "3150.00"),
        ("pieterjan", "vandaele", dagen(1190), None, "1", "2790.00"),
        ("daan", "vandaele", dagen(385), None, "1", "3020.00"),
        ("emma", "klimop", dagen(1050), None, "0.6", "2720.00"),
        ("kevin", "flexpunt", dagen(875), None, "1", "2610.00"),
        ("nathalie", "claes", dagen(3005), None, "0.75", "2560.00"),
        ("bram", "vandermeer", dagen(600), None, "1", "3880.00"),
        ("ann", "atheneum", dagen(3735), None, "1", "3450.00"),
        ("katrien", "basisschool", dagen(322), None, "0.5", "3010.00"),
        ("geert", "herzele", dagen(6110), None, "1", "3275.00"),
        ("ruben", "herzele", dagen(145), None, "1", "2500.00"),
        ("inge", "fod", dagen(4070), None, "1", "4420.00"),
        ("luc", "demeyer", dagen(9670), None, "1", "2980.00"),
        ("tine", "bakkerij", dagen(210), None, "0.8", "2560.00"),
    ]


# Reductions on employer contributions per quarter (e.g. target-group reduction), by person.
VERMINDERINGEN = {"marc": "400.00", "geert": "400.00", "luc": "400.00", "lien": "1500.00", "ruben": "1500.00"}
BIJDRAGEVOET = {"fod": Decimal("0.2850"), "herzele": Decimal("0.2750"), "atheneum": Decimal("0.2600")}


@dataclass
class Account:
    username: str
    voornaam: str
    achternaam: str
    email: str
    toegangen: list[tuple[str, str, str]] = field(default_factory=list)  # org, rol, maatregel
    staff: bool = False
    superuser: bool = False
    rol_beschrijving: str = ""


VER, MED = Rol.VERANTWOORDELIJKE, Rol.MEDEWERKER
IMW, AMP = Maatregel.IMW, Maatregel.AANMOEDIGINGSPREMIES
ACCOUNTS = [
    Account("els.peeters", "Els", "Peeters", "els.peeters@bakkerij-vandenbroeck.example",
            [("bakkerij", VER, IMW)], rol_beschrijving="Organisatieverantwoordelijke Bakkerij Van den Broeck",
            ),
    Account("pieter.desmet", "Pieter", "De Smet", "pieter.desmet@bakkerij-vandenbroeck.example",
            [("bakkerij", MED, IMW)], rol_beschrijving="Medewerker Bakkerij Van den Broeck"),
    Account("lotte.wuyts", "Lotte", "Wuyts", "lotte.wuyts@sociaalsecretariaat.example",
            [("vandaele", MED, IMW), ("klimop", MED, IMW), ("flexpunt", MED, IMW)],
            rol_beschrijving="Sociaal secretariaat: medewerker voor 3 organisaties (kiest in naam van)"),
    Account("sofie.maes", "Sofie", "Maes", "sofie.maes@vandaele-logistics.example",
            [("vandaele", VER, IMW)], rol_beschrijving="Organisatieverantwoordelijke Vandaele Logistics"),
    Account("bart.jacobs", "Bart", "Jacobs", "bart.jacobs@deklimop.example",
            [("klimop", VER, IMW)], rol_beschrijving="Organisatieverantwoordelijke De Klimop vzw"),
    Account("nele.goossens", "Nele", "Goossens", "nele.goossens@flexpunt.example",
            [("flexpunt", VER, IMW)], rol_beschrijving="Organisatieverantwoordelijke Flexpunt Interim"),
    Account("marleen.claes", "Marleen", "Claes", "marleen.claes@telenet.example",
            [("claes", VER, IMW)], rol_beschrijving="Natuurlijk persoon met personeel (PAB)"),
    Account("koen.wouters", "Koen", "Wouters", "koen@wouters-ontwerp.example",
            [("wouters", VER, IMW)], rol_beschrijving="Zelfstandige (ondersteuningspremie)"),
    Account("ines.declercq", "Ines", "Declercq", "ines@declercq-vertalingen.example",
            [("declercq", VER, IMW)], rol_beschrijving="Zelfstandige zonder dossier (nieuwe aanvraag)"),
    Account("henk.vandermeer", "Henk", "van der Meer", "henk@vandermeer-techniek.example",
            [("vandermeer", VER, IMW)], rol_beschrijving="Werkgever gevestigd in Nederland"),
    Account("griet.vermeulen", "Griet", "Vermeulen", "griet.vermeulen@scholengroep-denderschelde.example",
            [("scholengroep", VER, IMW), ("atheneum", VER, IMW), ("basisschool", VER, IMW)],
            rol_beschrijving="Scholengroep en haar twee scholen"),
    Account("dirk.desmedt", "Dirk", "De Smedt", "dirk.desmedt@herzele.example",
            [("herzele", VER, IMW)], rol_beschrijving="Lokaal bestuur (gemeente Herzele)"),
    Account("stijn.lambrecht", "Stijn", "Lambrecht", "stijn.lambrecht@mobilit.example",
            [("fod", VER, IMW)], rol_beschrijving="Andere overheid (komt niet in aanmerking)"),
    Account("annelies.demeyer", "Annelies", "Demeyer", "annelies@demeyer-textiel.example",
            [("demeyer", VER, IMW)], rol_beschrijving="Onderneming in moeilijkheden"),
    Account("jef.mertens", "Jef", "Mertens", "jef.mertens@bakkerij-vandenbroeck.example",
            [("bakkerij", VER, AMP)],
            rol_beschrijving="Enkel toegang voor aanmoedigingspremies (IMW-tegel lichter)"),
    Account("tom.vanacker", "Tom", "Van Acker", "tom.vanacker@bakkerij-vandenbroeck.example",
            [("bakkerij", MED, IMW)], rol_beschrijving="Toegang ingetrokken (oud-collega)"),
    Account("behandelaar", "Hanne", "Dossierbeheer", "behandelaar@dwse.example", staff=True,
            rol_beschrijving="DWSE-dossierbehandelaar (admin)"),
    Account("supervisor", "Wouter", "Toezicht", "supervisor@dwse.example", staff=True, superuser=True,
            rol_beschrijving="DWSE-supervisor (admin, superuser)"),
]  # fmt: skip
INGETROKKEN = {("tom.vanacker", "bakkerij")}


# --- Building ---------------------------------------------------------------------------------------


def op(datum: dt.date, uur: int = 10, minuut: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time(uur, minuut)))


def geld(waarde) -> Decimal:
    return Decimal(waarde).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def demo_bestaat() -> bool:
    return Organisatie.objects.filter(kbo_nummer=ORGANISATIES[0].kbo).exists()


def verwijder_demo():
    """Remove everything tied to the demo identifiers (for ``--reset``)."""
    kbos = [o.kbo for o in ORGANISATIES]
    inszs = [p.insz for p in PERSONEN]
    Organisatie.objects.filter(kbo_nummer__in=kbos, scholengroep__isnull=False).delete()
    Organisatie.objects.filter(kbo_nummer__in=kbos).delete()
    Persoon.objects.filter(insz__in=inszs).delete()
    KboInschrijving.objects.filter(kbo_nummer__in=kbos).delete()
    VdabIndicatie.objects.filter(insz__in=inszs).delete()
    DimonaRelatie.objects.filter(werkgever_kbo__in=kbos).delete()
    DmfaLoonlijn.objects.filter(werkgever_kbo__in=kbos).delete()
    get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS]).delete()


def dagen_voor(vandaag: dt.date):
    return lambda n: vandaag - dt.timedelta(days=n)


def maak_registers(vandaag: dt.date, personen: dict[str, Persoon]):
    dagen = dagen_voor(vandaag)
    KboInschrijving.objects.bulk_create(
        [KboInschrijving(kbo_nummer=o.kbo, naam=o.naam, rechtsvorm=o.rechtsvorm, actief=o.actief_in_kbo,
                         # the registered seat: the first establishment's address
                         straat=o.vestigingen[0][1], postcode=o.vestigingen[0][2],
                         gemeente=o.vestigingen[0][3])
         for o in ORGANISATIES]
    )  # fmt: skip
    VdabIndicatie.objects.bulk_create(
        [
            VdabIndicatie(
                insz=personen[p].insz,
                arbeidshandicap_erkend=erkend,
                doelgroep=doelgroep,
                behoefte=behoefte,
                percentage=pct,
                duur_jaren=duur,
                geldig_van=van,
                geldig_tot=tot,
                begeleidingsnood=nood,
            )
            for p, erkend, doelgroep, behoefte, pct, duur, van, tot, nood in vdab(dagen)
        ]
    )
    kbo_van = {o.sleutel: o.kbo for o in ORGANISATIES}
    DimonaRelatie.objects.bulk_create(
        [
            DimonaRelatie(
                werkgever_kbo=kbo_van[org], insz=personen[p].insz, begin=begin, einde=einde,
                arbeidsfractie=Decimal(fractie),
            )
            for p, org, begin, einde, fractie, _loon in dimona(dagen)
        ]
    )  # fmt: skip
    DmfaLoonlijn.objects.bulk_create(dmfa_lijnen(vandaag, personen))


def dmfa_lijnen(vandaag: dt.date, personen: dict[str, Persoon]) -> list[DmfaLoonlijn]:
    """Wage lines for the last 8 complete quarters of every Dimona relation."""
    laatste = Kwartaal.van(vandaag).vorige()
    kwartalen = [laatste.plus(-i) for i in range(7, -1, -1)]
    kbo_van = {o.sleutel: o.kbo for o in ORGANISATIES}
    lijnen = []
    for p, org, begin, einde, fractie, maandloon in dimona(dagen_voor(vandaag)):
        for volgnummer, kw in enumerate(kwartalen):
            # Months of the quarter in which the person was employed on the 15th.
            maanden = 0
            for m in range(3):
                dag = dt.date(kw.jaar, kw.eerste_dag.month + m, 15)
                maanden += begin <= dag and (einde is None or dag <= einde)
            if not maanden:
                continue
            index = Decimal("1.02") if volgnummer >= 4 else Decimal("1")  # the yearly indexation
            bruto = geld(Decimal(maandloon) * index * maanden * Decimal(fractie))
            lijnen.append(
                DmfaLoonlijn(
                    werkgever_kbo=kbo_van[org],
                    insz=personen[p].insz,
                    jaar=kw.jaar,
                    kwartaal=kw.nummer,
                    brutoloon=bruto,
                    werkgeversbijdragen=geld(bruto * BIJDRAGEVOET.get(org, Decimal("0.2492"))),
                    verminderingen=geld(Decimal(VERMINDERINGEN.get(p, "0")) * maanden / 3),
                    arbeidsfractie=Decimal(fractie),
                )
            )
    return lijnen


def maak_personen() -> dict[str, Persoon]:
    Persoon.objects.bulk_create(
        [
            Persoon(insz=p.insz, voornaam=p.voornaam, achternaam=p.achternaam, woonplaats_gewest=p.gewest,
                    email=p.email, straat=p.straat, postcode=p.postcode, gemeente=p.gemeente)
            for p in PERSONEN
        ]
    )  # fmt: skip
    per_insz = {p.insz: p for p in Persoon.objects.filter(insz__in=[p.insz for p in PERSONEN])}
    return {p.sleutel: per_insz[p.insz] for p in PERSONEN}


def maak_organisaties(personen: dict[str, Persoon]) -> dict[str, Organisatie]:
    organisaties: dict[str, Organisatie] = {}
    for o in ORGANISATIES:  # one by one: schools point to their group, created before them
        organisaties[o.sleutel] = Organisatie.objects.create(
            kbo_nummer=o.kbo,
            naam=o.naam,
            soort=o.soort,
            email=o.email,
            in_moeilijkheden=o.in_moeilijkheden,
            scholengroep=organisaties[o.scholengroep] if o.scholengroep else None,
            persoon=personen[o.persoon] if o.persoon else None,
        )
    Vestiging.objects.bulk_create(
        [
            Vestiging(organisatie=organisaties[o.sleutel], naam=naam, straat=straat, postcode=postcode,
                      gemeente=gemeente, land=land, gewest=gewest)
            for o in ORGANISATIES
            for naam, straat, postcode, gemeente, land, gewest in o.vestigingen
        ]
    )  # fmt: skip
    rekeningen = []
    for o in ORGANISATIES:
        if o.oud_iban:
            rekeningen.append(
                Bankrekening(organisatie=organisaties[o.sleutel], iban=o.oud_iban, geldig_vanaf=D(2019, 1, 1),
                             actief=False)
            )  # fmt: skip
        if o.iban:  # schools have none: their premiums go to the scholengroep's account
            rekeningen.append(
                Bankrekening(organisatie=organisaties[o.sleutel], iban=o.iban, geldig_vanaf=D(2024, 1, 1))
            )
    Bankrekening.objects.bulk_create(rekeningen)
    return organisaties


def maak_accounts(organisaties: dict[str, Organisatie]) -> dict:
    User = get_user_model()
    wachtwoord = make_password(DEMO_WACHTWOORD)  # hashed once: the same demo password for everybody
    User.objects.bulk_create(
        [
            User(username=a.username, first_name=a.voornaam, last_name=a.achternaam, email=a.email,
                 password=wachtwoord, is_staff=a.staff, is_superuser=a.superuser)
            for a in ACCOUNTS
        ]
    )  # fmt: skip
    gebruikers = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
    nu = timezone.now()
    # The demo's portal accounts confirmed their address long ago (so they can accept invitations).
    EmailBevestiging.objects.bulk_create(
        [
            EmailBevestiging(
                gebruiker=gebruikers[a.username], email=a.email, bevestigd_op=nu - dt.timedelta(days=60)
            )
            for a in ACCOUNTS
            if not a.staff
        ]
    )
    toegangen = []
    for a in ACCOUNTS:
        for org, rol, maatregel in a.toegangen:
            verantwoordelijke = next(
                (
                    gebruikers[b.username]
                    for b in ACCOUNTS
                    if (org, VER, maatregel) in b.toegangen and b.username != a.username
                ),
                None,
            )
            ingetrokken = (a.username, org) in INGETROKKEN
            toegangen.append(
                Toegang(
                    gebruiker=gebruikers[a.username],
                    organisatie=organisaties[org],
                    maatregel=maatregel,
                    rol=rol,
                    verleend_door=verantwoordelijke,
                    ingetrokken_op=nu - dt.timedelta(days=40) if ingetrokken else None,
                    ingetrokken_door=verantwoordelijke if ingetrokken else None,
                    # The demo's accounts act at once: as if activated with the code by post.
                    geactiveerd_op=nu - dt.timedelta(days=60),
                    geactiveerd_door=gebruikers[a.username],
                    activatie_wijze=ActivatieWijze.CODE,
                )
            )
    bulk_create_with_history(toegangen, Toegang)
    return gebruikers


def bouw_demo(vandaag: dt.date) -> dict[str, int]:
    personen = maak_personen()
    organisaties = maak_organisaties(personen)
    maak_registers(vandaag, personen)
    gebruikers = maak_accounts(organisaties)
    aantallen = {
        "organisaties": len(organisaties),
        "personen": len(personen),
        "VDAB-indiceringen": VdabIndicatie.objects.filter(insz__in=[p.insz for p in PERSONEN]).count(),
        "Dimona-relaties": DimonaRelatie.objects.filter(
            werkgever_kbo__in=[o.kbo for o in ORGANISATIES]
        ).count(),
        "DmfA-lijnen": DmfaLoonlijn.objects.filter(werkgever_kbo__in=[o.kbo for o in ORGANISATIES]).count(),
        "accounts": len(gebruikers),
    }
    return aantallen
