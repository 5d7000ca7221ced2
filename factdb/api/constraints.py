"""Model constraints as an API names them: the field a constraint guards, and which rule a
database refusal (an IntegrityError) broke, in words for the person who sent the request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from django.apps import apps
from django.db import IntegrityError, models
from django.db.models.constraints import BaseConstraint
from django.utils.text import capfirst

ViolationKind = Literal["unique", "check", "not_null", "foreign_key", "other"]

# PostgreSQL SQLSTATE codes of class 23, "integrity constraint violation".
_KIND_BY_SQLSTATE: dict[str, ViolationKind] = {
    "23505": "unique",
    "23P01": "unique",  # exclusion constraint: the row overlaps one already stored
    "23514": "check",
    "23502": "not_null",
    "23503": "foreign_key",
}
# "Key (feed_id, entry_id)=(3, abc) already exists." and the like, in the error's DETAIL.
_DETAIL_COLUMNS = re.compile(r"^Key \((?P<columns>[^)]+)\)=")


@dataclass(frozen=True, slots=True)
class ConstraintViolation:
    """What the database refused: the kind of rule, a message naming it, the field if one."""

    kind: ViolationKind
    message: str
    field: str | None = None


def constraint_field(constraint: BaseConstraint) -> str | None:
    """The one model field a constraint guards (`poll_interval` for `Q(poll_interval__gte=60)`),
    or None when it spans several fields or expressions."""
    if isinstance(constraint, models.UniqueConstraint):
        fields = list(constraint.fields)
    elif isinstance(constraint, models.CheckConstraint):
        fields = sorted(models.Q(constraint.condition).referenced_base_fields)
    else:
        return None
    return fields[0] if len(fields) == 1 and fields[0] != "pk" else None


def integrity_error_describe(error: IntegrityError) -> ConstraintViolation:
    """Which rule an IntegrityError broke, from the driver's SQLSTATE and diagnostics.

    A constraint declared on a model speaks with its `violation_error_message`; a rule the
    database holds alone (a unique or NOT NULL column, a foreign key, a trigger) is named from
    the table and columns the error reports.
    """
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    kind = _KIND_BY_SQLSTATE.get(getattr(cause, "sqlstate", None) or "", "other")
    constraint_name = getattr(diag, "constraint_name", None)
    model = _models_by_table().get(getattr(diag, "table_name", None) or "")
    declared = _constraints_by_name().get(constraint_name or "")
    if declared is not None:
        return ConstraintViolation(
            kind, str(declared.get_violation_error_message()), constraint_field(declared)
        )
    if kind == "unique":
        return _unique_describe(model, _detail_columns(diag))
    if kind == "not_null":
        field = _model_field(model, getattr(diag, "column_name", None))
        label = field.verbose_name if field else "a required value"
        return ConstraintViolation(kind, f"{capfirst(label)} is required.", _name(field))
    if kind == "foreign_key":
        return _foreign_key_describe(model, diag)
    if kind == "check":
        return _check_describe(model, constraint_name, diag)
    return ConstraintViolation(kind, "The database refused the change as inconsistent.")


def _unique_describe(model: type[models.Model] | None, columns: list[str]) -> ConstraintViolation:
    fields = [_model_field(model, column) for column in columns]
    if model is None or not fields or None in fields:
        return ConstraintViolation("unique", "Such a record already exists.")
    labels = " and ".join(str(field.verbose_name) for field in fields if field)
    message = f"{capfirst(model._meta.verbose_name)} with this {labels} already exists."
    return ConstraintViolation("unique", message, _name(fields[0]) if len(fields) == 1 else None)


def _foreign_key_describe(model: type[models.Model] | None, diag: Any) -> ConstraintViolation:
    detail = getattr(diag, "message_detail", None) or ""
    if "is still referenced" in detail:
        # A delete or key change that would leave other rows pointing at nothing.
        return ConstraintViolation("foreign_key", "Other records still refer to this one.")
    columns = _detail_columns(diag)
    field = _model_field(model, columns[0]) if len(columns) == 1 else None
    label = capfirst(field.verbose_name) if field else "A reference"
    message = f"{label} refers to a record that does not exist."
    return ConstraintViolation("foreign_key", message, _name(field))


def _check_describe(
    model: type[models.Model] | None, constraint_name: str | None, diag: Any
) -> ConstraintViolation:
    if constraint_name is None:
        # A trigger's RAISE ... USING ERRCODE = 'check_violation': its text is written for people.
        message = getattr(diag, "message_primary", None) or "The change breaks a database rule."
        return ConstraintViolation("check", message)
    # A column's own check, such as PositiveIntegerField's, is named <table>_<column>_check.
    field = None
    if model is not None:
        prefix = f"{model._meta.db_table}_"
        column = constraint_name.removeprefix(prefix).removesuffix("_check")
        field = _model_field(model, column) if constraint_name.startswith(prefix) else None
    label = f"{capfirst(field.verbose_name)} is out of range" if field else "The change is refused"
    message = f"{label}: it breaks the database rule “{constraint_name}”."
    return ConstraintViolation("check", message, _name(field))


def _detail_columns(diag: Any) -> list[str]:
    match = _DETAIL_COLUMNS.match(getattr(diag, "message_detail", None) or "")
    if match is None:
        return []
    return [column.strip().strip('"') for column in match["columns"].split(",")]


def _model_field(
    model: type[models.Model] | None, column: str | None
) -> models.Field[Any, Any] | None:
    if model is None or not column:
        return None
    for field in model._meta.concrete_fields:
        if field.column == column:
            return field
    return None


def _name(field: models.Field[Any, Any] | None) -> str | None:
    return field.name if field is not None else None


@cache
def _models_by_table() -> dict[str, type[models.Model]]:
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


@cache
def _constraints_by_name() -> dict[str, BaseConstraint]:
    # Django requires constraint names unique across all models (check models.E032).
    return {
        constraint.name: constraint
        for model in apps.get_models(include_auto_created=True)
        for constraint in model._meta.constraints
    }
