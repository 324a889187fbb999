"""Slow stand-ins used by the worker-kill tests: they leave a mark when entered and then wait, so
a test can kill the worker while a task is inside. Configured through the environment of the
worker subprocess (``BRON_VDAB``, ``EMAIL_BACKEND``, ``LOKET_TRAAG_MAP``)."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

from loket.bronnen.vdab import RegisterVdab


def _wacht(soort: str) -> None:
    map_ = Path(os.environ["LOKET_TRAAG_MAP"])
    (map_ / f"{soort}-{uuid.uuid4().hex}").touch()
    time.sleep(float(os.environ.get("LOKET_TRAAG_SECONDEN", "4")))


class TrageVdab(RegisterVdab):
    def indicatie(self, insz, op):
        _wacht("vdab")
        return super().indicatie(insz, op)


class TrageMail(EmailBackend):
    """Waits *before* the hand-off: a kill there must not lose the mail nor send it twice."""

    def send_messages(self, email_messages):
        _wacht("mail")
        return super().send_messages(email_messages)
