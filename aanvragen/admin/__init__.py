"""The DWSE backoffice for individueel maatwerk: the work queue, the dossier page and its actions.

Staff never edit a dossier's fields here: the dossier page is read-only and every action (override
admissibility, take in hand, ask for information, decide, correct) is a form that calls a service
in ``aanvragen.beslissingen``. Opening a dossier is logged (``DossierInzage``).

Split by concern: ``werkvoorraad`` (queue filters), ``formulieren`` (action forms), ``dossiers``
(the dossier page), ``wijzigingen`` (reported changes), ``registers`` (decisions, access log,
service providers). Importing the modules registers their admins.
"""

from . import beroepen, dossiers, registers, wijzigingen  # noqa: F401
