"""What every browser test shares: how its tests are marked, and how a person
signs in through the site's own form."""

import pytest

from community.demo import DEMO_PASSWORD

# The live server answers from another thread, so what a test writes must be
# committed; serialized_rollback brings back what the migrations made (the
# page tree, the roles, the taxonomy) after the flush of the test before.
browser_test = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, email, password=DEMO_PASSWORD, then="/"):
    page.goto(f"/accounts/login/?next={then}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{then}")
    return page
