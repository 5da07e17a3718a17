from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    """Let curators and archivists see the import records (see core/roles.py)."""

    dependencies = [
        ("collection", "0003_import_record"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
