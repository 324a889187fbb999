"""Two evaluation requests on one dossier at the same moment: one stands (row lock + unique
constraint on an open request per dossier)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from aanvragen.models import Dossier
from evaluaties import services
from evaluaties.models import Evaluatie
from loket.bronnen import get_bron
from tests import factories
from tests.evaluaties.conftest import lopend_dossier


@pytest.mark.postgres
def test_two_tabs_starting_at_once_get_one_request(transactional_db):
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        dossier = lopend_dossier(factories.OrganisatieFactory())
        gebruiker = factories.UserFactory()
        barrier = threading.Barrier(2)
        resultaten, fouten = [], []

        def start():
            try:
                barrier.wait(timeout=10)
                resultaten.append(services.start(Dossier.objects.get(pk=dossier.pk), door=gebruiker).pk)
            except Exception as exc:  # noqa: BLE001 - the test reports any failure
                fouten.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=start) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert fouten == []
    assert len(resultaten) == 2 and resultaten[0] == resultaten[1]
    assert Evaluatie.objects.filter(dossier=dossier).count() == 1


@pytest.mark.postgres
def test_the_database_refuses_a_second_open_request(transactional_db):
    from django.db import IntegrityError, transaction

    dossier = lopend_dossier(factories.OrganisatieFactory(), start=dt.date(2024, 1, 1))
    Evaluatie.objects.create(dossier=dossier, status="ingediend", hoogte=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluatie.objects.create(dossier=dossier, status="concept", hoogte=True)
    Evaluatie.objects.create(dossier=dossier, status="beslist", hoogte=True)  # closed ones do not count


@pytest.mark.django_db
def test_vdab_evaluations_load_from_csv_and_answer_through_the_source(tmp_path):
    from pathlib import Path

    pad = Path(__file__).resolve().parents[2] / "loket" / "fixtures" / "bronnen" / "vdab_evaluatie.csv"
    call_command("importeer_bron", "vdab_evaluatie", str(pad))
    resultaat = get_bron("vdab").evaluatie("93051822361", dt.date(2027, 6, 1))
    assert (resultaat.percentage, resultaat.duur_jaren, resultaat.geevalueerd_op) == (
        55,
        5,
        dt.date(2027, 6, 15),
    )
    assert get_bron("vdab").evaluatie("93051822361", dt.date(2027, 6, 16)) is None
