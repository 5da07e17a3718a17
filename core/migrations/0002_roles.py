from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    """The Curator and Archivist groups (see core/roles.py)."""

    dependencies = [
        ("core", "0001_extensions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("collection", "0001_initial"),
        ("exhibitions", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
