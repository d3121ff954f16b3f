"""Nothing a keyboard can reach is hidden from sight: a tab stop that draws
no focus ring leaves a keyboard user not knowing where they are."""

import pytest
from bs4 import BeautifulSoup

FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"


def hidden_tab_stops(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [str(element) for element in page.select(FOCUSABLE)
            if "visually-hidden" in element.get("class", []) and element.get("tabindex") != "-1"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=refund"])
def test_no_visually_hidden_control_is_a_tab_stop(client, path):
    assert hidden_tab_stops(client, path) == []


@pytest.mark.django_db
def test_no_visually_hidden_control_is_a_tab_stop_when_signed_in(client_as, customer):
    assert hidden_tab_stops(client_as(customer), "/") == []
