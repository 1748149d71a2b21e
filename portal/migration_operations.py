"""Migration operations for what only PostgreSQL (production and the tests) supports."""

from django.db.migrations import AddIndex


class AddIndexOnPostgreSQL(AddIndex):
    """AddIndex that leaves SQLite (the local run) without the index: SQLite knows no
    NULLS LAST in an index, and its small demo data needs none."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
