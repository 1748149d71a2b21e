from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions.models import Petition
        from petitions.services import send_signatures_to_review
        from portal import follows, signals

        follows.register("petition", Petition, visible_to=Petition.objects.visible_to)
        signals.iin_signatures_to_review.connect(
            send_signatures_to_review, dispatch_uid="petitions.signatures_to_review"
        )
