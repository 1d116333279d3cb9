"""RunPython functions for this app's PostgreSQL-only schema: the engine's own tables,
columns and indexes, which SQLite (FTS5) does not have."""


def statements(*sql):
    """A RunPython function executing these statements on PostgreSQL, nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in sql:
                schema_editor.execute(statement)

    return run
