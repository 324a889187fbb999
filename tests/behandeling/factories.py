"""Dossiers in every status for the handling tests (built directly, as the wizard would leave them)."""

import datetime as dt

import factory
from django.utils import timezone

from aanvragen import rules
from aanvragen.models import Dossier
from tests import factories


class DossierFactory(factory.django.DjangoModelFactory):
    """A submitted, admissible application for one employee (VDAB need and Dimona relation exist
    when made with ``met_bronnen``)."""

    class Meta:
        model = Dossier

    class Params:
        ingediend = dt.date(2026, 5, 4)

    organisatie = factory.SubFactory(factories.OrganisatieFactory)
    vestiging = factory.SubFactory(
        factories.VestigingFactory, organisatie=factory.SelfAttribute("..organisatie")
    )
    werknemer = factory.SubFactory(factories.PersoonFactory)
    werknemer_insz = factory.LazyAttribute(lambda o: o.werknemer.insz)
    werknemer_voornaam = factory.LazyAttribute(lambda o: o.werknemer.voornaam)
    werknemer_achternaam = factory.LazyAttribute(lambda o: o.werknemer.achternaam)
    werknemer_woonplaats_gewest = "vlaanderen"
    referentie = factory.Sequence(lambda n: f"IMW-2026-{n + 1:06d}")
    status = "ontvankelijk"
    contact_naam = "Els Peeters"
    contact_email = factory.Sequence(lambda n: f"contact{n}@werkgever.be")
    contact_telefoon = "09 123 45 67"
    premie_keuze = "loonpremie"
    ingediend_op = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.ingediend, dt.time(10, 0)))
    )
    ontvankelijkheid_uiterlijk = factory.LazyAttribute(
        lambda o: rules.ontvankelijkheid_uiterlijk(o.ingediend)
    )
    beslissing_uiterlijk = factory.LazyAttribute(lambda o: rules.beslissing_uiterlijk(o.ingediend))
    ontvankelijk = factory.LazyAttribute(lambda o: o.status in ("ontvankelijk", "in_behandeling") or None)


def met_bronnen(dossier, *, behoefte=None, percentage=40, duur_jaren=5):
    """Registry rows so that VDAB, Dimona and KBO answer for this dossier."""
    factories.VdabIndicatieFactory(
        insz=dossier.werknemer_insz,
        behoefte=behoefte or dossier.premie_keuze,
        percentage=percentage,
        duur_jaren=duur_jaren,
        geldig_van=dt.date(2024, 1, 1),
    )
    factories.DimonaRelatieFactory(werkgever_kbo=dossier.organisatie.kbo_nummer, insz=dossier.werknemer_insz)
    factories.KboInschrijvingFactory(kbo_nummer=dossier.organisatie.kbo_nummer, naam=dossier.organisatie.naam)
    return dossier
