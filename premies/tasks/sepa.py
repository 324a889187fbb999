"""The SEPA file of an approved run, and the sweeper for an approved run left without one."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, name="premies.tasks.sepa.verzend_run")
def verzend_run(run_id: int) -> None:
    from premies.models import Uitbetalingsrun
    from premies.services import verzend

    verzend(Uitbetalingsrun.objects.get(pk=run_id))


@shared_task(acks_late=True, name="premies.tasks.sepa.verzend_goedgekeurde_runs")
def verzend_goedgekeurde_runs() -> list[int]:
    """Approved runs without their file (the worker stopped between approval and file): finish them."""
    from premies.models import RunStatus, Uitbetalingsrun
    from premies.services import verzend

    ids = list(Uitbetalingsrun.objects.filter(status=RunStatus.GOEDGEKEURD).values_list("pk", flat=True))
    for pk in ids:
        verzend(Uitbetalingsrun.objects.get(pk=pk))
    return ids
