"""Managing people in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community import roles
from community.models import User

PASSWORD = "xK9!long-pass-word"


@pytest.mark.django_db
def test_superuser_adds_a_person_with_a_role(client_as, superuser):
    response = client_as(superuser).post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new@example.com",
            "display_name": "New Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [Group.objects.get(name=roles.WORKER.group).pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    person = User.objects.get(email="new@example.com")
    assert person.display_name == "New Person"
    assert roles.roles_of(person) == [roles.WORKER]


@pytest.mark.django_db
def test_superuser_edits_a_person(client_as, superuser, customer):
    response = client_as(superuser).post(
        reverse("wagtailusers_users:edit", args=[customer.pk]),
        {"email": customer.email, "display_name": "Carla C.", "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    customer.refresh_from_db()
    assert customer.display_name == "Carla C."


@pytest.mark.django_db
def test_people_admin_is_closed_to_ops(client_as, ops):
    assert client_as(ops).get(reverse("wagtailusers_users:index")).status_code in (302, 403)


@pytest.mark.django_db
def test_a_role_given_in_the_admin_is_announced(
    client_as, superuser, customer, django_capture_on_commit_callbacks
):
    from community.notifications.models import Notification

    groups = [Group.objects.get(name=name).pk for name in ("Customers", "Moderators")]
    with django_capture_on_commit_callbacks(execute=True):
        client_as(superuser).post(
            reverse("wagtailusers_users:edit", args=[customer.pk]),
            {"email": customer.email, "display_name": "Carla", "is_active": "on", "groups": groups},
        )
    assert roles.has_role(customer, roles.MODERATOR)
    titles = list(Notification.objects.filter(recipient=customer).values_list("title", flat=True))
    assert titles == ["You are now a Moderator in the community"]
