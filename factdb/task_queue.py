"""Sending Celery tasks by name, so that services never import the tasks that call them.

Tasks import services (a task is a few lines around one service call); a service that needs
work done later sends the task by the name the task module declares, which keeps the import
graph one-way: tasks → services.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from factdb.celery import app


def task_send(name: str, *args: object) -> None:
    """Send the task now, on the app's default queue."""
    app.send_task(name, args=args)


def task_send_on_commit(name: str, *args: object) -> None:
    """Send the task once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(task_send, name, *args))
