"""Signing up through allauth's real pages, for tests of anything that starts there."""

import re

from django.urls import reverse

NEW_PASSWORD = "another-Strong-passw0rd"


def sign_up(client, email, name="Nina"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "display_name": name, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def code_from(message):
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M)
    assert match, f"no verification code in: {message.body}"
    return match.group(1)
