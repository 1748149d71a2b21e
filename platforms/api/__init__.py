"""The platforms API (design §6): platforms and councils with their composition, seats,
meetings, recommendations and NGOs; one module per resource, routed by qogam/api.py under /api/v1/.
"""

from platforms.api.meetings import MeetingViewSet
from platforms.api.memberships import PlatformMembershipViewSet
from platforms.api.mine import MyMembershipViewSet, MyOrganizationViewSet
from platforms.api.organizations import OrganizationViewSet
from platforms.api.platforms import PlatformViewSet
from platforms.api.proposals import ProposalViewSet
from platforms.api.recommendations import RecommendationViewSet

# Routed by qogam/api.py under /api/v1/.
ROUTES = [
    ("platforms", PlatformViewSet, "platform"),
    ("platform-memberships", PlatformMembershipViewSet, "platform-membership"),
    ("meetings", MeetingViewSet, "meeting"),
    ("recommendations", RecommendationViewSet, "recommendation"),
    ("organizations", OrganizationViewSet, "organization"),
    ("proposals", ProposalViewSet, "proposal"),
    ("me/memberships", MyMembershipViewSet, "my-membership"),
    ("me/organizations", MyOrganizationViewSet, "my-organization"),
]
URLS = []
