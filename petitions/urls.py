from django.urls import path

from petitions import calendars, feeds, views

urlpatterns = [
    path("petitions/", views.petition_list, name="petition_list"),
    path("petitions/feed/", feeds.PetitionListFeed(), name="petition_feed"),
    path("petitions/discussions.ics", calendars.discussions, name="petition_discussions_ics"),
    path(
        "state-bodies/<slug:slug>/answers/feed/", feeds.BodyAnswersFeed(), name="body_answers_feed"
    ),
    path("petitions/new/", views.petition_create, name="petition_create"),
    path("petitions/grounds/", views.grounds, name="petition_grounds"),
    path("petitions/similar/", views.similar_petitions, name="similar_petitions"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/edit/", views.petition_edit, name="petition_edit"),
    path("petitions/<int:pk>/sign/", views.sign, name="petition_sign"),
    path("petitions/<int:pk>/unsign/", views.unsign, name="petition_unsign"),
    path("petitions/<int:pk>/embed/", views.petition_embed, name="petition_embed"),
    path("petitions/<int:pk>/badge.svg", views.petition_badge, name="petition_badge"),
    path("petitions/<int:pk>/receipt/", views.receipt, name="petition_receipt"),
    path(
        "petitions/<int:pk>/signature-log.<str:format>",
        views.signature_log,
        name="petition_signature_log",
    ),
    path(
        "petitions/<int:pk>/signed-answer.pdf", views.signed_answer, name="petition_signed_answer"
    ),
    path(
        "petitions/<int:pk>/workspace/<slug:step>/",
        views.workspace_step,
        name="petition_workspace_step",
    ),  # fmt: skip
    path("petitions/<int:pk>/moderate/<slug:action>/", views.moderate, name="petition_moderate"),
    path("petitions/<int:pk>/<slug:action>/", views.petition_action, name="petition_action"),
    path("moderation/petitions/", views.moderation_queue, name="moderation_queue"),
    path("moderation/signatures/", views.review_queue, name="signature_review_queue"),
    path("profile/petitions/", views.my_petitions, name="my_petitions"),
    path("profile/signatures/", views.my_signatures, name="my_signatures"),
]
