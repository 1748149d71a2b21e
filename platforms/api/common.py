"""What the platforms API's resources share: the querysets and serialized rows that more
than one of them answers with."""

from django.db.models import Count

from platforms.api.serializers import MeetingSerializer, RecommendationSerializer
from platforms.models import Meeting, PlatformMembership, Proposal, Recommendation


def _proposals():
    return Proposal.objects.select_related("platform", "author")


def _meeting_data(request, meeting):
    meeting = (
        Meeting.objects.select_related("platform")
        .annotate(registered=Count("meetingregistration"))
        .prefetch_related("agenda_items")
        .get(pk=meeting.pk)
    )
    return MeetingSerializer(meeting, context={"request": request}).data


def _recommendation_data(request, recommendation):
    recommendation = (
        Recommendation.objects.for_tracker().prefetch_related("changes").get(pk=recommendation.pk)
    )
    return RecommendationSerializer(recommendation, context={"request": request}).data


def _memberships():
    return PlatformMembership.objects.select_related("platform", "organization", "user")
