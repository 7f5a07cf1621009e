"""Indexes for province scale (issue 3): the latest-changed order of the office's home page, and on
PostgreSQL a trigram index so that a Chinese substring search (``search_text LIKE '%电子监察%'``) does
not read every row. pg_trgm makes trigrams of CJK characters under a UTF-8 locale (checked on
C.UTF-8); SQLite has no such index and scans (README, Performance)."""

from django.db import migrations, models


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS project_search_trgm ON projects_project USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS project_search_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_lifecycle"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["-updated_at"], name="project_updated"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
