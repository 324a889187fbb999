"""Granted dossiers and payment lines as the payout engine leaves them (written directly)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from aanvragen.models import Beslissing
from premies import rules
from premies.models import Betaallijn, RunStatus, Uitbetalingsrun
from tests import factories
from tests.behandeling.factories import DossierFactory


def toegekend(
    *,
    start=dt.date(2025, 10, 1),
    eind=dt.date(2027, 9, 30),
    schijven=((1, 8, 40),),
    begeleidingspremie=False,
    iban="BE71096123456769",
    **dossier_velden,
):
    """A running dossier with one grant period and an active account of the organisation paid
    (none with ``iban=""``); returns (dossier, periode)."""
    dossier = DossierFactory(
        status="lopend",
        startdatum=start,
        einddatum=eind,
        premie_keuze="loon_begeleiding" if begeleidingspremie else "loonpremie",
        **dossier_velden,
    )
    periode = Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=True,
        begeleidingspremie=begeleidingspremie,
        begeleidingsnood="midden" if begeleidingspremie else "",
        percentage=schijven[0][2],
        pakket="vast" if len(schijven) == 1 else "2j",
        schijven=[list(s) for s in schijven],
        duur_jaren=2,
        startdatum=start,
        einddatum=eind,
        beslist_op=start,
    )
    betaler = dossier.organisatie.betalende_organisatie
    if iban and not betaler.rekeningen.exists():
        factories.BankrekeningFactory(organisatie=betaler, iban=iban)
    return dossier, periode


def run(betaaldatum, status=RunStatus.VERZONDEN):
    return Uitbetalingsrun.objects.create(
        betaaldatum=betaaldatum,
        status=status,
        verzonden_op=timezone.now() if status == RunStatus.VERZONDEN else None,
    )


def lijn(dossier, periode, jaar, kwartaal, *, soort="loonpremie", volgnummer=1, uitbetaald=None, **velden):
    """A payment line; a loonpremie line with DmfA figures of 9,000 + 2,250 − 0 at fraction 1."""
    waarden = {
        "dossier": dossier,
        "organisatie": dossier.organisatie,
        "periode": periode,
        "jaar": jaar,
        "kwartaal": kwartaal,
        "kwartaalnummer": rules.kwartaalnummer(periode.startdatum, jaar, kwartaal),
        "premie_soort": soort,
        "volgnummer": volgnummer,
        "iban": "BE71096123456769",
    }
    if soort == "loonpremie":
        waarden.update(
            brutoloon=Decimal("9000.00"),
            werkgeversbijdragen=Decimal("2250.00"),
            verminderingen=Decimal("0.00"),
            arbeidsfractie=Decimal("1"),
            referteloon=Decimal("11250.00"),
            plafond=Decimal("12179.28"),
            percentage=40,
            bedrag=Decimal("4500.00"),
        )
    else:
        waarden["bedrag"] = Decimal("1930.00")
    waarden.update(velden)
    waarden["uitbetaald"] = waarden["bedrag"] if uitbetaald is None else uitbetaald
    return Betaallijn.objects.create(**waarden)


def zet_regelparameters():
    """The rule parameters of the data migration (GGMMI, packages, guidance amounts), recreated
    when a transactional test flushed them; does nothing when they are there."""
    import importlib

    from django.apps import apps

    from loket.models import GgmmiBedrag

    if not GgmmiBedrag.objects.exists():
        importlib.import_module("loket.migrations.0002_regelparameters").seed(apps, None)
