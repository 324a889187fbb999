"""Running dossiers with a grant period, an account and DmfA lines, for the payout tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from aanvragen.models import Beslissing
from loket.models import BegeleidingspremieBedrag, BegeleidingspremieOpstart, GgmmiBedrag
from tests import factories
from tests.behandeling.factories import DossierFactory

START = dt.date(2026, 1, 1)
EIND = dt.date(2030, 12, 31)
VIJF_JAAR = [[1, 5, 40], [6, 8, 30], [9, 20, 20]]
GGMMI = Decimal("2029.88")  # in force from 1 April 2024 (seeded by loket's migration)


def zorg_voor_ggmmi():
    """A transactional test flushes the seeded parameters: put back what the payout tests use
    (the GGMMI and the begeleidingspremie amounts of loket's data migration)."""
    if not GgmmiBedrag.objects.exists():
        GgmmiBedrag.objects.create(geldig_vanaf=dt.date(2024, 4, 1), bedrag_per_maand=GGMMI)
    if not BegeleidingspremieBedrag.objects.exists():
        for van, tot, bedrag in [(1, 5, "1200"), (6, None, "600")]:
            BegeleidingspremieBedrag.objects.create(
                geldig_vanaf=dt.date(2023, 7, 3),
                van_kwartaal=van,
                tot_kwartaal=tot,
                bedrag_per_kwartaal=Decimal(bedrag),
            )
        for nood, bedrag in [("laag", "430"), ("midden", "730"), ("hoog", "1280")]:
            BegeleidingspremieOpstart.objects.create(
                geldig_vanaf=dt.date(2023, 7, 3), begeleidingsnood=nood, bedrag=Decimal(bedrag)
            )


def lopend_dossier(
    *,
    start=START,
    eind=EIND,
    schijven=None,
    loonpremie=True,
    begeleidingspremie=False,
    ondersteuningspremie=False,
    begeleidingsnood="",
    organisatie=None,
    iban="BE71096123456769",
    uit_dienst=None,
    **dossier_velden,
):
    """``uit_dienst``: the dossier's end moved to that day, as processing 'uit dienst' does."""
    zorg_voor_ggmmi()
    velden = {"organisatie": organisatie} if organisatie else {}
    dossier = DossierFactory(
        status="lopend", startdatum=start, einddatum=uit_dienst or eind, **velden, **dossier_velden
    )
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=loonpremie,
        begeleidingspremie=begeleidingspremie,
        ondersteuningspremie=ondersteuningspremie,
        begeleidingsnood=begeleidingsnood,
        schijven=schijven or VIJF_JAAR,
        startdatum=start,
        einddatum=eind,
        beslist_op=start,
        beslist_door=factories.UserFactory(),
    )
    betaler = dossier.organisatie.betalende_organisatie
    if iban and not betaler.rekeningen.exists():
        factories.BankrekeningFactory(organisatie=betaler, iban=iban)
    return dossier


def dmfa(dossier, jaar, kwartaal, brutoloon="9000.00", werkgeversbijdragen="2250.00", **velden):
    velden.setdefault("werkgever_kbo", dossier.organisatie.kbo_nummer)
    return factories.DmfaLoonlijnFactory(
        insz=dossier.werknemer_insz,
        jaar=jaar,
        kwartaal=kwartaal,
        brutoloon=Decimal(brutoloon),
        werkgeversbijdragen=Decimal(werkgeversbijdragen),
        **velden,
    )
