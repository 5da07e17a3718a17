from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive search (unaccent) and fuzzy name matching (pg_trgm)."""

    operations = [UnaccentExtension(), TrigramExtension()]
