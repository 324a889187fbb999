"""The database counts every change an organisation's pages show (loket.data_versions): whatever
writes it, through the ORM, a bulk update, a delete or raw SQL, the organisation's data version
(or the version every organisation shares) goes up, and another organisation's does not."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum

from aanvragen.models import Document, Dossier, StatusOvergang
from loket import data_versions
from loket.models import Bericht, DataChange, GgmmiBedrag, Persoon
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend

pytestmark = pytest.mark.django_db


def versie(organisatie_id) -> int:
    return DataChange.objects.filter(organisatie_id=organisatie_id).aggregate(s=Sum("changes"))["s"] or 0


@pytest.fixture
def twee():
    """Two organisations with a submitted dossier each; returns (a, dossier of a, b)."""
    a, b = factories.OrganisatieFactory(), factories.OrganisatieFactory()
    dossier = ingediend(a)
    ingediend(b)
    return a, dossier, b


def verhoogt(organisatie_id, wijziging, *, niet=()) -> None:
    voor = {o: versie(o) for o in (organisatie_id, *niet)}
    wijziging()
    assert versie(organisatie_id) > voor[organisatie_id]
    for ander in niet:
        assert versie(ander) == voor[ander], f"organisation {ander} was raised as well"


def test_every_model_of_the_portal_is_tracked_or_known_not_to_be_shown():
    labels = {
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in {"loket", "aanvragen", "premies", "evaluaties", "api"}
        and not m._meta.proxy
        and not m.__name__.startswith(data_versions.NOT_SHOWN_PREFIX)
    }
    unclassified = labels - set(data_versions.TRACKED) - set(data_versions.NOT_SHOWN)
    assert not unclassified, f"decide whether employer pages show these: {sorted(unclassified)}"
    assert not set(data_versions.TRACKED) & set(data_versions.NOT_SHOWN)


def test_a_save_raises_the_own_organisation_only(twee):
    a, dossier, b = twee

    def wijzig():
        dossier.contact_naam = "Nieuwe contactpersoon"
        dossier.save()

    verhoogt(a.pk, wijzig, niet=(b.pk, DataChange.GLOBAL))


def test_rows_reached_through_the_dossier_raise_its_organisation(twee):
    a, dossier, b = twee
    verhoogt(
        a.pk,
        lambda: StatusOvergang.objects.create(dossier=dossier, van="ingediend", naar="ontvankelijk"),
        niet=(b.pk,),
    )


def test_a_bulk_update_and_a_delete_send_no_signal_yet_raise_it(twee):
    a, dossier, b = twee
    verhoogt(a.pk, lambda: Dossier.objects.filter(pk=dossier.pk).update(status="ontvankelijk"), niet=(b.pk,))
    Bericht.objects.create(
        organisatie=a, sleutel="test-1", onderwerp="Test", tekst="x", aan="els@werkgever.be"
    )
    verhoogt(a.pk, lambda: Bericht.objects.filter(organisatie=a).delete(), niet=(b.pk,))


def test_raw_sql_raises_it(twee):
    a, dossier, b = twee

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE aanvragen_dossier SET contact_naam = 'SQL' WHERE id = %s", [dossier.pk])

    verhoogt(a.pk, raw, niet=(b.pk,))


def test_an_update_that_changes_no_row_raises_nothing(twee):
    a, dossier, b = twee
    voor = versie(a.pk)
    Document.objects.filter(dossier__organisatie=a).update(naam="niets")  # the dossier has no documents
    assert versie(a.pk) == voor


def test_a_bulk_insert_raises_every_organisation_it_touches_once(twee):
    a, _dossier, b = twee
    voor_a, voor_b = versie(a.pk), versie(b.pk)
    Bericht.objects.bulk_create(
        [
            Bericht(organisatie=org, sleutel=f"bulk-{i}", onderwerp=f"Bericht {i}", tekst="x", aan="x@y.be")
            for i, org in enumerate([a, a, a, b])
        ]
    )
    if connection.vendor == "postgresql":  # one statement, one raise per organisation
        assert (versie(a.pk) - voor_a, versie(b.pk) - voor_b) == (1, 1)
    else:
        assert versie(a.pk) > voor_a and versie(b.pk) > voor_b


def test_parameters_and_authentic_sources_raise_the_shared_version_only(twee):
    a, _dossier, _b = twee
    verhoogt(
        DataChange.GLOBAL,
        lambda: GgmmiBedrag.objects.create(
            geldig_vanaf=dt.date(2031, 1, 1), bedrag_per_maand=Decimal("2500.00")
        ),
        niet=(a.pk,),
    )
    verhoogt(DataChange.GLOBAL, lambda: factories.DmfaLoonlijnFactory(), niet=(a.pk,))


def test_a_scholengroep_s_bank_account_raises_its_schools(db):
    groep = factories.OrganisatieFactory()
    school = factories.OrganisatieFactory(scholengroep=groep)
    ander = factories.OrganisatieFactory()
    verhoogt(school.pk, lambda: factories.BankrekeningFactory(organisatie=groep), niet=(ander.pk,))


def test_a_user_s_name_raises_the_organisations_they_act_for(twee):
    a, _dossier, b = twee
    gebruiker = factories.ToegangFactory(organisatie=a).gebruiker

    def hernoem():
        gebruiker.first_name = "Anders"
        gebruiker.save()

    verhoogt(a.pk, hernoem, niet=(b.pk,))


def test_a_person_raises_the_organisations_of_their_dossiers(twee):
    a, dossier, b = twee
    persoon = factories.PersoonFactory()
    Dossier.objects.filter(pk=dossier.pk).update(werknemer=persoon)
    verhoogt(a.pk, lambda: Persoon.objects.filter(pk=persoon.pk).update(voornaam="Anna"), niet=(b.pk,))


def test_installing_again_keeps_one_trigger_each(db):
    data_versions.install(connection)
    data_versions.install(connection)
    a = factories.OrganisatieFactory()
    voor = versie(a.pk)
    a.naam = "Hernoemd"
    a.save()
    assert versie(a.pk) == voor + 1


def test_compacting_keeps_every_version(twee):
    a, dossier, b = twee
    for naam in ("een", "twee", "drie"):
        Dossier.objects.filter(pk=dossier.pk).update(contact_naam=naam)
    voor = {o: versie(o) for o in (a.pk, b.pk, DataChange.GLOBAL)}
    assert DataChange.objects.filter(organisatie_id=a.pk).count() > 1
    data_versions.compact(connection)
    data_versions.compact(connection)
    assert {o: versie(o) for o in voor} == voor
    assert DataChange.objects.filter(organisatie_id=a.pk).count() == 1
    Dossier.objects.filter(pk=dossier.pk).update(contact_naam="vier")
    assert versie(a.pk) == voor[a.pk] + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_decision_and_an_upload_in_one_organisation_at_once_both_complete():
    """Counting a change locks nothing: a transaction holding a dossier of the organisation and
    one counting a change of another of its dossiers never wait for each other in a cycle (a
    counter row per organisation made the load test's decision deadlock with an upload)."""
    import threading

    from django.db import connections, transaction

    organisatie = factories.OrganisatieFactory()
    beslist, opgeladen = ingediend(organisatie), ingediend(organisatie)
    dossier_vast, document_geteld = threading.Event(), threading.Event()
    fouten = []

    def beslissing():
        try:
            with transaction.atomic():
                Dossier.objects.select_for_update().get(pk=beslist.pk)
                dossier_vast.set()
                document_geteld.wait(10)
                StatusOvergang.objects.create(dossier=beslist, van="ingediend", naar="toegekend")
        except Exception as fout:  # pragma: no cover - what the test looks for
            fouten.append(fout)
        finally:
            connections.close_all()

    def upload():
        try:
            dossier_vast.wait(10)
            with transaction.atomic():
                Document.objects.create(
                    dossier=opgeladen,
                    soort="ondersteuningsplan",
                    naam="x.pdf",
                    bestand="x.pdf",
                    mimetype="application/pdf",
                    grootte=1,
                )
                document_geteld.set()
                # Waits for the decision's lock on its dossier, as a form re-reading it would.
                list(Dossier.objects.select_for_update().filter(pk=beslist.pk))
        except Exception as fout:  # pragma: no cover
            fouten.append(fout)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beslissing), threading.Thread(target=upload)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert fouten == []
    assert versie(organisatie.pk) >= 2
