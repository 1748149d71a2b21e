from django.core.paginator import Paginator
from django.shortcuts import render

from platforms.models import Organization
from portal.models import Region


def organization_list(request):
    """The public NGO directory, filterable by region and verification."""
    organizations = Organization.objects.select_related("region").order_by("name_kk")
    region_code = request.GET.get("region", "")
    if region_code:
        organizations = organizations.filter(region__code=region_code)
    if request.GET.get("verified") == "1":
        organizations = organizations.filter(verified=True)
    page = Paginator(organizations, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "platforms/organization_list.html",
        {"page": page, "regions": Region.objects.all(), "region_code": region_code},
    )
