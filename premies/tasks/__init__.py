"""Celery tasks of the payouts, one module per job (Open Forms style); each is thin and safe to rerun."""

from .betalingsoverzichten import maak_betalingsoverzichten, veeg_betalingsoverzichten
from .sepa import verzend_goedgekeurde_runs, verzend_run
from .uitbetaling import betaal_wat_verschuldigd_is

__all__ = [
    "betaal_wat_verschuldigd_is",
    "maak_betalingsoverzichten",
    "veeg_betalingsoverzichten",
    "verzend_goedgekeurde_runs",
    "verzend_run",
]
