"""The Celery application: configured from Django settings (CELERY_* names)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_init

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


@worker_init.connect
@beat_init.connect
def _secret_key_require(**kwargs: Any) -> None:
    """Workers and beat refuse to start in production without a real SECRET_KEY."""
    from factdb.secret_key import InsecureSecretKey
    from factdb.system_checks import serving_secret_key_require

    try:
        serving_secret_key_require()
    except InsecureSecretKey as error:
        # Celery logs and swallows exceptions from signal handlers; SystemExit gets through.
        raise SystemExit(str(error)) from error
