"""Redis gives an unacknowledged message to another worker after the visibility timeout: were it
shorter than a task's time limit, a long task (the payout run) would run twice at once. The
timeout is derived from the limits; every registered task must stay below it."""

from django.conf import settings

from loket.celery import app
from tests.infra.test_settings import probe


def test_no_task_may_run_as_long_as_the_visibility_timeout():
    app.loader.import_default_modules()
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    assert app.conf.task_time_limit < timeout
    te_lang = {
        naam: taak.time_limit
        for naam, taak in app.tasks.items()
        if (taak.time_limit or app.conf.task_time_limit) >= timeout
    }
    assert te_lang == {}
    # The payout run really has its hour (the annotations reach the registered task).
    assert app.tasks["premies.tasks.uitbetaling.betaal_wat_verschuldigd_is"].time_limit == 3600


def test_every_task_with_a_limit_of_its_own_exists():
    """A typo in the table of long tasks would leave that task at the global five minutes."""
    app.loader.import_default_modules()
    assert set(settings.CELERY_LANGE_TAKEN) - set(app.tasks) == set()
    for naam, (hard, zacht) in settings.CELERY_LANGE_TAKEN.items():
        assert zacht < hard, naam


def test_redis_gets_the_derived_visibility_timeout():
    s = probe(DJANGO_ENV="development", CELERY_BROKER_URL="redis://redis.example:6379/0")
    assert s["BROKER_OPTIONS"]["visibility_timeout"] == 3600 + 300
