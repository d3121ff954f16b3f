import pytest


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_answer(client, db, path):
    assert client.get(path).status_code == 200
