from django.db import migrations


class Migration(migrations.Migration):
    """Once made the staff roles; the site app now keeps them in step after every migrate
    (museum/roles.py). Kept, empty, so databases that applied it stay consistent."""

    dependencies = [("core", "0001_extensions")]

    operations = []
