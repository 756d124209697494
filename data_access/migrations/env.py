"""Alembic environment: runs migrations on the engine handed over by data_access.db."""

from alembic import context

from data_access.schema import metadata

engine = context.config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"

with engine.connect() as connection:
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one (batch mode), which a
        # table others refer to (regions) cannot survive with foreign keys on. The pragma is
        # a no-op inside a transaction, so it is set before the migration's transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(connection=connection, target_metadata=metadata, render_as_batch=sqlite)
            context.run_migrations()
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
