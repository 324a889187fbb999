"""Helpers for the dossier tests (B2): submitted dossiers and matching authentic sources.

No tests here; kept in its own module so the dossier, admissibility and task tests share them.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from aanvragen import rules
from aanvragen.models import Document, Dossier
from tests import factories

_teller = iter(range(1, 10**6))


def concept(organisatie, *, premie="loonpremie", vestiging=None, **velden) -> Dossier:
    """A complete draft for an employee of ``organisatie`` (as the application form leaves it)."""
    n = next(_teller)
    if vestiging is None and velden.get("aanvrager_soort") != "zelfstandige":
        vestiging = factories.VestigingFactory(organisatie=organisatie)
    waarden = {
        "organisatie": organisatie,
        "contact_naam": "Els Peeters",
        "contact_email": f"els{n}@werkgever.be",
        "contact_telefoon": "09 123 45 67",
        "werknemer_insz": factories.insz(5000 + n),
        "werknemer_voornaam": "Jan",
        "werknemer_achternaam": f"Janssens{n}",
        "werknemer_woonplaats_gewest": "vlaanderen",
        "vestiging": vestiging,
        "premie_keuze": premie,
    }
    if premie == "loon_begeleiding":
        waarden.update(
            begeleider_soort="intern", begeleider_naam="Bart Coach", collega_coach_naam="Sara Collega"
        )
    waarden.update(velden)
    return Dossier.objects.create(**waarden)


def bronnen_in_orde(dossier: Dossier, *, behoefte=None):
    """VDAB need matching the choice, and a Dimona relation running today."""
    factories.VdabIndicatieFactory(
        insz=dossier.werknemer_insz, behoefte=behoefte or dossier.premie_keuze, geldig_van=dt.date(2020, 1, 1)
    )
    if dossier.aanvrager_soort == "zelfstandige":
        factories.KboInschrijvingFactory(kbo_nummer=dossier.organisatie.kbo_nummer)
    else:
        factories.DimonaRelatieFactory(
            werkgever_kbo=dossier.organisatie.kbo_nummer,
            insz=dossier.werknemer_insz,
            begin=dt.date(2020, 1, 1),
        )


def ingediend(organisatie, *, status="ingediend", ingediend_op=None, **velden) -> Dossier:
    """A submitted dossier in any status, written directly (for list and page tests)."""
    dossier = concept(organisatie, **velden)
    nu = ingediend_op or timezone.now()
    dag = timezone.localdate(nu)
    dossier.status = status
    dossier.referentie = f"IMW-{dag.year}-{dossier.pk:06d}"
    dossier.ingediend_op = nu
    dossier.ontvankelijkheid_uiterlijk = rules.ontvankelijkheid_uiterlijk(dag)
    dossier.beslissing_uiterlijk = rules.beslissing_uiterlijk(dag)
    dossier.save()
    return dossier


def document(dossier, *, naam="bewijs.pdf", inhoud=b"%PDF-1.4\n%test\n", mimetype="application/pdf"):
    doc = Document(
        dossier=dossier, soort="bewijs_kwalificatie", naam=naam, mimetype=mimetype, grootte=len(inhoud)
    )
    doc.bestand.save(naam, ContentFile(inhoud), save=True)
    return doc


def client_voor(client, organisatie):
    """Log ``client`` in as the responsible person of ``organisatie``, acting for it."""
    from loket.middleware import SESSION_KEY_ORGANISATIE

    toegang = factories.ToegangFactory(organisatie=organisatie)
    client.force_login(toegang.gebruiker)
    session = client.session
    session[SESSION_KEY_ORGANISATIE] = organisatie.pk
    session.save()
    return toegang.gebruiker
