"""Atom feeds of petitions (design §4.7), with Django's syndication framework.

The petition list's feed reads the list's own FilterSet, so `/petitions/feed/?status=open`
holds the same petitions as `/petitions/?status=open`, newest first. A body's answers feed
follows what a state body answered. Each feed is one query of at most FEED_SIZE rows.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from petitions.filters import PetitionFilter
from petitions.models import Petition
from portal.models import StateBody

FEED_SIZE = 50


class PetitionListFeed(Feed):
    """The public petition list, with any of its filters, the latest published first."""

    feed_type = Atom1Feed

    def get_object(self, request):
        filterset = PetitionFilter(request.GET, queryset=Petition.objects.with_list_data())
        # A bad filter value is not silently widened to every petition.
        if not filterset.is_valid():
            raise Http404
        self.query = request.GET.urlencode()
        return filterset

    def title(self, filterset):
        return _("Qogam: petitions")

    def subtitle(self, filterset):
        return _("New petitions on the list, with the filters you chose.")

    def link(self, filterset):
        return reverse("petition_list") + (f"?{self.query}" if self.query else "")

    def items(self, filterset):
        # The list's filters, the feed's own order: the latest published first.
        return filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, petition):
        return petition.title

    def item_description(self, petition):
        return petition.demand

    def item_pubdate(self, petition):
        return petition.published_at

    def item_updateddate(self, petition):
        return petition.updated_at

    def item_categories(self, petition):
        return [petition.get_status_display(), petition.addressee.name]


class BodyAnswersFeed(Feed):
    """The petitions a state body has answered, the latest answer first."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(StateBody, slug=slug)

    def title(self, body):
        return _("Qogam: answers of %(body)s") % {"body": body.name}

    def subtitle(self, body):
        return _("The petitions this state body has answered, with its answers.")

    def link(self, body):
        return reverse("petition_list") + f"?addressee={body.pk}&status=answered"

    def items(self, body):
        return (
            Petition.objects.listed()
            .filter(addressee=body, status=Petition.Status.ANSWERED)
            .order_by("-answered_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, petition):
        return petition.title

    def item_description(self, petition):
        return petition.response_text

    def item_pubdate(self, petition):
        return petition.answered_at
