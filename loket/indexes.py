"""Database indexes the ORM does not spell out for every database."""

from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models.functions import Upper


class BeginIndex(models.Index):
    """An index for a search on the start of a text, case-insensitive (``veld__istartswith``, which
    Django writes as ``UPPER(col::text) LIKE UPPER('term%')``). On PostgreSQL the expression gets
    ``text_pattern_ops`` so LIKE reads it whatever the database's collation; elsewhere (SQLite for
    development) it is a plain expression index."""

    def __init__(self, veld: str, *, name: str):
        self.veld = veld
        super().__init__(Upper(veld), name=name)

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            index = models.Index(OpClass(Upper(self.veld), name="text_pattern_ops"), name=self.name)
            return index.create_sql(model, schema_editor, using, **kwargs)
        return super().create_sql(model, schema_editor, using, **kwargs)

    def deconstruct(self):
        path, _expressions, kwargs = super().deconstruct()
        return path, (self.veld,), kwargs
