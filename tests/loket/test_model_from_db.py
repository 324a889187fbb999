"""loket.model_from_db: an object loaded from the database is the object Django's own ``from_db``
makes, for every model of the portal and of the libraries it uses, whole or with deferred fields;
and classes where ``__init__`` does more than store (an override, a mixin, a descriptor, a signal
receiver) keep Django's path."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models import Model
from django.db.models.signals import post_init, pre_init
from django.test.utils import CaptureQueriesContext, isolate_apps

from aanvragen.models import Dossier
from loket import model_from_db
from loket.models import Organisatie
from tests.factories import OrganisatieFactory


def _zonder_state(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def _beide(model, field_names, values):
    django = model_from_db._DJANGO_FROM_DB.__func__(model, "default", field_names, values)
    eigen = model.from_db("default", field_names, values)
    return django, eigen


@pytest.mark.parametrize("model", apps.get_models(), ids=lambda m: m._meta.label)
def test_every_model_loads_as_djangos_from_db_whole_and_deferred(model, monkeypatch):
    assert Model.from_db.__func__ is model_from_db.from_db
    velden = model._meta.concrete_fields
    if not model_from_db.loads_directly(model):
        # e.g. django-celery-beat's time zone field, whose descriptor converts: Django's own path.
        gevraagd = []
        monkeypatch.setattr(model_from_db, "_DJANGO_FROM_DB", classmethod(lambda *a: gevraagd.append(a)))
        model.from_db("default", [velden[0].attname], [1])
        assert gevraagd == [(model, "default", [velden[0].attname], [1])]
        return
    for gekozen in (velden, velden[::2], velden[:1]):  # whole, every other column, the key only
        namen = [veld.attname for veld in gekozen]
        waarden = [object() for _ in gekozen]  # a value per column that no other equals
        django, eigen = _beide(model, namen, waarden)
        assert type(eigen) is model
        assert _zonder_state(eigen) == _zonder_state(django)
        assert (eigen._state.adding, eigen._state.db) == (False, "default")
        assert eigen.get_deferred_fields() == django.get_deferred_fields()


def test_the_portals_own_list_models_load_directly():
    """What the pages list in numbers: without the direct path the saving is gone."""
    for label in ("aanvragen.Dossier", "loket.Organisatie", "aanvragen.Document", "loket.Bericht"):
        assert model_from_db.loads_directly(apps.get_model(label)), label


@pytest.mark.django_db
def test_a_loaded_dossier_behaves_as_one_loaded_by_django():
    organisatie = OrganisatieFactory(naam="Bakkerij Peeters")
    dossier = Dossier.objects.create(organisatie=organisatie, werknemer_voornaam="An")
    geladen = Dossier.objects.select_related("organisatie").only("pk", "organisatie__naam").get(pk=dossier.pk)
    assert geladen.organisatie.naam == "Bakkerij Peeters"  # the related object, from the same row
    with CaptureQueriesContext(connection) as ctx:
        assert geladen.werknemer_voornaam == "An"  # a deferred field loads on access
    assert len(ctx.captured_queries) == 1
    geladen.werknemer_voornaam = "Ann"
    geladen.save(update_fields=["werknemer_voornaam"])  # an update, not an insert
    assert Dossier.objects.get(pk=dossier.pk).werknemer_voornaam == "Ann"
    assert Dossier.objects.count() == 1
    # A foreign key's id set after loading drops the cached object, as after Django's load.
    ander = OrganisatieFactory()
    geladen.organisatie_id = ander.pk
    assert geladen.organisatie == ander


@pytest.mark.django_db
@pytest.mark.parametrize("signaal", [pre_init, post_init])
def test_a_receiver_of_the_init_signals_gets_them_as_before(signaal):
    OrganisatieFactory()
    ontvangen = []

    def ontvanger(sender, **kwargs):
        ontvangen.append(sender)

    signaal.connect(ontvanger, sender=Organisatie)
    try:
        list(Organisatie.objects.all())
    finally:
        signaal.disconnect(ontvanger, sender=Organisatie)
    assert ontvangen == [Organisatie]
    list(Organisatie.objects.all())
    assert ontvangen == [Organisatie]  # disconnected: the direct path again, no signal


class _MetInit:
    def __init__(self, *args, **kwargs):
        self.extra = True
        super().__init__(*args, **kwargs)


class _Bewaakt:
    """A descriptor that does more than store on assignment."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        return self if instance is None else instance.__dict__.get(self.name)

    def __set__(self, instance, value):
        instance.__dict__[self.name] = value
        instance.__dict__["gezet"] = True


def _model(naam, bases, **attrs):
    attrs.setdefault("__module__", __name__)
    attrs["Meta"] = type("Meta", (), {"app_label": "loket", "managed": False})
    attrs["naam"] = models.CharField(max_length=10)
    return type(naam, bases, attrs)


@isolate_apps("loket")  # the models made here stay out of the project's registry
def test_classes_where_init_does_more_keep_djangos_path():
    eigen_init = _model(
        "ModelEigenInit", (models.Model,), __init__=lambda self, *a, **k: Model.__init__(self, *a, **k)
    )
    mixin_voor = _model("ModelMixinVoor", (_MetInit, models.Model))
    mixin_na = _model("ModelMixinNa", (models.Model, _MetInit))
    bewaakt = _model("ModelBewaakt", (models.Model,))
    bewaakt.naam = _Bewaakt()
    bewaakt.naam.__set_name__(bewaakt, "naam")
    gewoon = _model("ModelGewoon", (models.Model,))
    for model in (eigen_init, mixin_voor, mixin_na, bewaakt):
        assert not model_from_db.loads_directly(model), model
    assert model_from_db.loads_directly(gewoon)
    # And what the mixin after Model adds is there, as Django made it.
    geladen = mixin_na.from_db("default", ["id", "naam"], [1, "x"])
    assert geladen.extra is True and geladen.naam == "x"
    assert bewaakt.from_db("default", ["id", "naam"], [1, "x"]).__dict__["gezet"] is True
