from django.apps import AppConfig


class QogamConfig(AppConfig):
    """The project layer: settings, URL map, API router, the site's own pages and commands."""

    name = "qogam"
    verbose_name = "Qogam"
