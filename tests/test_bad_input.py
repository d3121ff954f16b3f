"""No input answers with a server error. Whatever is typed into a form, put in
an address or its query, or sent by hand, the site answers with a page, a
redirect or a 4xx with its reason.

First the cases found one by one, each as a reader would meet it; then a sweep
that sends hostile values to every form field and every query parameter of the
site and of our admin views, as each role, and counts the answers."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.client import RedirectCycleError
from django.urls import reverse
from wagtail.models import Page

from community.forms import SignupDetailsForm
from community.models import Barrier, JourneyStage
from forum.models import ForumIndexPage, ForumPage, Thread
from practices import flows
from practices.models import Idea, IdeasBoardPage, PracticeLibraryPage, PracticePage
from tests.fixtures.library import TEXT
from tests.routes import every_pattern

HUGE = "99999999999999999999"
ROOT = Path(__file__).resolve().parent.parent


# --- A made-up `next` ---------------------------------------------------------------

@pytest.mark.parametrize("next_url", ["abc", "https://elsewhere.example/", "//elsewhere.example",
                                      "javascript:alert(1)", ""])
def test_a_vote_with_a_made_up_way_back_returns_to_the_idea(client_as, board, make_idea, customer,
                                                            next_url):
    idea = make_idea()
    response = client_as(customer).post(f"/ideas/{idea.pk}/vote/", {"next": next_url})
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert Idea.objects.get(pk=idea.pk).vote_count == 1


def test_a_vote_goes_back_to_the_board_it_was_cast_on(client_as, board, make_idea, customer):
    idea = make_idea()
    back = board.url + "?sort=new"
    response = client_as(customer).post(f"/ideas/{idea.pk}/vote/", {"next": back})
    assert response.status_code == 302 and response.url == back


def test_a_moderator_action_with_a_made_up_way_back_returns_to_the_thread(client_as, moderator,
                                                                          thread):
    response = client_as(moderator).post(f"/moderate/thread/{thread.pk}/lock/", {"next": "abc"})
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert Thread.objects.get(pk=thread.pk).is_locked


def test_marking_notifications_read_with_a_made_up_way_back_shows_the_list(client_as, customer):
    response = client_as(customer).post(reverse("notifications:mark_all_read"), {"next": "abc"})
    assert response.status_code == 302 and response.url == reverse("notifications:list")


# --- Ids that cannot be ids -----------------------------------------------------------

def _idea_fields(**changed):
    return {"title": "Say where refunds are", "problem": "Nobody knows", "proposal": "Tell them",
            "outcome": "They know", **changed}


@pytest.mark.parametrize("field", ["journey_stage", "barriers"])
@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_the_idea_form_refuses_a_stage_or_barrier_that_is_no_id(client_as, board, worker, field,
                                                                value):
    response = client_as(worker).post(board.url + "new/", _idea_fields(**{field: value}))
    page = response.content.decode()
    assert response.status_code in (200, 400) and not Idea.objects.exists()
    assert "Say where refunds are" in page and "Nobody knows" in page  # nothing typed is lost
    assert "not one of the available choices" in page or "is not a valid value" in page


def test_the_idea_form_still_takes_a_real_stage_and_barrier(client_as, board, worker):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    response = client_as(worker).post(board.url + "new/", _idea_fields(
        journey_stage=stage.pk, barriers=[barrier.pk]))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.journey_stage == stage and list(idea.barriers.all()) == [barrier]


@pytest.mark.parametrize("target", ["abc", HUGE, "-1", ""])
def test_merging_into_an_idea_that_is_no_id_is_a_form_error(client_as, ops, make_idea, target):
    duplicate, _other = make_idea("Refund tracking"), make_idea("Tell people about refunds")
    response = client_as(ops).post(reverse("ideas_backlog:merge", args=[duplicate.pk]),
                                   {"target": target})
    assert response.status_code == 200
    assert "Choose an idea that is still on the board." in response.content.decode() or (
        target == "" and "This field is required." in response.content.decode())
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None


@pytest.mark.parametrize("group", [HUGE, "abc"])
def test_the_people_admin_refuses_a_group_that_is_no_id(client_as, superuser, customer, group):
    groups = list(customer.groups.all())
    response = client_as(superuser).post(reverse("wagtailusers_users:edit", args=[customer.pk]), {
        "email": customer.email, "display_name": "Carla Renamed", "is_active": "on",
        "groups": [group]})
    assert response.status_code == 200 and "is not a valid value" in response.content.decode()
    customer.refresh_from_db()
    assert customer.display_name == "Carla" and list(customer.groups.all()) == groups


@pytest.mark.parametrize("chooser", ["practice_idea_chooser", "person_chooser"])
@pytest.mark.parametrize("pk", ["abc", HUGE, "-1", "1.5", "%00"])
def test_the_admin_choosers_answer_404_for_an_id_that_cannot_be(client_as, editor, chooser, pk):
    response = client_as(editor).get(reverse(f"{chooser}:chosen", args=[pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("chooser", ["practice_idea_chooser", "person_chooser"])
def test_the_admin_choosers_choose_several_leaving_out_ids_that_cannot_be(client_as, editor,
                                                                          make_idea, chooser):
    real = str(editor.pk if chooser == "person_chooser" else make_idea().pk)
    url = reverse(f"{chooser}:chosen_multiple")
    response = client_as(editor).get(url, {"id": ["abc", HUGE, real]})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["result"]] == [real]


# --- Text the database refuses ---------------------------------------------------------

@pytest.mark.parametrize("address", ["/search/", "/search/suggestions/",
                                     "/search/before-you-post/"])
def test_a_search_with_a_nul_in_it_is_searched_without_it(client, thread, address):
    response = client.get(address, {"q": "refund\x00", "title": "refund\x00", "kind": "thread\x00"})
    assert response.status_code == 200


# --- Titles and names on one line -------------------------------------------------------

BROKEN_TITLE = "Where is\r\nmy refund?\tBcc: everyone@example.com\x07"
ONE_LINE = "Where is my refund? Bcc: everyone@example.com"


def test_a_thread_title_with_line_breaks_is_saved_on_one_line(client_as, customer, forum):
    response = client_as(customer).post(forum.url + "new/", {
        "title": BROKEN_TITLE, "body": "I returned a kettle."})
    assert response.status_code == 302
    assert Thread.objects.get().title == ONE_LINE


def test_an_idea_title_with_line_breaks_is_saved_on_one_line(client_as, board, worker):
    response = client_as(worker).post(board.url + "new/", _idea_fields(title=BROKEN_TITLE))
    assert response.status_code == 302
    assert Idea.objects.get().title == ONE_LINE


def test_a_title_of_control_characters_alone_is_no_title(client_as, board, worker):
    response = client_as(worker).post(board.url + "new/", _idea_fields(title="\r\n\x07\t"))
    assert "Give the idea a title." in response.content.decode() and not Idea.objects.exists()


@pytest.mark.parametrize("page_type", [PracticePage, PracticeLibraryPage, IdeasBoardPage,
                                       ForumIndexPage, ForumPage])
def test_a_page_title_with_line_breaks_is_kept_to_one_line_by_the_editor_form(page_type):
    form_class = page_type.get_edit_handler().get_form_class()
    assert form_class.base_fields["title"].clean(BROKEN_TITLE) == ONE_LINE


@pytest.mark.parametrize("field, value", [("journey_stage", HUGE), ("barriers", [HUGE])])
def test_the_practice_editor_form_refuses_a_stage_or_barrier_that_is_no_id(db, field, value):
    form_class = PracticePage.get_edit_handler().get_form_class()
    with pytest.raises(ValidationError):
        form_class.base_fields[field].clean(value)


def test_a_name_with_line_breaks_is_saved_on_one_line(client_as, customer):
    response = client_as(customer).post(reverse("community:edit_profile"), {
        "display_name": "Carla\r\nBcc: everyone@example.com", "handle": "", "bio": ""})
    customer.refresh_from_db()
    assert response.status_code == 302
    assert customer.display_name == "Carla Bcc: everyone@example.com"


def test_a_name_given_at_sign_up_is_kept_to_one_line():
    form = SignupDetailsForm({"display_name": "Carla\n\x07Jones"})
    assert form.is_valid() and form.cleaned_data["display_name"] == "Carla Jones"


# --- Signed in without the admin -------------------------------------------------------

def test_a_customer_opening_the_admin_is_told_no_rather_than_sent_round_in_circles(
        client_as, customer):
    response = client_as(customer).get("/admin/ideas/backlog/", follow=True)
    assert response.status_code == 403
    assert "the admin is closed to you" in response.content.decode()


# --- The sweep ---------------------------------------------------------------------------
#
# Every address in the URLconf (and every page of the page tree, with its routes), as
# each role, asked with hostile values in every query parameter the code reads; then
# every form those pages show, posted with hostile values in each field in turn, the
# other fields as the page filled them. New addresses, parameters and forms join the
# sweep as they are added.

# Each form field gets each of these in turn; the last is one name given twice.
HOSTILE = [
    "abc", HUGE, "-1", "0", "", "x" * 5000, "a\x00b", "ünï©ødé ✓ 🙂\r\nBcc: \u202egnp.exe\x07",
    "https://elsewhere.example/", "//elsewhere.example/", ["1", "abc"],
]
# Query parameters get them all at once, so a shorter list and a shorter long one.
HOSTILE_IN_QUERY = [value for value in HOSTILE if value not in ("0", "x" * 5000)] + ["x" * 1000]
# Sent in place of a real id or slug in an address (an <int:> takes digits alone).
HOSTILE_INTS = [HUGE, "0"]
HOSTILE_IN_PATH = [HUGE, "abc", "x" * 300, "ünï©ødé", "a%00b"]
# In this order: each sweeps what no role before it could open. The superuser
# comes last, to open what is left and to try the hostile ids in addresses.
ROLES = ["anonymous", "customer", "worker", "moderator", "ops", "editor", "superuser"]
# The fewest requests the sweep may send: fewer means addresses or forms fell out.
FLOOR = 3000
OUR_APPS = ("community", "forum", "practices", "search")
# Query parameters Wagtail's listings and choosers read, besides those our code reads.
ADMIN_PARAMETERS = ["p", "q", "ordering", "export", "id", "multiple", "next", "locale"]


def read_parameters():
    """Every name our code reads from request.GET, found in the source, so a new
    parameter is swept as soon as it is read."""
    found = set()
    asked = re.compile(r"""GET\.(?:get|getlist)\(\s*["'](\w+)["']""")
    for app in OUR_APPS:
        for source in (ROOT / app).rglob("*.py"):
            found.update(asked.findall(source.read_text()))
    from practices.admin.backlog import IdeaFilterSet
    from search.documents import FACETS

    return sorted(found | set(FACETS) | set(IdeaFilterSet.base_filters) | set(ADMIN_PARAMETERS))


def _our_admin_prefixes():
    """Where the admin viewsets we define live: the ideas backlog, the choosers,
    the taxonomy snippets (journey stages: barriers are the same views again),
    and the people admin (Wagtail's users viewset with our forms,
    community/admin_users.py)."""
    from practices.admin.backlog import idea_viewset
    from practices.admin.practice_editor import idea_chooser, person_chooser

    viewsets = [idea_viewset, idea_chooser, person_chooser, JourneyStage.snippet_viewset]
    return tuple(f"admin/{viewset.url_prefix}/" for viewset in viewsets) + ("admin/users/",)


def _ours(route, pattern):
    if route.startswith(_our_admin_prefixes()):
        return True
    view = pattern.callback
    view = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
    return getattr(view, "__module__", "").split(".")[0] in OUR_APPS


def _with_ids(route, ids):
    """The route's address with each <converter:name> filled with a real id or
    slug (`ids`, by longest matching route prefix), and then the addresses with
    one of them hostile. Regular-expression routes are left out."""
    if "^" in route or "(?P" in route:
        return []
    parts = re.split(r"<(\w+):(\w+)>", route)
    if len(parts) == 1:
        return [("/" + route, True)]
    real = next((value for start, value in sorted(ids.items(), key=lambda kv: -len(kv[0]))
                 if parts[0].startswith(start)), "abc")
    fillers = [str(real)] * (len(parts) // 3)

    def address(fill):
        text = parts[0]
        for index, value in enumerate(fill):
            text += value + parts[index * 3 + 3]
        return "/" + text

    addresses = [(address(fillers), True)]
    for index, converter in enumerate(parts[1::3]):
        for hostile in HOSTILE_INTS if converter == "int" else HOSTILE_IN_PATH:
            addresses.append((address(fillers[:index] + [hostile] + fillers[index + 1:]), False))
    return addresses


def site_addresses(ids):
    """Every address of the site and of our admin views, and the live pages with
    their routes: (address, whether its ids are real)."""
    addresses = []
    for route, pattern in every_pattern():
        if route.startswith("admin/") and not _ours(route, pattern):
            continue
        addresses.extend(_with_ids(route, ids))
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.url
        addresses.append((url, True))
        for name in getattr(page, "get_subpage_urls", list)() or []:
            addresses.append((url.rstrip("/") + "/" + str(name.pattern), True))
        if page.specific_class._meta.app_label in ("practices", "forum"):
            addresses.append((f"/admin/pages/{page.pk}/edit/", True))
    for action in ("set_status", "assign_owner"):
        address = reverse("wagtail_bulk_action", args=("practices", "idea", action))
        addresses.append((f"{address}?id={ids['admin/ideas/backlog/']}", True))
    return list(dict.fromkeys(addresses))


class FormReader(HTMLParser):
    """The forms a page posts: their address and their fields as the page filled them."""

    def __init__(self, address):
        super().__init__()
        self.address, self.forms = address, []
        self.form = self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            action = attrs.get("action") or self.address
            self.form = {"action": action.replace("&amp;", "&"), "fields": {}}
            self.forms.append(self.form)
        if self.form is None or not attrs.get("name"):
            return
        name, fields = attrs["name"], self.form["fields"]
        if name == "csrfmiddlewaretoken":
            return  # the test client does not check it, so it is not worth sweeping
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                fields.setdefault(name, [] if attrs.get("type") == "checkbox" else "")
                if not fields[name] and attrs.get("type") == "radio":
                    fields[name] = attrs.get("value", "on")
                return
            value = attrs.get("value", "") or ("Plain words" if attrs.get("type") in (
                None, "text", "search") else "")
            if attrs.get("type") == "checkbox":
                fields.setdefault(name, [])
                fields[name] = (fields[name] or []) + [value or "on"]
            else:
                fields[name] = value
        elif tag == "textarea":
            self.textarea = name
            fields[name] = ""
        elif tag == "select":
            self.select = name
            fields.setdefault(name, "")
        elif tag == "option" and self.select and (not self.form["fields"][self.select]
                                                  or "selected" in attrs):
            self.form["fields"][self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.form is not None:
            name = self.textarea
            self.form["fields"][name] = self.form["fields"][name] or "Plain words, typed by hand."
            self.textarea = None
        elif tag == "select":
            self.select = None


# Forms never sent in the sweep: signing out would end the role's session, and
# Wagtail's page editor posts what its scripts build (blocks, rich text as JSON),
# which no page shows as form fields to fill; its fields of ours are tested above.
NOT_SENT = ("/accounts/logout/", "/admin/logout/", "/admin/pages/")
# Sent last, as they take away what the other forms act on.
TAKING_AWAY = ("delete", "suspend", "hide", "merge", "lock", "move", "retire", "unpublish")


def _forms(page, address):
    reader = FormReader(address)
    reader.feed(page)
    return [form for form in reader.forms if not form["action"].startswith(NOT_SENT)
            and not form["action"].startswith(("http://", "https://", "#"))]


class Sweep:
    """Sends requests as one client, and keeps each answer's status."""

    def __init__(self, client):
        self.client, self.sent, self.failures, self.loops = client, 0, [], []

    def send(self, method, address, data, what):
        # Rate limits would soon answer 429 before the flows ran: the sweep
        # wants the flows to see every value, so it starts each request afresh.
        caches["default"].clear()
        self.sent += 1
        if method == "GET":
            try:
                response = self.client.get(address, data, follow=True)
            except RedirectCycleError as loop:
                self.loops.append(f"GET {address[:120]} {what[:80]} -> {loop.last_response.url}")
                return loop.last_response
        else:
            response = self.client.post(address, data)
        if response.status_code >= 500:
            self.failures.append(f"{method} {address[:120]} {what[:160]} -> {response.status_code}")
        return response


@pytest.fixture
def a_site(board, library, make_idea, thread, customer, worker, moderator, ops, editor,
           superuser):
    """A small site with one of everything: a forum with a thread, its reply
    flagged, an idea with a comment and a vote, a practice in the library, a
    notification waiting."""
    from community.notifications import service
    from forum import flows as forum_flows, moderation

    reply = forum_flows.post_reply(thread=thread, author=worker, body="Mine came in a week.")
    moderation.flag_post(post=reply, reporter=customer, reason="spam")
    idea = make_idea("Tell people where their refund is")
    make_idea("Refund tracking")
    comment = flows.add_comment(idea, customer, "Yes please.")
    flows.toggle_vote(idea, customer)
    practice = PracticePage(title="Call back the same day", live=False, **TEXT)
    library.add_child(instance=practice)
    practice.save_revision().publish()
    service.notify([customer], "forum.reply", target=reply, title="A reply")
    notification = customer.notifications.first()
    stage = JourneyStage.objects.first()
    return {
        "t/": thread.pk, "thread/": thread.pk, "p/": reply.pk, "moderate/post/": reply.pk,
        "moderate/thread/": thread.pk, "moderate/person/": customer.pk, "people/": customer.pk,
        "ideas/comments/": comment.pk, "ideas/promote/": thread.pk, "ideas/cite/": thread.pk,
        "ideas/": idea.pk, "notifications/": notification.pk if notification else 1,
        "notifications/unsubscribe/": "made-up-token", "topics/stage/": stage.slug,
        "topics/barrier/": Barrier.objects.first().slug, "admin/ideas/backlog/": idea.pk,
        "admin/person_chooser/": customer.pk, "admin/practice_idea_chooser/": idea.pk,
        "admin/users/": customer.pk, "admin/snippets/community/journeystage/": stage.pk,
    }


def _reach(sweep, addresses):
    """The plain pages `sweep`'s role opens (address -> answer) and the forms on them."""
    opened, forms = {}, {}
    for address in addresses:
        page = sweep.send("GET", address, {}, "as it is")
        if page.status_code == 200:
            # Where it led (an idea's canonical address, say); a role sent to sign
            # in has not opened the page.
            landed = page.request["PATH_INFO"]
            if landed != reverse("account_login") or address == landed:
                opened[landed] = page
            if "html" in page.get("Content-Type", ""):
                for form in _forms(page.content.decode(), address):
                    forms.setdefault((form["action"], tuple(sorted(form["fields"]))), form)
    return opened, forms


def test_no_hostile_value_anywhere_gets_a_server_error(a_site, request, capsys):
    """Each role, in turn, opens every address; what it is the first to open it
    sweeps: hostile ids in the address, hostile values in every query parameter,
    and in every field of the forms it is the first to see."""
    parameters = read_parameters()
    addresses = site_addresses(a_site)
    real = [address for address, is_real in addresses if is_real]
    swept, seen_forms, sweeps = set(), set(), {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        sweep = sweeps[role] = Sweep(client)
        opened, forms = _reach(sweep, real)
        for address in opened.keys() - swept:
            # Every parameter at once; a redirect (an old page link, a sign-in) is
            # followed, so the parameters it keeps are read where it leads.
            for value in HOSTILE_IN_QUERY:
                sweep.send("GET", address, {name: value for name in parameters},
                           f"all={value!r}")
        swept |= opened.keys()
        if role == "superuser":
            # Hostile ids in the addresses, once, as the one who may open them all.
            for address, is_real in addresses:
                if not is_real:
                    sweep.send("GET", address, {}, "")

        mine = [form for key, form in forms.items() if key not in seen_forms]
        seen_forms |= forms.keys()
        # Those that take away what other forms act on go last.
        for form in sorted(mine, key=lambda form: any(word in form["action"]
                                                      for word in TAKING_AWAY)):
            for name in form["fields"]:
                for value in HOSTILE:
                    sweep.send("POST", form["action"], {**form["fields"], name: value},
                               f"{name}={value!r}")

    sent = sum(sweep.sent for sweep in sweeps.values())
    failures = [f"as {role}: {failure}" for role, sweep in sweeps.items()
                for failure in sweep.failures]
    loops = [f"as {role}: {loop}" for role, sweep in sweeps.items() for loop in sweep.loops]
    with capsys.disabled():
        print(f"\nbad input: {sent} requests tried, {len(failures)} answered 5xx, "
              f"{len(seen_forms)} forms; by role: " + ", ".join(
                  f"{role} {sweep.sent}" for role, sweep in sweeps.items()))
        if loops:
            print(f"{len(loops)} redirected in a loop:", *loops, sep="\n  ")
    assert not failures, f"{len(failures)} of {sent} requests answered 5xx:\n" + "\n".join(
        failures[:40])
    assert sent >= FLOOR, f"only {sent} requests were tried: addresses or forms fell out"
