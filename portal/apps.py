from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from allauth.account.models import EmailAddress
        from django.apps import apps
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from portal import auth, follows, pagecache
        from portal.models import StateBody, StateBodyOfficial

        # django-tasks-db names its app in English only.
        apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")

        follows.register("state-body", StateBody, visible_to=lambda user: StateBody.objects.all())

        # Cached pages go stale when a row they show changes (portal/pagecache.py).
        post_save.connect(pagecache.model_changed, dispatch_uid="pagecache-save")
        post_delete.connect(pagecache.model_changed, dispatch_uid="pagecache-delete")

        # A signed-in person's kept row and roles are forgotten when they change
        # (portal/auth.py).
        auth.watch(get_user_model(), person="pk")
        auth.watch(EmailAddress)
        auth.watch(StateBodyOfficial)
        auth.watch_many(get_user_model().groups.through)
