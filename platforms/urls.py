from django.urls import path

from platforms import calendars, feeds, views

urlpatterns = [
    # NGOs
    path("ngos/", views.organization_list, name="organization_list"),
    path("ngos/new/", views.organization_create, name="organization_create"),
    path("ngos/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("ngos/<int:pk>/join/", views.organization_join, name="organization_join"),
    path("ngos/<int:pk>/verify/", views.organization_verify, name="organization_verify"),
    path("ngos/<int:pk>/workspace/", views.organization_workspace, name="organization_workspace"),
    path(
        "ngos/<int:pk>/members/<int:member_pk>/<slug:action>/",
        views.organization_member_action,
        name="organization_member_action",
    ),
    # Platforms and councils
    path("platforms/", views.platform_list, name="platform_list"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform_detail"),
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
    path("platforms/<slug:slug>/apply/", views.platform_apply, name="platform_apply"),
    path("platforms/<slug:slug>/leave/", views.platform_leave, name="platform_leave"),
    path("platforms/<slug:slug>/propose/", views.platform_propose, name="platform_propose"),
    path("platforms/<slug:slug>/workspace/", views.platform_workspace, name="platform_workspace"),
    path("platforms/<slug:slug>/officials/", views.platform_officials, name="platform_officials"),
    path(
        "platforms/<slug:slug>/applications/<int:pk>/<slug:action>/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "platforms/<slug:slug>/proposals/<int:pk>/<slug:action>/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("platforms/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(
        "platforms/<slug:slug>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    # Meetings
    path("meetings.ics", calendars.all_meetings, name="meetings_ics"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/register/", views.meeting_register, name="meeting_register"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    # Recommendations
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/feed/", feeds.RecommendationTrackerFeed(), name="recommendation_feed"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "recommendations/<int:pk>/answer/",
        views.recommendation_answer,
        name="recommendation_answer",
    ),  # fmt: skip
]
