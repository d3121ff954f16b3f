"""Who gets which role, and what each role may do."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from community import roles
from community.models import HomePage, User
from tests.signup import code_from, sign_up


@pytest.mark.django_db
@override_settings(WORKER_EMAIL_DOMAINS=["staff.example.com"])
def test_verified_address_on_a_company_domain_makes_a_worker(client, mailoutbox):
    sign_up(client, "sam@STAFF.example.com")
    user = User.objects.get(email="sam@staff.example.com")
    assert not roles.has_role(user, roles.WORKER), "not before the address is verified"

    client.post(reverse("account_email_verification_sent"), {"code": code_from(mailoutbox[0])})
    user = User.objects.get(pk=user.pk)
    assert roles.has_role(user, roles.WORKER)
    assert roles.has_role(user, roles.CUSTOMER)


@pytest.mark.django_db
@override_settings(WORKER_EMAIL_DOMAINS=["staff.example.com"])
def test_lookalike_domain_stays_a_customer(client, mailoutbox):
    sign_up(client, "sam@staff.example.com.evil.test")
    client.post(reverse("account_email_verification_sent"), {"code": code_from(mailoutbox[0])})
    user = User.objects.get()
    assert roles.roles_of(user) == [roles.CUSTOMER]


@pytest.mark.django_db
def test_role_command_grants_lists_and_revokes(customer, capsys):
    call_command("role", "grant", customer.email, "moderator")
    assert roles.has_role(User.objects.get(pk=customer.pk), roles.MODERATOR)
    call_command("role", "grant", customer.email, "moderator")
    assert "already" in capsys.readouterr().out

    call_command("role", "list", customer.email.upper())
    assert "customer, moderator" in capsys.readouterr().out

    call_command("role", "revoke", customer.email, "moderator")
    assert not roles.has_role(User.objects.get(pk=customer.pk), roles.MODERATOR)


@pytest.mark.django_db
def test_role_command_explains_mistakes(customer):
    with pytest.raises(CommandError, match="choose from"):
        call_command("role", "grant", customer.email, "wizard")
    with pytest.raises(CommandError, match="No one is registered"):
        call_command("role", "grant", "ghost@example.com", "worker")
    with pytest.raises(CommandError, match="Say which role"):
        call_command("role", "grant", customer.email)


# --- What each group may do in the admin -----------------------------------------

def admin_status(client, path):
    response = client.get(path)
    return response.status_code, response.get("Location", "")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["customer", "worker"])
def test_customers_and_workers_cannot_enter_the_admin(request, client_as, who):
    response = client_as(request.getfixturevalue(who)).get("/admin/", follow=True)
    assert response.status_code == 403
    assert "the admin is closed to you" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ops", "moderator", "editor", "superuser"])
def test_staff_roles_enter_the_admin(request, client_as, who):
    client = client_as(request.getfixturevalue(who))
    assert client.get("/admin/").status_code == 200


def home_edit_url():
    return reverse("wagtailadmin_pages:edit", args=[HomePage.objects.get().pk])


@pytest.mark.django_db
def test_editors_edit_and_publish_pages(client_as, editor):
    client = client_as(editor)
    assert client.get(home_edit_url()).status_code == 200
    home = HomePage.objects.get()
    assert home.permissions_for_user(editor).can_publish()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ops", "moderator"])
def test_ops_and_moderators_cannot_edit_pages(request, client_as, who):
    person = request.getfixturevalue(who)
    response = client_as(person).get(home_edit_url())
    assert response.status_code in (302, 403)
    assert not HomePage.objects.get().permissions_for_user(person).can_edit()


@pytest.mark.django_db
def test_only_editors_change_site_settings(client_as, editor, ops):
    from wagtail.models import Site

    url = reverse(
        "wagtailsettings:edit",
        args=["community", "communitysettings", Site.objects.get(is_default_site=True).pk],
    )
    assert client_as(editor).get(url).status_code == 200
    assert client_as(ops).get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_page_changes_are_reviewed_by_editors(editor, moderator):
    from wagtail.models import GroupApprovalTask

    task = GroupApprovalTask.objects.get()
    assert [g.name for g in task.groups.all()] == ["Editors"]
    assert task.user_can_access_editor(Page.objects.get(depth=2), editor)
    assert not task.user_can_access_editor(Page.objects.get(depth=2), moderator)


@pytest.mark.django_db
def test_a_new_staff_role_is_announced_to_its_holder(customer, django_capture_on_commit_callbacks, mailoutbox):
    from community.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        call_command("role", "grant", customer.email, "worker")
    notification = Notification.objects.get(recipient=customer)
    assert notification.title == "You are now a Worker in the community"
    assert [m.to for m in mailoutbox] == [[customer.email]]


@pytest.mark.django_db
def test_becoming_a_customer_is_not_announced(client, mailoutbox, django_capture_on_commit_callbacks):
    from community.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "nina@example.com")
    assert not Notification.objects.exists()
