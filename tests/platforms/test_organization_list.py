import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("organizations", [1, 50])
def test_the_ngo_directory_costs_three_queries_whatever_the_data(
    client, django_assert_num_queries, organizations
):
    OrganizationFactory.create_batch(organizations)

    # The paginator's count, the page of organisations with their regions, the region filter.
    with django_assert_num_queries(3):
        response = client.get(reverse("organization_list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(organizations, 30)


def test_the_directory_filters_by_region_and_verification(client):
    astana = OrganizationFactory(region=region("KZ-71"), name_kk="Астана ҮЕҰ")
    OrganizationFactory(region=region("KZ-75"), name_kk="Алматы ҮЕҰ")
    OrganizationFactory(region=region("KZ-71"), name_kk="Тексерілмеген", verified=False)

    response = client.get(
        reverse("organization_list"), {"region": region("KZ-71").pk, "verified": "on"}
    )

    assert list(response.context["page"].object_list) == [astana]


def test_organisation_names_are_shown_escaped(client):
    OrganizationFactory(name_kk="<script>alert('x')</script>")

    response = client.get(reverse("organization_list"))

    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


@pytest.mark.parametrize(
    ("url", "params", "label"),
    [
        ("organization_list", {"region": "nowhere"}, "Region"),
        ("platform_list", {"kind": "club"}, "Kind"),
        ("recommendation_list", {"year": "1066"}, "Year"),
        ("recommendation_list", {"platform": "no-such-platform"}, "Platform or council"),
    ],
)
def test_a_bad_filter_value_is_named_on_each_list_page(english_client, url, params, label):
    response = english_client.get(reverse(url), params)

    assert response.status_code == 200
    assert f"Not applied, the value is not valid: {label}." in response.text
