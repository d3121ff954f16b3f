import pytest
from django.urls import reverse

from community.models import Skill


@pytest.mark.django_db
def test_profile_shows_name_bio_and_role_badge(client, worker):
    worker.bio = "Evenings at the front desk."
    worker.save()
    page = client.get(worker.get_absolute_url()).content.decode()
    assert "Walt" in page
    assert "Evenings at the front desk." in page
    assert "Worker" in page


@pytest.mark.django_db
def test_customer_profile_has_no_staff_badge(client, customer):
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Carla" in page
    assert "badge-role" not in page


@pytest.mark.django_db
def test_worker_lists_skills(client_as, worker):
    client = client_as(worker)
    response = client.post(
        reverse("community:edit_profile"),
        {"display_name": "Walt W.", "bio": "Hi", "skills": "Returns, night shifts , returns,  "},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.display_name == "Walt W."
    assert [s.name for s in worker.skills.all()] == ["night shifts", "Returns"]
    page = client.get(worker.get_absolute_url()).content.decode()
    assert "night shifts" in page


@pytest.mark.django_db
def test_skills_are_shared_whatever_their_case(client_as, worker, make_person):
    from community import roles

    other = make_person("wanda@staff.example.com", roles.WORKER)
    client_as(worker).post(reverse("community:edit_profile"), {"skills": "Returns"})
    client_as(other).post(reverse("community:edit_profile"), {"skills": "returns"})
    assert Skill.objects.count() == 1


@pytest.mark.django_db
def test_customers_do_not_list_skills(client_as, customer):
    client = client_as(customer)
    assert "skills" not in client.get(reverse("community:edit_profile")).context["form"].fields
    client.post(reverse("community:edit_profile"), {"display_name": "C", "skills": "Hacking"})
    assert not customer.skills.exists()
    assert not Skill.objects.exists()


@pytest.mark.django_db
def test_bad_profile_input_comes_back_with_the_text_and_a_message(client_as, worker):
    long_name = "N" * 81
    response = client_as(worker).post(
        reverse("community:edit_profile"),
        {"display_name": long_name, "bio": "My bio stays", "skills": "a, b"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    page = response.content.decode()
    assert long_name in page and "My bio stays" in page and "a, b" in page
    worker.refresh_from_db()
    assert worker.display_name == "Walt"


@pytest.mark.django_db
def test_too_many_skills_is_refused(client_as, worker):
    skills = ", ".join(f"skill {i}" for i in range(21))
    response = client_as(worker).post(reverse("community:edit_profile"), {"skills": skills})
    assert response.status_code == 200
    assert "at most 20" in str(response.context["form"].errors["skills"])


@pytest.mark.django_db
def test_editing_a_profile_needs_signing_in(client):
    response = client.post(reverse("community:edit_profile"), {"display_name": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_inactive_people_have_no_profile(client, customer):
    customer.is_active = False
    customer.save()
    assert client.get(customer.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_someone_who_never_verified_their_address_has_no_profile(client, mailoutbox):
    from community.models import User
    from tests.signup import sign_up

    sign_up(client, "unproven@example.com", name="Unproven")
    person = User.objects.get(email="unproven@example.com")
    assert client.get(person.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_person_without_a_display_name_is_not_named_after_their_address(client, make_person):
    person = make_person("jane.doe@example.com")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "jane.doe" not in page
    assert f"Member {person.pk}" in page


@pytest.mark.django_db
def test_invisible_control_characters_in_skills_are_refused(client_as, worker):
    response = client_as(worker).post(reverse("community:edit_profile"), {"skills": "re\x00turns"})
    assert response.status_code == 200
    assert response.context["form"].errors["skills"]
    assert not Skill.objects.exists()


@pytest.mark.django_db
def test_a_skill_exists_once_whatever_its_case():
    from django.db import IntegrityError, transaction

    Skill.objects.create(name="Returns")
    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name="RETURNS")


@pytest.mark.django_db
def test_handle_is_shown_and_can_be_changed(client_as, worker, make_person):
    make_person("taken@example.com", display_name="Taken", handle="taken")
    client = client_as(worker)
    assert f"@{worker.handle}" in client.get(worker.get_absolute_url()).content.decode()

    response = client.post(reverse("community:edit_profile"), {"display_name": "W", "handle": "TAKEN"})
    assert response.status_code == 200
    assert "already uses that handle" in str(response.context["form"].errors["handle"])

    response = client.post(reverse("community:edit_profile"), {"display_name": "W", "handle": "walt-w"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.handle == "walt-w"


@pytest.mark.django_db
def test_new_people_get_a_handle_from_their_name(make_person):
    first = make_person("a@example.com", display_name="Nina Patel")
    second = make_person("b@example.com", display_name="Nina Patel")
    assert (first.handle, second.handle) == ("nina-patel", "nina-patel-2")
