"""The demo ideas board: about twenty ideas from everyday customer service, at
every stage of triage, some born in the demo forums, one merged into the idea
it repeats; then the practice library (seed_library), some of its practices born
from the ideas that are done. Runs after the forum's demo (app order), whose
people and threads it uses. Votes are written as rows and counted with
flows.recount_idea, because the vote rate limit is for people, not for seeding;
status changes, responses and the merge go through the flows, so the timeline and
audit log read as the real thing. Every step looks before it writes, so running
it again changes nothing."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from community import roles
from community.models import Barrier, HomePage, JourneyStage, User
from forum.demo import CASEY, GRACE, ORLA, PRIYA, TOM, WREN
from forum.models import Thread

from . import flows
from .flows import ratings
from .models import (
    Evidence, Idea, IdeasBoardPage, PracticeContributor, PracticeLibraryPage, PracticePage,
    PracticeRating, StatusChange, Vote,
)

BOARD_INTRO = (
    "<p>Improvement ideas from frontline staff, many born in the forums. Vote for the "
    "ones you want; operations review the most wanted first.</p>"
)

# Voters who only ever appear in the demo; they cannot sign in.
DEMO_VOTERS = [
    ("sam@example.com", "Sam Rivers", roles.CUSTOMER),
    ("noor@example.com", "Noor Haddad", roles.CUSTOMER),
    ("ben@example.com", "Ben Fletcher", roles.CUSTOMER),
    ("ines@example.com", "Inès Moreau", roles.CUSTOMER),
    ("kai@example.com", "Kai Mensah", roles.WORKER),
    ("lena@example.com", "Lena Novak", roles.WORKER),
]
SAM, NOOR, BEN, INES, KAI, LENA = (email for email, _name, _role in DEMO_VOTERS)

NEW, REVIEW, PLANNED, BUILDING, DONE, DECLINED = (
    Idea.Status.NEW, Idea.Status.UNDER_REVIEW, Idea.Status.PLANNED, Idea.Status.IN_PROGRESS,
    Idea.Status.DONE, Idea.Status.DECLINED,
)


@dataclass
class DemoIdea:
    title: str
    author: str
    days_ago: float
    problem: str = ""
    proposal: str = ""
    outcome: str = ""
    stage: str = ""
    barriers: tuple = ()
    tags: tuple = ()
    voters: tuple = ()
    # (status, days after submission, official response), in order.
    steps: list = field(default_factory=list)
    owner: str = ""
    priority: tuple = ()  # (impact 1-5, confidence %, effort 1-5)
    thread: str = ""  # a demo forum thread the idea is promoted from
    merge_into: str = ""  # title of the idea this one repeats


IDEAS = [
    DemoIdea(
        "Text me when a click-and-collect order is ready", WREN, 7,
        proposal="Send a text the moment an order is packed and waiting.",
        outcome="Customers come once, when the order is ready.",
        thread="Text me when a click-and-collect order is ready",
        voters=(CASEY, PRIYA, TOM, SAM, NOOR, KAI),
        steps=[(REVIEW, 1, ""), (PLANNED, 3,
                "The order system already knows when a parcel is packed; we are adding the "
                "text to the next release of the collection app.")],
        owner=ORLA, priority=(4, 80, 2),
    ),
    DemoIdea(
        "Let store staff issue refunds at the till", WREN, 40,
        problem="Customers returning an item wait for a supervisor, sometimes 20 minutes.",
        proposal="Allow trained till staff to refund up to a set amount without sign-off.",
        outcome="Returns take two minutes, and nobody is sent to wait by customer service.",
        stage="get-help", barriers=("policy-before-people", "slow-response"),
        tags=("refunds", "returns"), voters=(CASEY, ORLA, PRIYA, BEN, LENA, KAI),
        steps=[(REVIEW, 2, ""), (PLANNED, 9, ""), (BUILDING, 20,
                "Till staff in three pilot stores can now refund up to £50 after a short "
                "training session. If the pilot holds, every store follows.")],
        owner=ORLA, priority=(5, 70, 3),
    ),
    DemoIdea(
        "Open at 7am on weekdays for shift workers", WREN, 4,
        proposal="Open the city-centre branch at 7am Monday to Friday, starting with a trial.",
        outcome="People on early shifts can shop before work instead of rushing at lunch.",
        thread="Open at 7am on weekdays for shift workers",
        voters=(TOM, GRACE, SAM, NOOR, INES, LENA),
        steps=[(REVIEW, 1, "We are counting how many people pass the door between 7 and 9 "
                "before we decide on a trial.")],
        owner=ORLA, priority=(3, 50, 4),
    ),
    DemoIdea(
        "A callback instead of hold music", WREN, 3,
        proposal="When the queue is longer than five minutes, offer to call the customer "
                 "back in their place instead of keeping them on hold.",
        outcome="Nobody listens to the same song for forty minutes; they get on with their day.",
        thread="I waited 40 minutes on the phone line this morning",
        barriers=("slow-response", "staff-convenience"),
        voters=(GRACE, CASEY, BEN, INES, NOOR, KAI, LENA),
    ),
    DemoIdea(
        "Call me back rather than keep me waiting on the line", KAI, 2,
        problem="I rang about a missing delivery and was on hold so long my phone died.",
        proposal="Let customers leave a number and be called back when it is their turn.",
        outcome="Customers can put the phone down and still keep their place.",
        stage="get-help", barriers=("slow-response",), voters=(SAM, GRACE, TOM),
        merge_into="A callback instead of hold music",
    ),
    DemoIdea(
        "Let self-checkouts trust my own bag", LENA, 9,
        proposal="Allow a customer's own bag to be weighed once at the start, so the machine "
                 "stops calling staff for every item placed in it.",
        outcome="Self-checkout is quick again, and staff are free to help where it matters.",
        thread="Self-checkout asks for staff approval for every bagged item",
        barriers=("over-reliance-on-technology", "rigid-systems"),
        voters=(CASEY, TOM, PRIYA, KAI),
        steps=[(REVIEW, 2, "")],
        priority=(3, 60, 2),
    ),
    DemoIdea(
        "A quiet hour for customers with sensory needs", WREN, 60,
        problem="Bright lights, music and announcements make a weekly shop overwhelming for "
                "some autistic customers and their families.",
        proposal="One hour a week with dimmed lights, no music and no tannoy announcements.",
        outcome="Everyone can shop calmly, and families know there is a time that suits them.",
        stage="use", barriers=("staff-convenience",), tags=("accessibility",),
        voters=(CASEY, PRIYA, GRACE, SAM, NOOR, INES, BEN, KAI, LENA),
        steps=[(REVIEW, 1, ""), (PLANNED, 5, ""), (BUILDING, 12, ""), (DONE, 30,
                "Every branch now has a quiet hour on Tuesdays from 9 to 10am. Thank you to "
                "everyone who told us what makes a shop hard work.")],
        owner=ORLA, priority=(4, 90, 1),
    ),
    DemoIdea(
        "Receipts by e-mail", KAI, 50,
        problem="Paper receipts fade and get lost, and then a return becomes an argument.",
        proposal="Offer to e-mail the receipt at the till, linked to the card or loyalty account.",
        outcome="Customers always have proof of purchase, and returns are simple.",
        stage="buy", barriers=("rigid-systems",), tags=("receipts", "returns"),
        voters=(PRIYA, TOM, SAM, BEN, WREN),
        steps=[(REVIEW, 4, ""), (PLANNED, 14, ""), (DONE, 45,
                "Tills now offer an e-mailed receipt; say yes at the card machine.")],
        owner=ORLA, priority=(3, 80, 2),
    ),
    DemoIdea(
        "Spare phone chargers at the help desk", WREN, 20,
        problem="Customers whose phone dies cannot show their ticket, booking or collection code.",
        proposal="Keep a few charging cables for common phones at the help desk.",
        outcome="A flat battery no longer means a wasted trip.",
        stage="get-help", barriers=("missing-resources",),
        voters=(GRACE, NOOR, INES, LENA),
        steps=[(DONE, 6, "Every help desk now has chargers for the common phones. Just ask.")],
        owner=ORLA, priority=(2, 90, 1),
    ),
    DemoIdea(
        "One person owns my complaint from start to finish", LENA, 35,
        problem="Every time I call about the same problem I explain it again to someone new.",
        proposal="The first person who takes a complaint keeps it, with their name and a "
                 "direct way to reach them, until it is solved.",
        outcome="Customers tell their story once and know who is looking after them.",
        stage="get-help", barriers=("not-my-job", "no-problem-solving"),
        voters=(CASEY, TOM, GRACE, SAM, BEN, WREN, KAI),
        steps=[(REVIEW, 3, ""), (PLANNED, 15,
                "We will start with the phone team: each complaint gets a named owner from "
                "next quarter.")],
        owner=ORLA, priority=(5, 60, 4),
    ),
    DemoIdea(
        "Say how long the phone queue is before I wait", KAI, 14,
        problem="You cannot tell whether to wait two minutes or forty.",
        proposal="Announce the expected wait when the call is answered, and show it on the "
                 "contact page.",
        outcome="Customers choose whether to hold, call later or use the chat.",
        stage="get-help", barriers=("slow-response",), voters=(GRACE, INES, TOM),
        steps=[(REVIEW, 5, "")],
    ),
    DemoIdea(
        "A seat near the returns desk", WREN, 11,
        problem="Older customers stand in the returns queue for a long time on busy days.",
        proposal="Put two chairs by the returns desk and call people up from them.",
        outcome="Nobody has to stand to wait for a refund.",
        stage="get-help", barriers=("missing-resources",), tags=("accessibility",),
        voters=(PRIYA, NOOR, BEN, LENA),
    ),
    DemoIdea(
        "Let me change a delivery slot without cancelling the order", LENA, 25,
        problem="To move a delivery by a day I have to cancel everything and order again, "
                "and the offers are gone by then.",
        proposal="Let customers pick a new slot from the order page until the van is loaded.",
        outcome="Plans change; the order does not have to.",
        stage="buy", barriers=("rigid-systems",), tags=("delivery",),
        voters=(CASEY, SAM, INES, BEN, KAI),
        steps=[(REVIEW, 2, ""), (PLANNED, 10, ""), (BUILDING, 18, "")],
        owner=ORLA, priority=(4, 70, 3),
    ),
    DemoIdea(
        "Welcome call in the first week for new account holders", KAI, 30,
        problem="New customers do not know what their account includes until something goes "
                "wrong.",
        proposal="A short call or message in the first week: what you have, who to ask.",
        outcome="New customers start with a name and a number, not a search engine.",
        stage="onboard", barriers=("not-my-job",), voters=(NOOR, TOM),
        steps=[(REVIEW, 6, ""), (DECLINED, 20,
                "Most new customers told us they would rather not be called. We are adding a "
                "clear welcome e-mail instead, with the help desk's direct number.")],
        owner=ORLA, priority=(2, 40, 4),
    ),
    DemoIdea(
        "Cancel a membership in the same place I joined", WREN, 28,
        problem="Joining takes a minute online; leaving needs a phone call during office hours.",
        proposal="Offer cancellation online, with one honest question about why.",
        outcome="Leaving is as easy as joining, and people come back when they need us again.",
        stage="renew-or-leave", barriers=("policy-before-people", "staff-convenience"),
        voters=(CASEY, GRACE, SAM, BEN, INES, LENA),
        steps=[(REVIEW, 2, ""), (PLANNED, 8, "")],
        owner=ORLA, priority=(4, 80, 2),
    ),
    DemoIdea(
        "Remind me before my membership renews", KAI, 18,
        problem="The renewal fee arrives on my statement as a surprise every year.",
        proposal="Send a reminder two weeks before renewal, with what it costs and how to stop it.",
        outcome="No surprises on the bank statement.",
        stage="renew-or-leave", barriers=("staff-convenience",), voters=(PRIYA, TOM, NOOR),
    ),
    DemoIdea(
        "Show real stock levels for my local store", LENA, 16,
        problem="The website said in stock; I took two buses and the shelf was empty.",
        proposal="Show stock for the chosen store, and say when it was last counted.",
        outcome="Customers only make the trip when the item is really there.",
        stage="discover", barriers=("over-reliance-on-technology",), tags=("stock",),
        voters=(GRACE, SAM, WREN),
        steps=[(REVIEW, 7, "")],
    ),
    DemoIdea(
        "Large-print price labels on the bottom shelf", WREN, 6,
        problem="The lowest shelf labels are tiny and face the floor; many people cannot "
                "read them.",
        proposal="Use larger labels on the bottom shelf, angled up.",
        outcome="Everyone can see what things cost without asking.",
        stage="buy", barriers=("missing-resources",), tags=("accessibility",),
        voters=(INES, BEN),
    ),
    DemoIdea(
        "Let staff replace a faulty item on the spot", KAI, 45,
        problem="A customer with a broken toaster bought last week is told to post it to the "
                "manufacturer.",
        proposal="Let desk staff swap a faulty item bought in the last 30 days, no forms.",
        outcome="Customers leave with a working product the same day.",
        stage="use", barriers=("not-my-job", "policy-before-people"),
        voters=(CASEY, PRIYA, TOM, SAM, NOOR, WREN, LENA),
        steps=[(REVIEW, 3, ""), (PLANNED, 10, ""), (BUILDING, 21, ""), (DONE, 38,
                "Desk staff can now swap faulty items bought in the last 30 days.")],
        owner=ORLA, priority=(4, 90, 2),
    ),
    DemoIdea(
        "Chat with a person, not only the bot", LENA, 1,
        problem="The chat bot answers the question I did not ask and never hands me on.",
        proposal="Offer a person after two answers that did not help, with the chat so far.",
        outcome="Customers reach someone who can help without starting again.",
        stage="get-help", barriers=("over-reliance-on-technology",),
        voters=(GRACE, CASEY),
    ),
    DemoIdea(
        "Loyalty points for staff who help outside their department", KAI, 22,
        proposal="Reward staff with points whenever they help a customer outside their own "
                 "department.",
        problem="Customers are told to find someone from another department.",
        outcome="Staff feel free to help whoever asks.",
        stage="use", barriers=("not-my-job",), voters=(WREN,),
        steps=[(REVIEW, 5, ""), (DECLINED, 12,
                "Helping across departments should be the job, not a bonus. We are changing "
                "the job descriptions and the training instead.")],
        owner=ORLA,
    ),
]


def seed(stdout):
    _people(stdout)
    emails = {CASEY, WREN, ORLA, PRIYA, TOM, GRACE, *(email for email, *_rest in DEMO_VOTERS)}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    if WREN not in people or ORLA not in people:
        return
    _board(stdout)
    stages = {stage.slug: stage for stage in JourneyStage.objects.all()}
    barriers = {barrier.slug: barrier for barrier in Barrier.objects.all()}
    for spec in IDEAS:
        if not Idea.objects.filter(title=spec.title).exists():
            idea = _idea(spec, people, stages, barriers)
            if idea is not None:
                stdout.write(f"  idea “{idea.title}”")
    seed_library(stdout, people, stages, barriers)


def _people(stdout):
    for email, name, role in DEMO_VOTERS:
        if not User.objects.filter(email=email).exists():
            user = User.objects.create_user(email, None, display_name=name)
            roles.grant_role(user, roles.CUSTOMER)
            if role != roles.CUSTOMER:
                roles.grant_role(user, role)
            stdout.write(f"  created {email}")


def _board(stdout):
    if not IdeasBoardPage.objects.exists():
        board = IdeasBoardPage(title="Ideas", slug="ideas", intro=BOARD_INTRO)
        HomePage.objects.first().add_child(instance=board)
        stdout.write("  ideas board created")


def _idea(spec, people, stages, barriers):
    author = people[spec.author]
    fields = {
        "journey_stage": stages.get(spec.stage),
        "barriers": [barriers[slug] for slug in spec.barriers if slug in barriers],
        "tags": list(spec.tags),
        **{name: getattr(spec, name) for name in ("problem", "proposal", "outcome")
           if getattr(spec, name)},
    }
    if spec.thread:
        thread = Thread.objects.filter(title=spec.thread).first()
        if thread is None:
            return None
        if not spec.stage:
            fields.pop("journey_stage")
        if not spec.tags:
            fields.pop("tags")
        idea = flows.promote_thread(thread, author, title=spec.title, **fields)
    else:
        idea = flows.submit_idea(author, spec.title, **fields)
    submitted = timezone.now() - timedelta(days=spec.days_ago)
    Idea.objects.filter(pk=idea.pk).update(created_at=submitted, updated_at=submitted)
    Evidence.objects.filter(idea=idea).update(created_at=submitted)
    idea.created_at = idea.updated_at = submitted
    _votes(idea, people, spec.voters)
    flows.recount_idea(idea)
    _triage(idea, spec, people)
    if spec.merge_into:
        target = Idea.objects.filter(title=spec.merge_into, merged_into__isnull=True).first()
        if target is not None:
            flows.merge_ideas(idea, target, people[ORLA],
                              "Same idea as this one; your votes have moved there.")
    return idea


def _votes(idea, people, emails):
    voters = [people[email] for email in emails if email in people]
    Vote.objects.bulk_create([
        Vote(idea=idea, user=voter, voter_role=flows.voter_role(voter),
             created_at=idea.created_at + timedelta(hours=6 * (n + 1)))
        for n, voter in enumerate(voters)
    ], ignore_conflicts=True)


def _triage(idea, spec, people):
    """Each step through flows.change_status, then dated back to when it would
    have happened, so the timeline and the response-time report read true."""
    for status, days_after, response in spec.steps:
        change = flows.change_status(idea, status, people[ORLA], response)
        when = idea.created_at + timedelta(days=days_after)
        StatusChange.objects.filter(pk=change.pk).update(created_at=when)
        Idea.objects.filter(pk=idea.pk).update(updated_at=when)
    inputs = dict(zip(("impact", "confidence", "effort"), spec.priority))
    if spec.owner:
        inputs["owner"] = people[spec.owner]
    if inputs:
        Idea.objects.filter(pk=idea.pk).update(**inputs)


# --- The practice library -----------------------------------------------------------
# Practices from everyday service, some born from the demo ideas that are done, each
# credited to the demo workers who made it work. Pages are published through a
# revision, as an editor's would be; ratings are written as rows and counted with
# ratings.recount_helpful, as votes are above.

LIBRARY_INTRO = (
    "<p>How frontline staff solve things for customers, written down so anyone can do "
    "it tomorrow. Many practices started as an idea on the board.</p>"
)


@dataclass
class DemoPractice:
    title: str
    days_ago: float
    summary: str
    situation: str
    what_we_do: str
    outcome: str
    body: list = field(default_factory=list)  # StreamField blocks as (type, value)
    stage: str = ""
    barriers: tuple = ()
    tags: tuple = ()
    contributors: tuple = ()  # (email, what they brought)
    owner: str = ORLA
    review_in_days: int = 180
    idea: str = ""  # title of the demo idea it was born from
    helpful: tuple = ()
    replaced_by: str = ""  # title of the practice that retired this one


def _story(quote, who):
    return ("story", {"quote": quote, "attribution": who})


PRACTICES = [
    DemoPractice(
        "Fix it the same evening", 40,
        summary="A fault a guest reports in their room is fixed that evening, or the guest "
                "is moved before they unpack, never logged for the morning shift.",
        situation="<p>A guest comes back at half past seven to find the shower will not run "
                  "hot. Maintenance starts at eight in the morning, so the fault is logged and "
                  "the guest spends the night in a room they paid for and cannot use.</p>",
        what_we_do="<p>Whoever takes the report owns it until the guest says it is fixed. "
                   "Reception calls the on-call technician straight away, or offers an "
                   "equivalent room, and goes back within the hour to check.</p>",
        outcome="<p>The guest who reported a cold shower at half past seven had a hot one by "
                "quarter past eight. Complaints about faults in rooms halved in three months.</p>",
        body=[
            _story("I expected a form and an apology. At eight o'clock someone knocked with a "
                   "new shower head and a pot of tea.", "A guest, room 214"),
            ("steps", ["Take the report yourself; do not pass the guest on.",
                       "Call the on-call technician, or offer an equivalent room now.",
                       "Go back within the hour and ask whether it is fixed.",
                       "Log what happened for the morning shift once the guest is sorted."]),
        ],
        stage="use", barriers=("slow-response", "not-my-job"), tags=("hotels", "maintenance"),
        contributors=((WREN, "fixed the first shower herself, at 8 pm"), (KAI, "")),
        helpful=(CASEY, PRIYA, TOM),
    ),
    DemoPractice(
        "Run it out to the car park", 34,
        summary="When a customer leaves something at the till, the cashier takes it after "
                "them; the queue waits two minutes and a colleague covers.",
        situation="<p>A customer packs in a hurry and leaves a bag of shopping at the till. "
                  "The rule was that a cashier never leaves the till, so the bag went to lost "
                  "property and the customer found out at home.</p>",
        what_we_do="<p>The cashier tells the queue what is happening, calls for cover and "
                   "runs the item out, to the car park or the bus stop. Nobody is told off "
                   "for an empty till while a customer is being helped.</p>",
        outcome="<p>Customers get their shopping back before they drive off, and the people "
                "in the queue, who watched it happen, tell their friends.</p>",
        body=[_story("She ran across the car park with my bag of oranges. I had no idea I'd "
                     "left it.", "A customer, Saturday morning")],
        stage="buy", barriers=("not-my-job", "policy-before-people"), tags=("tills",),
        contributors=((LENA, "asked for the rule to change"),),
        helpful=(GRACE,),
    ),
    DemoPractice(
        "Check in when nothing is wrong", 28,
        summary="A short call or message a few weeks after a purchase, when the customer has "
                "no complaint, to ask how it is going.",
        situation="<p>Customers only ever hear from us when we want something: a renewal, a "
                  "payment, a survey. Small problems go unmentioned until they become big "
                  "ones, and then the first contact is a complaint.</p>",
        what_we_do="<p>Three weeks after a purchase or installation, the person who sold it "
                   "calls or writes: is it working, is anything confusing, who to ask. No "
                   "selling, no survey.</p>",
        outcome="<p>Customers mention small problems while they are still small, and many "
                "say it was the first time a company called them just to ask.</p>",
        body=[("steps", ["Wait about three weeks: long enough to have used it.",
                         "Ask one open question: how is it going?",
                         "Fix small things on the call, or give a direct number.",
                         "Do not sell anything on this call."])],
        stage="use", barriers=("staff-convenience",), tags=("proactive contact",),
        contributors=((KAI, ""),),
    ),
    DemoPractice(
        "Results as soon as they are ready, weekends too", 21,
        summary="Lab results are e-mailed the moment they are signed off, with a plain-language "
                "note, even on a Saturday, instead of waiting for Monday's post.",
        situation="<p>A patient's blood test is signed off on Friday evening. The letter goes "
                  "out on Monday and arrives on Wednesday: five days of worry about results "
                  "that were ready all along.</p>",
        what_we_do="<p>Signed-off results go out by e-mail straight away, with a short note "
                   "saying what they mean and a number that answers at the weekend for "
                   "anything that needs talking through.</p>",
        outcome="<p>Patients know within hours, not days, and calls asking whether results "
                "have come back dropped by two thirds.</p>",
        body=[_story("I got the e-mail on Saturday morning. All clear. I had been dreading "
                     "the whole weekend.", "A patient")],
        stage="get-help", barriers=("staff-convenience", "slow-response"), tags=("health",),
        contributors=((LENA, "set up the weekend rota"),),
        helpful=(NOOR, SAM),
    ),
    DemoPractice(
        "Answer the phone at the customer's pace", 18,
        summary="No call-length target: the customer sets the pace, and the call ends when "
                "their question is answered.",
        situation="<p>An older caller speaks slowly and needs things said twice. The agent, "
                  "measured on call length, hurries them, and the customer rings back the "
                  "next day, confused and upset.</p>",
        what_we_do="<p>Call length is no longer measured per person. Agents let the customer "
                   "talk, repeat back what they heard, and read the next steps slowly before "
                   "the call ends.</p>",
        outcome="<p>Fewer repeat calls, shorter in total than the rushed ones they replaced, "
                "and customers who say they felt listened to.</p>",
        body=[("steps", ["Let the customer finish before you answer.",
                         "Say back what you heard, in their words.",
                         "Read out the next steps, and check they have a pen."])],
        stage="get-help", barriers=("policy-before-people", "over-reliance-on-technology"),
        tags=("phone",),
        contributors=((KAI, ""), (LENA, "")),
        helpful=(GRACE, INES),
    ),
    DemoPractice(
        "Money back without the wait", 12,
        summary="Trained till staff refund a return on the spot, with no supervisor to wait "
                "for: the money goes back to the card before the customer leaves.",
        situation="<p>A customer brings back a kettle that does not work. The refund needs a "
                  "supervisor's key, the supervisor is on the shop floor, and the customer "
                  "waits twenty minutes for a two-minute job.</p>",
        what_we_do="<p>Till staff who have done the short refunds training refund returns up "
                   "to £50 themselves, with a receipt or an e-mailed receipt. Anything above "
                   "that still goes to a supervisor, who is called before the customer is "
                   "asked to wait.</p>",
        outcome="<p>A refund takes two minutes at the till, and nobody queues at customer "
                "service to get their money back.</p>",
        body=[
            _story("I was in and out in three minutes, money back on my card. I had booked "
                   "half an hour for it.", "A customer returning a kettle"),
            ("steps", ["Check the item and the receipt, paper or e-mailed.",
                       "Refund to the card it was paid with.",
                       "Tell the customer when the bank will show it: 3 to 5 working days."]),
        ],
        stage="get-help", barriers=("policy-before-people", "slow-response"),
        tags=("refunds", "returns"),
        contributors=((WREN, "ran the pilot on the city-centre tills"),),
        helpful=(CASEY, TOM, BEN),
    ),
    DemoPractice(
        "Swap a faulty item on the spot", 8,
        summary="Desk staff swap a faulty item bought in the last 30 days, with no forms and "
                "no posting it to the manufacturer.",
        situation="<p>A customer brings back a toaster bought last week that stopped working. "
                  "They are told to post it to the manufacturer and wait for a replacement.</p>",
        what_we_do="<p>Desk staff check the purchase date, take the faulty item and hand over "
                   "a new one from the shelf. The return to the manufacturer is our job, done "
                   "later, out of the customer's sight.</p>",
        outcome="<p>Customers leave with a working product the same day.</p>",
        stage="use", barriers=("not-my-job", "policy-before-people"), tags=("returns",),
        contributors=((KAI, "proposed it on the ideas board"), (LENA, "")),
        idea="Let staff replace a faulty item on the spot",
        helpful=(PRIYA,),
    ),
    DemoPractice(
        "A quiet hour every week", 25,
        summary="One hour every Tuesday morning with dimmed lights, no music and no "
                "announcements, for customers who find a busy shop overwhelming.",
        situation="<p>Bright lights, music and announcements make a weekly shop exhausting "
                  "for some autistic customers and their families, so they shop late at night "
                  "or not at all.</p>",
        what_we_do="<p>From 9 to 10 on Tuesdays the lights are dimmed, the music is off and "
                   "there are no tannoy announcements. Staff keep the aisles clear and check "
                   "in quietly with anyone who looks stuck.</p>",
        outcome="<p>Families plan their shop around the quiet hour, and other customers say "
                "they like it too.</p>",
        stage="use", barriers=("staff-convenience",), tags=("accessibility",),
        contributors=((WREN, "asked the families what would help"),),
        idea="A quiet hour for customers with sensory needs",
        helpful=(NOOR, INES),
    ),
    DemoPractice(
        "Chargers at every help desk", 30,
        summary="Every help desk keeps charging cables for the common phones, so a flat "
                "battery never means a wasted trip.",
        situation="<p>A customer's phone dies in the queue, and with it the ticket, the "
                  "booking reference and the collection code.</p>",
        what_we_do="<p>Each help desk has cables for the common phones and a plug to lend. "
                   "Staff offer it as soon as they see the problem, and help look up the "
                   "booking while the phone charges.</p>",
        outcome="<p>Nobody goes home without what they came for because of a flat battery.</p>",
        stage="get-help", barriers=("missing-resources",),
        contributors=((WREN, ""),),
        idea="Spare phone chargers at the help desk",
    ),
    DemoPractice(
        "A supervisor within ten minutes for every refund", 120,
        summary="Every refund needs a supervisor, who promises to reach the till within ten "
                "minutes.",
        situation="<p>Customers waiting for a supervisor to approve a refund waited as long as "
                  "twenty minutes.</p>",
        what_we_do="<p>A supervisor is paged for every refund and aims to be at the till "
                   "within ten minutes.</p>",
        outcome="<p>Waits came down, but customers still waited for something till staff "
                "could do themselves.</p>",
        stage="get-help", barriers=("slow-response",), tags=("refunds", "returns"),
        contributors=((WREN, ""),),
        replaced_by="Money back without the wait",
        review_in_days=0,
    ),
]


def seed_library(stdout, people, stages, barriers):
    library = _library(stdout)
    for spec in PRACTICES:
        if not PracticePage.objects.filter(title=spec.title).exists():
            _practice(library, spec, people, stages, barriers)
            stdout.write(f"  practice “{spec.title}”")
    # Retired after all are in, so a practice can name one listed after it.
    for spec in PRACTICES:
        if spec.replaced_by:
            _retire(spec)


def _library(stdout):
    library = PracticeLibraryPage.objects.first()
    if library is None:
        library = PracticeLibraryPage(title="Practice library", slug="practices",
                                      intro=LIBRARY_INTRO)
        HomePage.objects.first().add_child(instance=library)
        stdout.write("  practice library created")
    return library


def _practice(library, spec, people, stages, barriers):
    idea = Idea.objects.filter(title=spec.idea).first() if spec.idea else None
    review = spec.review_in_days and timezone.localdate() + timedelta(days=spec.review_in_days)
    page = PracticePage(
        title=spec.title, summary=spec.summary, situation=spec.situation,
        what_we_do=spec.what_we_do, outcome=spec.outcome, body=spec.body,
        journey_stage=stages.get(spec.stage), source_idea=idea,
        practice_owner=people.get(spec.owner), review_by=review or None, live=False,
    )
    page.barriers = [barriers[slug] for slug in spec.barriers if slug in barriers]
    page.contributors = [PracticeContributor(user=people[email], contribution=note)
                         for email, note in spec.contributors if email in people]
    page.tags.add(*spec.tags)
    library.add_child(instance=page)
    page.save_revision().publish()
    published = timezone.now() - timedelta(days=spec.days_ago)
    PracticePage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published)
    PracticeRating.objects.bulk_create([
        PracticeRating(practice=page, user=people[email], created_at=published + timedelta(days=1))
        for email in spec.helpful if email in people
    ], ignore_conflicts=True)
    ratings.recount_helpful(page)
    return page


def _retire(spec):
    page = PracticePage.objects.get(title=spec.title)
    replacement = PracticePage.objects.filter(title=spec.replaced_by).first()
    if page.retired or replacement is None:
        return
    page.retired, page.replaced_by = True, replacement
    page.save_revision().publish()
