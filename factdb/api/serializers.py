"""Serializer plumbing shared by the apps: a model's constraints checked before it is saved,
and the shape of every error body, for the OpenAPI schema."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from factdb.api.constraints import constraint_field

if TYPE_CHECKING:
    _ModelSerializer = serializers.ModelSerializer[Any]
else:
    _ModelSerializer = object


class ModelConstraintsValidated(_ModelSerializer):
    """ModelSerializer mixin: the model's Meta.constraints are checked in `validate()`.

    A write that would break a CheckConstraint or UniqueConstraint is refused as a 400 naming
    the field the constraint guards (`poll_interval`), with the constraint's
    `violation_error_message`, before anything is saved, instead of failing in the database.
    The would-be instance is the one being updated with the new values applied (on a copy), or
    a new one with the model's defaults for what was not sent. Each constraint is checked with
    its own `validate()`, as `Model.validate_constraints()` does; the loop is ours so that each
    error is tied to its field, where Django files every CheckConstraint's under `__all__`.
    """

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        errors = _constraint_errors(self._would_be_instance(attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _would_be_instance(self, attrs: dict[str, Any]) -> models.Model:
        model: type[models.Model] = self.Meta.model
        names = {field.name for field in model._meta.concrete_fields}
        values = {name: value for name, value in attrs.items() if name in names}
        if self.instance is None:
            return model(**values)
        # A copy, so a refused update leaves the instance the view holds as it was.
        candidate: models.Model = copy.copy(self.instance)
        for name, value in values.items():
            setattr(candidate, name, value)
        return candidate


def _constraint_errors(instance: models.Model) -> dict[str, list[ErrorDetail]]:
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict[str, list[ErrorDetail]] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, using=using)
            except DjangoValidationError as error:
                key = constraint_field(constraint) or api_settings.NON_FIELD_ERRORS_KEY
                details = get_error_detail(error)
                errors.setdefault(key, []).extend(
                    details if isinstance(details, list) else _flattened(details)
                )
    return errors


def _flattened(details: dict[str, list[ErrorDetail]]) -> list[ErrorDetail]:
    return [detail for field_details in details.values() for detail in field_details]


class ErrorSerializer(serializers.Serializer[None]):
    """The `error` object of every error the API answers (factdb.api.errors)."""

    code = serializers.CharField(
        help_text="stable, for programs: invalid, conflict, not_found, ..."
    )
    message = serializers.CharField(help_text="for people: what was wrong, in words")
    field = serializers.CharField(allow_null=True, help_text="the input at fault, or null")
    details = serializers.JSONField(
        required=False,
        help_text="a validation error: every field's messages; a conflict: `current`, the "
        "record as stored now",
    )


class ErrorResponseSerializer(serializers.Serializer[None]):
    """`{"error": {"code", "message", "field"[, "details"]}}`: the body of every 4xx."""

    error = ErrorSerializer()
