from django.apps import AppConfig


class BenchSiteConfig(AppConfig):
    """Only in the bench's settings (bench.site.settings): the thin baseline's model."""

    name = "bench.site"
    label = "bench_site"
