"""Placeholder for the linear span checks (being written); holds the migration's place."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_speaker_constraint_messages")]
    operations: list[migrations.operations.base.Operation] = []
