from django.db import migrations

# unaccent() is only STABLE (its dictionary could change), so PostgreSQL refuses it in
# index expressions. This wrapper names the dictionary explicitly and is declared
# IMMUTABLE, which is true for as long as nobody edits unaccent.rules on the server.
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION public.vitrine_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

# Trigram indexes on folded names, for the "people and places" matches on the search
# page: "bach mai" must find "Bệnh viện Bạch Mai" without scanning the whole table.
NAME_INDEXES = [
    ("collection_person_name_trgm", "collection_person", "name"),
    ("collection_place_name_vi_trgm", "collection_place", "name_vi"),
    ("collection_place_name_en_trgm", "collection_place", "name_en"),
    ("collection_subject_name_vi_trgm", "collection_subject", "name_vi"),
    ("collection_subject_name_en_trgm", "collection_subject", "name_en"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0001_initial"),
        ("core", "0001_extensions"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, "DROP FUNCTION IF EXISTS public.vitrine_unaccent(text);"),
        *[
            migrations.RunSQL(
                f"CREATE INDEX {name} ON {table} "
                f"USING gin (lower(public.vitrine_unaccent({column})) gin_trgm_ops);",
                f"DROP INDEX IF EXISTS {name};",
            )
            for name, table, column in NAME_INDEXES
        ],
    ]
