"""The Celery application: configured from Django settings (CELERY_* names)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdb.settings")

app = Celery("factdb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _embedded_broker_start(sender: Celery, **kwargs: Any) -> None:
    """With no CELERY_BROKER_URL, start the private Redis before the first connection."""
    from django.conf import settings

    if settings.FACTDB_EMBEDDED_BROKER:
        from factdb import embedded

        embedded.redis_ensure(Path(settings.FACTDB_VAR_DIR))
