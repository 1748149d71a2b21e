from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = _("Dialogue platforms and NGOs")

    def ready(self):
        from platforms import workspace
        from platforms.models import Platform, Recommendation
        from portal import auth, follows, pending

        # Platforms and recommendations are public, archived ones too.
        follows.register("platform", Platform, visible_to=lambda user: Platform.objects.all())
        follows.register(
            "recommendation", Recommendation, visible_to=lambda user: Recommendation.objects.all(),
            url=lambda recommendation: reverse("recommendation_detail", args=[recommendation.pk]),
        )  # fmt: skip

        # A moderator's seat is one of their roles (portal/auth.py).
        auth.watch_many(Platform.moderators.through)

        # The recommendations waiting for a body's answer go into its daily digest.
        pending.register("recommendations", workspace.waiting)
