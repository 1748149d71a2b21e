from django.urls import path
from django.utils.translation import gettext_lazy as _

from platforms import views
from portal.views import section

urlpatterns = [
    path("ngos/", views.organization_list, name="organization_list"),
    path(
        "platforms/",
        section,
        {
            "title": _("Dialogue platforms and public councils"),
            "intro": _(
                "The Ministry's dialogue platforms and the public councils of state bodies, "
                "their members, meetings and decisions, open here."
            ),
        },
        name="platform_list",
    ),
    path(
        "recommendations/",
        section,
        {
            "title": _("Recommendation tracker"),
            "intro": _(
                "Every recommendation of the platforms and councils, with the answer of the "
                "state body and how far it has been carried out, opens here."
            ),
        },
        name="recommendation_list",
    ),
    path(
        "open-data/",
        section,
        {
            "title": _("Open data"),
            "intro": _(
                "Downloads of petitions, signatures by region and day, platforms, meetings, "
                "recommendations and NGOs, in CSV and JSON, open here."
            ),
        },
        name="open_data",
    ),
]
