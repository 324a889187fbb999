"""Every periodic job in the beat schedule names a task a worker knows (a typo would fail silently)."""

from django.conf import settings

from loket.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    onbekend = {k: v["task"] for k, v in settings.CELERY_BEAT_SCHEDULE.items() if v["task"] not in app.tasks}
    assert onbekend == {}
