"""The demo ideas board: a thread Wren turned into an idea, an idea of Wren's
own, and the votes of demo customers. Runs after the forum's demo (app order),
whose people and threads it uses; every step looks before it writes."""

from community.models import HomePage, User
from forum.demo import CASEY, ORLA, PRIYA, TOM, WREN
from forum.models import Thread

from . import flows
from .models import Idea, IdeasBoardPage

BOARD_INTRO = (
    "<p>Improvement ideas from frontline staff, many born in the forums. Vote for the "
    "ones you want; operations review the most wanted first.</p>"
)

PROMOTED = "Text me when a click-and-collect order is ready"
OWN = {
    "title": "Let store staff issue refunds at the till",
    "problem": "Customers returning an item wait for a supervisor, sometimes 20 minutes.",
    "proposal": "Allow trained till staff to refund up to a set amount without sign-off.",
    "outcome": "Returns take two minutes, and nobody is sent to wait by customer service.",
}


def seed(stdout):
    people = {user.email: user for user in User.objects.filter(
        email__in=[CASEY, ORLA, PRIYA, TOM, WREN])}
    if WREN not in people:
        return
    _board(stdout)
    thread = Thread.objects.filter(title=PROMOTED).first()
    if thread and not Idea.objects.filter(title=PROMOTED).exists():
        idea = flows.promote_thread(
            thread, people[WREN],
            proposal="Send a text the moment an order is packed and waiting.",
            outcome="Customers come once, when the order is ready.",
        )
        _votes(idea, people, [CASEY, PRIYA, TOM])
        stdout.write(f"  idea “{idea.title}”")
    if not Idea.objects.filter(title=OWN["title"]).exists():
        idea = flows.submit_idea(people[WREN], **OWN)
        _votes(idea, people, [CASEY, ORLA])
        stdout.write(f"  idea “{idea.title}”")


def _board(stdout):
    if not IdeasBoardPage.objects.exists():
        board = IdeasBoardPage(title="Ideas", slug="ideas", intro=BOARD_INTRO)
        HomePage.objects.first().add_child(instance=board)
        stdout.write("  ideas board created")


def _votes(idea, people, emails):
    for email in emails:
        if email in people:
            flows.toggle_vote(idea, people[email])
