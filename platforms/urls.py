from django.urls import path

from platforms import calendars, feeds
from platforms.views import meetings, moderation, ngos, platform_pages, recommendations

urlpatterns = [
    # NGOs
    path("ngos/", ngos.organization_list, name="organization_list"),
    path("ngos/new/", ngos.organization_create, name="organization_create"),
    path("ngos/<int:pk>/", ngos.organization_detail, name="organization_detail"),
    path("ngos/<int:pk>/join/", ngos.organization_join, name="organization_join"),
    path("ngos/<int:pk>/verify/", ngos.organization_verify, name="organization_verify"),
    path("ngos/<int:pk>/workspace/", ngos.organization_workspace, name="organization_workspace"),
    path(
        "ngos/<int:pk>/members/<int:member_pk>/<slug:action>/",
        ngos.organization_member_action,
        name="organization_member_action",
    ),
    # Platforms and councils
    path("platforms/", platform_pages.platform_list, name="platform_list"),
    path("platforms/<slug:slug>/", platform_pages.platform_detail, name="platform_detail"),
    path(
        "platforms/<slug:slug>/meetings/feed/",
        feeds.PlatformMeetingsFeed(),
        name="platform_meetings_feed",
    ),
    path(
        "platforms/<slug:slug>/meetings.ics",
        calendars.platform_meetings,
        name="platform_meetings_ics",
    ),
    path("platforms/<slug:slug>/apply/", platform_pages.platform_apply, name="platform_apply"),
    path("platforms/<slug:slug>/leave/", platform_pages.platform_leave, name="platform_leave"),
    path(
        "platforms/<slug:slug>/propose/", platform_pages.platform_propose, name="platform_propose"
    ),
    path(
        "platforms/<slug:slug>/workspace/", moderation.platform_workspace, name="platform_workspace"
    ),
    path(
        "platforms/<slug:slug>/officials/", moderation.platform_officials, name="platform_officials"
    ),
    path(
        "platforms/<slug:slug>/applications/<int:pk>/<slug:action>/",
        moderation.application_decide,
        name="application_decide",
    ),
    path(
        "platforms/<slug:slug>/proposals/<int:pk>/<slug:action>/",
        moderation.proposal_decide,
        name="proposal_decide",
    ),
    path("platforms/<slug:slug>/meetings/new/", moderation.meeting_create, name="meeting_create"),
    path(
        "platforms/<slug:slug>/recommendations/new/",
        moderation.recommendation_create,
        name="recommendation_create",
    ),
    # Meetings
    path("meetings.ics", calendars.all_meetings, name="meetings_ics"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/register/", meetings.meeting_register, name="meeting_register"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    # Recommendations
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path("recommendations/feed/", feeds.RecommendationTrackerFeed(), name="recommendation_feed"),
    path(
        "recommendations/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "recommendations/<int:pk>/answer/",
        recommendations.recommendation_answer,
        name="recommendation_answer",
    ),  # fmt: skip
]
