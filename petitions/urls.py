from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.views import section

urlpatterns = [
    path(
        "petitions/",
        section,
        {
            "title": _("Petitions"),
            "intro": _(
                "Online petitions to state bodies: file one, sign, and follow the answer. "
                "The petition pages open here."
            ),
        },
        name="petition_list",
    ),
]
