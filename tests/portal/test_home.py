import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("organizations", [1, 50])
def test_the_home_page_costs_four_queries_whatever_the_data(
    client, django_assert_num_queries, organizations
):
    OrganizationFactory.create_batch(organizations)

    # Petition figures (one aggregate), verified NGOs, state bodies, petitions near threshold.
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["figures"]["organizations"] == organizations


def test_the_home_page_offers_the_main_sections_and_the_language_switcher(client):
    response = client.get(reverse("home"))

    for name in ("petition_list", "platform_list", "organization_list", "recommendation_list",
                 "open_data", "account_login"):  # fmt: skip
        assert f'href="{reverse(name)}"' in response.text
    assert response.text.count('name="language"') == 3
    assert 'class="skip-link" href="#main"' in response.text
    assert '<main id="main"' in response.text
