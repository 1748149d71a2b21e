"""Queries that every signed-in page runs, built once per process.

Building a query with several subqueries through the ORM takes longer than PostgreSQL takes
to run it. A `PreparedQuery` builds its query once per database, with stand-ins for its
values (a person's id, a petition's), and runs the SQL with the real values in their places.
"""

from django.db import connections, router

# No row has these ids: they mark the places of the values in the built query's parameters.
# They fit every integer column, positive ones too (the ORM drops a condition on a value its
# column cannot hold).
STAND_INS = (2_147_271_828, 2_147_271_829, 2_147_271_830)


class PreparedQuery:
    """`build(*ids)` returns the queryset for these ids; `rows(*ids)` runs it."""

    def __init__(self, model, build):
        self.model, self.build, self.compiled = model, build, {}

    def rows(self, *ids):
        """The query's rows (tuples, in the queryset's column order) for these ids."""
        using = router.db_for_read(self.model)
        if using not in self.compiled:
            compiler = self.build(*STAND_INS[: len(ids)]).using(using).query.get_compiler(using)
            sql, params = compiler.as_sql()
            # The database's values as the ORM gives them (SQLite's dates are text otherwise).
            columns = [column for column, *_rest in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
            self.compiled[using] = (sql, tuple(params), compiler, converters)
        sql, params, compiler, converters = self.compiled[using]
        values = dict(zip(STAND_INS, ids, strict=False))
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [_put(value, values) for value in params])
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows


def _put(value, values):
    # Only an int can be a stand-in (other parameters may be unhashable); the PostgreSQL
    # backend may wrap one in a type of its own (Int8), which the value keeps.
    if isinstance(value, int) and not isinstance(value, bool) and value in values:
        return type(value)(values[value])
    return value
