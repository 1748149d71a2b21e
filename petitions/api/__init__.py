"""The petitions API (design §6), one module per resource, routed by qogam/api.py under /api/v1/."""

from django.urls import path

from petitions.api.events import PetitionEventViewSet
from petitions.api.mine import MyPetitionViewSet, MySignatureViewSet
from petitions.api.petitions import PetitionViewSet
from petitions.api.reference import CategoryViewSet, RejectionReasonViewSet
from petitions.api.signatures import PetitionSignaturesView

# Routed by qogam/api.py under /api/v1/.
ROUTES = [
    ("petitions", PetitionViewSet, "petition"),
    (r"petitions/(?P<petition_pk>[0-9]+)/events", PetitionEventViewSet, "petition-event"),
    ("categories", CategoryViewSet, "category"),
    ("rejection-reasons", RejectionReasonViewSet, "rejection-reason"),
    ("me/petitions", MyPetitionViewSet, "my-petition"),
    ("me/signatures", MySignatureViewSet, "my-signature"),
]
URLS = [
    path(
        "petitions/<int:pk>/signatures",
        PetitionSignaturesView.as_view(),
        name="petition-signatures",
    ),
]
