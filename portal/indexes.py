"""Indexes whose NULLS FIRST/LAST order only PostgreSQL can hold."""

from django.db import models
from django.db.models import OrderBy


class NullsOrderedIndex(models.Index):
    """An index that keeps its NULLS LAST (or FIRST) on PostgreSQL, the production engine,
    and drops it on SQLite (the local run), which refuses it in an index: there NULLs sort
    lowest, and the small demo needs the index only to exist when a table is rebuilt."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(_without_nulls_order(item) for item in self.expressions)
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


def _without_nulls_order(expression):
    if not isinstance(expression, OrderBy):
        return expression
    return OrderBy(expression.expression, descending=expression.descending)
