"""Atom feeds of a platform's meetings and of the recommendation tracker (design §4.7),
with Django's syndication framework; each is one query of at most FEED_SIZE rows."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from platforms.models import Meeting, Platform, RecommendationChange

FEED_SIZE = 50


class PlatformMeetingsFeed(Feed):
    """A platform's meetings, the latest scheduled first; never the online link."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Platform, slug=slug)

    def title(self, platform):
        return _("Qogam: meetings of %(platform)s") % {"platform": platform.name}

    def subtitle(self, platform):
        return _("The meetings of this platform as they are scheduled, with their place.")

    def link(self, platform):
        return platform.get_absolute_url()

    def items(self, platform):
        return Meeting.objects.filter(platform=platform).order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} · {meeting.get_format_display()} · {meeting.place}".rstrip(" ·")

    def item_pubdate(self, meeting):
        return meeting.created_at


class RecommendationTrackerFeed(Feed):
    """Each step of every recommendation, the latest first: sent, answered, implemented."""

    feed_type = Atom1Feed

    def title(self):
        return _("Qogam: recommendation tracker")

    def subtitle(self):
        return _("Every step of the platforms' recommendations and the state bodies' answers.")

    def link(self):
        return reverse("recommendation_list")

    def items(self):
        return RecommendationChange.objects.select_related(
            "recommendation", "recommendation__addressee"
        ).order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, change):
        return _("%(status)s: %(text)s") % {
            "status": change.get_to_status_display(),
            "text": change.recommendation.text[:100],
        }

    def item_description(self, change):
        return change.answer or change.recommendation.text

    def item_link(self, change):
        return reverse("recommendation_detail", args=[change.recommendation_id])

    def item_guid(self, change):
        return f"recommendation-change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.created_at

    def item_categories(self, change):
        return [change.recommendation.addressee.name]
