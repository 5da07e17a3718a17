from django.db import migrations


class Migration(migrations.Migration):
    """Once gave the roles the import records; the site app now keeps the roles in step
    after every migrate (museum/roles.py). Kept, empty, for databases that applied it."""

    dependencies = [("collection", "0003_import_record")]

    operations = []
