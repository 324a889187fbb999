from .account import BevestigingWijze, EmailBevestiging
from .berichten import Bericht, BerichtBijlage
from .bronnen import DimonaRelatie, DmfaLoonlijn, KboInschrijving, VdabEvaluatie, VdabIndicatie
from .data_changes import DataChange
from .organisaties import Bankrekening, Gewest, Organisatie, OrganisatieSoort, Persoon, Vestiging
from .parameters import (
    BegeleidingspremieBedrag,
    BegeleidingspremieOpstart,
    DegressiefPakket,
    GgmmiBedrag,
    OndersteuningReferentiebedrag,
    PakketSchijf,
)
from .profiel import Profiel
from .toegang import Activatiecode, ActivatieWijze, Maatregel, Mandaat, Rol, Toegang, Uitnodiging

__all__ = [
    "ActivatieWijze",
    "Activatiecode",
    "Bankrekening",
    "BegeleidingspremieBedrag",
    "BegeleidingspremieOpstart",
    "Bericht",
    "BevestigingWijze",
    "BerichtBijlage",
    "DataChange",
    "DegressiefPakket",
    "DimonaRelatie",
    "DmfaLoonlijn",
    "EmailBevestiging",
    "GgmmiBedrag",
    "Gewest",
    "KboInschrijving",
    "Maatregel",
    "Mandaat",
    "OndersteuningReferentiebedrag",
    "Organisatie",
    "OrganisatieSoort",
    "PakketSchijf",
    "Persoon",
    "Profiel",
    "Rol",
    "Toegang",
    "Uitnodiging",
    "VdabEvaluatie",
    "VdabIndicatie",
    "Vestiging",
]
