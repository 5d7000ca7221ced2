"""Django's PostgreSQL backend, plus: start the embedded server before the first connection.

Settings point ENGINE here only when no DATABASE_URL is given. The server lives under
settings.FACTDB_VAR_DIR; its Unix socket becomes the connection host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base

from factdb import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    _ensured_databases: set[str] = set()

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        location = embedded.postgres_ensure(Path(settings.FACTDB_VAR_DIR))
        params["host"] = location.socket_dir
        params["user"] = location.user
        params.pop("port", None)
        name = params.get("dbname")
        if name and name != "postgres" and name not in self._ensured_databases:
            embedded.postgres_database_ensure(location, name)
            self._ensured_databases.add(name)
        return params
