"""The three editorial roles as groups: viewer (reads), editor (reviews, fixes, merges, drafts
verdicts) and verdict publisher (publishes and corrects verdicts). Give people one or more.

Permissions are created after migrations run, so this migration creates them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

_READ = [
    "claims.view_speaker", "claims.view_quote", "claims.view_numericclaim",
    "claims.view_verdict", "claims.view_articleextraction", "sources.view_article",
    "sources.view_publication", "sources.view_feed", "sources.view_feeditem",
    "sources.view_ingestjob",
]  # fmt: skip
ROLES = {
    "viewer": _READ,
    "editor": [
        *_READ,
        "claims.change_quote", "claims.change_numericclaim", "claims.change_speaker",
        "claims.add_verdict", "claims.change_verdict", "claims.delete_verdict",
    ],  # fmt: skip
    "verdict publisher": [*_READ, "claims.change_verdict", "claims.publish_verdict"],
}


def roles_create(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def roles_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_editorial_workflow"),
        ("sources", "0005_feed_poll_interval_message"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]
