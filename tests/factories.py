import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from loket import models

# Valid identifiers, generated so that every factory object gets a unique one.


def kbo_nummer(n: int) -> str:
    # Distinct for every n below ~1.28 million (the old slice dropped a digit: n and n+1 collided).
    first8 = f"0{(1_000_000 + n * 7) % 10_000_000:07d}"
    return first8 + f"{97 - int(first8) % 97:02d}"


def insz(n: int) -> str:
    first9 = f"{80 + n % 19:02d}{1 + n % 12:02d}{1 + n % 28:02d}{100 + n % 800:03d}"
    return first9 + f"{97 - int(first9) % 97:02d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@voorbeeld.be")
    first_name = "Els"
    last_name = factory.Sequence(lambda n: f"Peeters{n}")
    password = factory.django.Password("Geheim-wachtwoord-1")

    @factory.post_generation
    def email_bevestigd(obj, create, extracted, **kwargs):
        """Accounts have a confirmed address unless a test says ``email_bevestigd=False``."""
        if create and extracted is not False and obj.email:
            from loket import emailbevestiging

            emailbevestiging.bevestigd_door_provider(obj)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisatie

    kbo_nummer = factory.Sequence(kbo_nummer)
    naam = factory.Sequence(lambda n: f"Werkgever {n} bv")
    soort = models.OrganisatieSoort.PRIVAAT
    email = factory.Sequence(lambda n: f"info{n}@werkgever.be")


class VestigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Vestiging

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = "Hoofdzetel"
    straat = "Koningsstraat 1"
    postcode = "9000"
    gemeente = "Gent"
    gewest = models.Gewest.VLAANDEREN


class BankrekeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Bankrekening

    organisatie = factory.SubFactory(OrganisatieFactory)
    iban = "BE71096123456769"
    geldig_vanaf = dt.date(2024, 1, 1)


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Persoon

    insz = factory.Sequence(insz)
    voornaam = "Jan"
    achternaam = factory.Sequence(lambda n: f"Janssens{n}")
    woonplaats_gewest = models.Gewest.VLAANDEREN
    email = factory.Sequence(lambda n: f"werknemer{n}@voorbeeld.be")


class ToegangFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Toegang

    gebruiker = factory.SubFactory(UserFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    rol = models.Rol.VERANTWOORDELIJKE
    # Active, as after the activation code by post; pass geactiveerd_op=None for a pending one.
    geactiveerd_op = factory.LazyFunction(timezone.now)
    activatie_wijze = models.ActivatieWijze.CODE


class KboInschrijvingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.KboInschrijving

    kbo_nummer = factory.Sequence(kbo_nummer)
    naam = factory.Sequence(lambda n: f"Onderneming {n} nv")
    rechtsvorm = "Naamloze vennootschap"
    straat = "Kerkstraat 12"
    postcode = "9000"
    gemeente = "Gent"


class VdabIndicatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.VdabIndicatie

    insz = factory.Sequence(insz)
    doelgroep = "pmah"
    behoefte = "loonpremie"
    percentage = 40
    duur_jaren = 5
    geldig_van = dt.date(2024, 1, 1)
    begeleidingsnood = ""


class DimonaRelatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DimonaRelatie

    werkgever_kbo = factory.Sequence(kbo_nummer)
    insz = factory.Sequence(insz)
    begin = dt.date(2023, 1, 1)
    arbeidsfractie = Decimal("1")


class DmfaLoonlijnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DmfaLoonlijn

    werkgever_kbo = factory.Sequence(kbo_nummer)
    insz = factory.Sequence(insz)
    jaar = 2026
    kwartaal = 1
    brutoloon = Decimal("9000.00")
    werkgeversbijdragen = Decimal("2250.00")
    verminderingen = Decimal("0")
