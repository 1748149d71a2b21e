from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions.models import Petition
        from portal import follows

        follows.register("petition", Petition, visible_to=Petition.objects.visible_to)
