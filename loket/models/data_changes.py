from django.db import models


class DataChange(models.Model):
    """One row per database statement that changed what an organisation's pages show, written by
    the triggers ``loket.data_versions`` installs; row organisation 0 for the data every
    organisation's pages show (parameters, authentic sources, payout runs). The sum of ``changes``
    per organisation is its data version, part of a cached page's key (``loket.page_cache``).

    Rows are only added, never updated, so no transaction waits for another to count its change;
    ``data_versions.compact`` folds them into one row per organisation, keeping every sum."""

    GLOBAL = 0
    STAFF_RIGHTS = -1  # who holds which admin permission (loket.backends keeps them under it)

    organisatie_id = models.BigIntegerField()
    changes = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = "data change"
        # The sum per organisation from the index alone.
        indexes = [models.Index(fields=["organisatie_id", "changes"], name="datachange_per_organisatie")]

    def __str__(self):
        return f"{self.organisatie_id}: +{self.changes}"
