"""Every page of the portal the accessibility, validity and phone tests open, in every state.

A portal route (a URL name of the resolver) needs an entry here, or in ``GEEN_PAGINA`` with the
reason it renders no page of its own; a new route without one fails
``test_elke_portaalroute_staat_in_de_lijst``. The wizard steps, the dossier tabs and the change
forms are checked the same way against the lists the portal itself uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pagina:
    """One page in one state.

    ``naam``: the URL name; ``args``: names of the world's values for its parameters, or a literal
    value after '='; ``query``: appended to the path (``{name}``: a world's value); ``als``: who
    looks at it (a key of the ``portaal`` fixture's users, or "anoniem"); ``fout``: the form on the
    page is submitted with its fields emptied (and ``invullen`` typed into fields by name), and the
    page that answers is checked; ``status``: the HTTP status expected.
    """

    naam: str
    args: tuple[str, ...] = ()
    query: str = ""
    als: str = "a"
    fout: bool = False
    invullen: dict[str, str] = field(default_factory=dict)
    status: int = 200

    @property
    def label(self) -> str:
        rest = " ".join(filter(None, [",".join(self.args), self.query, self.als]))
        return f"{self.naam} [{rest}]" + (" (fout)" if self.fout else "")


def _met_fout(
    naam: str, args: tuple[str, ...] = (), als: str = "a", query: str = "", **invullen
) -> list[Pagina]:
    """A form page in its normal state and in its error state."""
    return [
        Pagina(naam, args, query, als=als),
        Pagina(naam, args, query, als=als, fout=True, invullen=invullen),
    ]


def _stap(stap: str, concept: str = "concept", als: str = "a", **invullen) -> list[Pagina]:
    return _met_fout("aanvragen:aanvraag_stap", (concept, "=" + stap), als=als, **invullen)


# The simulator with a worked estimate (its tables), and with an impossible value.
SIMULATOR = (
    "premie=loonpremie&brutoloon=9000&werkgeversbijdragen=2250&verminderingen=500&arbeidsfractie=0,8"
    "&pakket=vast&percentage=40&duur_jaren=2&startkwartaal={kwartaal}"
)

PAGINAS: list[Pagina] = [
    # Logged out.
    *_met_fout("login", als="anoniem"),
    *_met_fout("account_aanmaken", als="anoniem"),
    Pagina("premies:simulator", als="anoniem"),
    Pagina("premies:simulator", query=SIMULATOR, als="anoniem"),
    Pagina(
        "premies:simulator", query=SIMULATOR.replace("arbeidsfractie=0,8", "arbeidsfractie=7"), als="anoniem"
    ),
    Pagina("loket:hulp", als="anoniem"),
    *[
        Pagina("loket:hulp_onderwerp", ("=" + o,), als="anoniem")
        for o in (
            "voorwaarden",
            "registreren",
            "aanvragen",
            "na-de-aanvraag",
            "betaling",
            "opvolgen",
            "evaluatie",
            "veelgestelde-vragen",
        )
    ],
    Pagina("loket:privacy", als="anoniem"),
    Pagina("loket:toegankelijkheid", als="anoniem"),
    Pagina("loket:hulp_onderwerp", ("=onbestaand",), als="anoniem", status=404),
    # Logged in, acting for organisation A (an employer).
    Pagina("loket:dashboard"),
    *_met_fout("loket:kies_organisatie", query="wissel=1"),
    *_met_fout("loket:registreren"),
    *_met_fout("loket:toegang"),
    Pagina("loket:hulp"),
    Pagina("aanvragen:start"),
    *_stap("contact", contact_email="geen-adres"),
    *_stap("werknemer", werknemer_insz="12345"),
    *_stap("vestiging"),
    *_stap("premie"),
    *_stap("rekening", iban="BE00 0000 0000 0000"),
    *_stap("vop"),
    Pagina("aanvragen:aanvraag_stap", ("concept", "=overzicht")),  # submit stays disabled until complete
    Pagina("aanvragen:aanvraag_verwijder", ("concept",)),
    Pagina("aanvragen:aanvraag_ingediend", ("dossier",)),
    Pagina("aanvragen:dossiers"),
    *[
        Pagina("aanvragen:dossier", ("dossier",), query=f"tab={tab}")
        for tab in ("overzicht", "berekeningen", "documenten", "berichten", "wijzigingen")
    ],
    *_met_fout("aanvragen:wijziging_melden", ("dossier", "=contactpersoon")),
    *_met_fout("aanvragen:wijziging_melden", ("dossier", "=rekeningnummer"), iban="BE00"),
    *_met_fout("aanvragen:wijziging_melden", ("dossier", "=uit_dienst")),
    *_met_fout("aanvragen:wijziging_melden", ("dossier_begeleiding", "=collega_coach")),
    *_met_fout("aanvragen:wijziging_melden", ("dossier_begeleiding", "=begeleider")),
    *_met_fout("aanvragen:beroep", ("dossier",)),
    Pagina("aanvragen:beroep_ontvangen", ("dossier", "beroep")),
    *_met_fout("evaluaties:stap", ("dossier", "evaluatie", "=keuze")),
    *_met_fout("evaluaties:stap", ("dossier", "evaluatie", "=motivatie")),
    Pagina("evaluaties:stap", ("dossier", "evaluatie", "=overzicht")),
    Pagina("evaluaties:ingediend", ("dossier_begeleiding", "evaluatie_ingediend")),
    # The steps only a school and a loonpremie with begeleidingspremie have, and a self-employed
    # person's own steps.
    *_stap("onderwijs", "concept_school", als="school"),
    *_stap("begeleiding", "concept_school", als="school"),
    *_stap("ondersteuning", "concept_zelfstandige", als="zelfstandige"),
    *_stap("bedrijfsactiviteit", "concept_zelfstandige", als="zelfstandige"),
    # Someone invited, someone waiting for the activation code, someone without IMW access.
    Pagina("loket:uitnodiging", ("token",), als="nieuw"),
    *_met_fout("loket:activeren", als="in_afwachting"),
    Pagina("aanvragen:dossiers", als="zonder_imw", status=403),
    # The account's e-mail address (confirmed, with the resend form) and a link that is not valid.
    Pagina("loket:emailadres"),
    Pagina("loket:emailadres_bevestigen", ("=ongeldig",), status=400),
]

# Routes that render no page of their own: files, and actions that only answer with a redirect.
GEEN_PAGINA: dict[str, str] = {
    "loket:taal": "POST only; redirects back to the page the switch was on",
    "loket:mandaat_verlenen": "POST only; redirects to loket:toegang, or shows it again (refused number)",
    "loket:mandaat_intrekken": "POST only; redirects to loket:toegang",
    "loket:api_client_aanmaken": "POST only; its answer shows the new secret once (no GET)",
    "loket:api_client_intrekken": "POST only; redirects to loket:toegang",
    "health_live": "a probe for the load balancer (plain text)",
    "health_ready": "a probe for the load balancer (JSON)",
    "metrics": "Prometheus metrics (plain text)",
    "federale_aanmelding": "redirects to the identity provider (off in the tests: 404)",
    "federale_aanmelding_terug": "the identity provider's callback (off in the tests: 404)",
    "logout": "POST only; redirects",
    "loket:toegang_intrekken": "POST only; redirects to loket:toegang",
    "loket:uitnodiging_intrekken": "POST only; redirects to loket:toegang",
    "aanvragen:aanvraag_hervat": "redirects to the step where the user left off",
    "aanvragen:ontvangstbewijs": "a PDF",
    "aanvragen:aanvraag_document": "an uploaded file",
    "aanvragen:document": "an uploaded file",
    "aanvragen:beroep_ontvangstbewijs": "a PDF",
    "evaluaties:start": "redirects to the evaluation's step",
    "evaluaties:motivatieverslag": "a PDF",
    "evaluaties:motivatieverslag_aanvraag": "a PDF",
    "evaluaties:ontvangstbewijs": "a PDF",
}
