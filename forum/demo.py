"""Demo forums: everyday customer-service conversations, answered by the demo
worker. Rows are written directly (the flows' rate limits and new-account
limits are for people, not for seeding), then flows.recount_forum() sets every
counter from them. Every step looks before it writes, so running it again
changes nothing."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from community import roles
from community.models import HomePage, JourneyStage, User
from community.writing import render_body

from . import flows
from .models import Flag, ForumIndexPage, ForumPage, Post, Reaction, Subscription, Thread

FORUM_INDEX_INTRO = (
    "<p>Ask a question, share a win, or tell us what to improve. Frontline staff read "
    "every thread and turn what they hear into improvement ideas.</p>"
)

FORUMS = [
    ("Getting help", "getting-help",
     "Orders, returns, refunds, bookings and accounts: customers and staff answer."),
    ("Wins and shout-outs", "wins-and-shout-outs",
     "Someone went out of their way for you? Tell everyone."),
    ("Equipment and operations", "equipment-and-operations",
     "Card machines, self-checkouts, the app and opening hours: what works and what does not."),
    ("Tell us what to improve", "tell-us-what-to-improve",
     "Something could be better? Say so here; staff take the best to the ideas board."),
]

# Customers who only ever appear as authors in the demo; they cannot sign in.
DEMO_AUTHORS = [
    ("priya@example.com", "Priya Shah"),
    ("tom@example.com", "Tom Okafor"),
    ("grace@example.com", "Grace Lin"),
]

CASEY, WREN, ORLA = "customer@example.com", "worker@example.com", "ops@example.com"
PRIYA, TOM, GRACE = (email for email, _name in DEMO_AUTHORS)


@dataclass
class DemoReply:
    author: str
    hours_later: float
    body: str
    helpful: tuple = ()
    flag: tuple = ()  # (reporter, reason, note)


@dataclass
class DemoThread:
    forum: str
    title: str
    author: str
    days_ago: float
    body: str
    tags: tuple = ()
    stage: str = ""
    helpful: tuple = ()
    replies: list = field(default_factory=list)
    solution: int | None = None  # index into replies


THREADS = [
    DemoThread(
        "getting-help", "How long does a refund take after a return in store?", CASEY, 12,
        "I took a kettle back to the city-centre branch on Saturday and they said the refund "
        "was done, but nothing has shown up on my card yet. Is that normal? How long should "
        "I wait before I worry?",
        tags=("refunds", "returns"), stage="get-help",
        replies=[
            DemoReply(
                WREN, 3,
                "Hi Casey, sorry for the wait! The refund leaves us straight away, but banks "
                "take **3 to 5 working days** to show it, and some credit cards up to 10.\n\n"
                "If it is not there by next Friday, reply here or bring the receipt to the "
                "desk and I will trace it with the bank reference.",
                helpful=(CASEY, PRIYA),
            ),
            DemoReply(CASEY, 70, "It arrived this morning. Thank you for explaining!"),
        ],
        solution=0,
    ),
    DemoThread(
        "getting-help", "Can I return a gift without the receipt?", PRIYA, 9,
        "My aunt gave me a jumper that is two sizes too big. She lives abroad, so asking for "
        "the receipt is awkward. Can I still exchange it?",
        tags=("returns", "gifts"), stage="use",
        replies=[
            DemoReply(
                WREN, 5,
                "Yes. Without a receipt we can swap it for another size, or give you store "
                "credit for the price it sells at today. A gift receipt works too if there "
                "was one in the bag. Bring it within 60 days with the labels still on.",
                helpful=(PRIYA, TOM),
            ),
            DemoReply(
                TOM, 20,
                "Did exactly this after Christmas, took two minutes at the desk.",
            ),
        ],
        solution=0,
    ),
    DemoThread(
        "getting-help", "Are you open on the bank holiday Monday?", TOM, 7,
        "The website says one thing and the sign on the door says another. Which is right?",
        tags=("opening hours",), stage="discover",
        replies=[
            DemoReply(
                WREN, 2,
                "The sign is right, sorry about the website: **10am to 4pm** on the bank "
                "holiday. The pharmacy counter is closed all day. I have asked for the "
                "website to be fixed.",
                helpful=(TOM, GRACE, CASEY),
            ),
        ],
        solution=0,
    ),
    DemoThread(
        "getting-help", "I waited 40 minutes on the phone line this morning", GRACE, 4,
        "I only wanted to move a delivery slot. Forty minutes of hold music, then the line "
        "dropped. Is there a quicker way?",
        tags=("phone", "waiting times"), stage="get-help",
        replies=[
            DemoReply(
                WREN, 1.5,
                "I am really sorry, Grace. Mornings are our busiest time on the phone. Two "
                "things that help:\n\n"
                "- You can move a delivery slot yourself under *My orders* in the app.\n"
                "- After 2pm the wait is usually under five minutes, and you can ask for a "
                "call back instead of holding.\n\n"
                "I have passed your morning on to the team that plans phone shifts.",
                helpful=(GRACE,),
            ),
            DemoReply(
                CASEY, 6,
                "Same thing happened to me on Monday. The call back option worked well "
                "for me.",
            ),
            DemoReply(
                TOM, 8,
                "Just ring Dave at the branch on his own mobile, 07700 900123, he always "
                "picks up.",
                flag=(CASEY, Flag.Reason.PRIVATE,
                      "This looks like a staff member's personal number."),
            ),
        ],
    ),
    DemoThread(
        "equipment-and-operations", "The card machine at till 3 keeps failing contactless", CASEY, 10,
        "Three times this week my phone payment failed at till 3 and I had to use the chip "
        "and PIN. The other tills are fine. Is it just me?",
        tags=("card machine", "payments"), stage="buy",
        replies=[
            DemoReply(
                WREN, 4,
                "Not just you, thank you for telling us. I have reported it and an engineer "
                "is booked for Thursday. Until then, tills 1 and 2 take contactless without "
                "trouble.",
                helpful=(CASEY,),
            ),
            DemoReply(
                ORLA, 50,
                "The engineer replaced the reader this morning. If till 3 fails again, "
                "please say so here and we will look at it the same day.",
                helpful=(CASEY, TOM),
            ),
        ],
        solution=1,
    ),
    DemoThread(
        "equipment-and-operations", "Self-checkout asks for staff approval for every bagged item",
        TOM, 1,
        "If I bring my own bag, the self-checkout stops at nearly every item and waits for "
        "someone to approve it. Is there a trick to it?",
        tags=("self-checkout",), stage="buy",
    ),
    DemoThread(
        "wins-and-shout-outs", "A big thank you to Wren at the city-centre desk", PRIYA, 6,
        "I came in flustered because my booking had vanished from the app. @wren-worker "
        "found it, rebooked me for the same day and even wrote the time on a note for me. "
        "Kind, quick and calm. Thank you!",
        tags=("thank you",), stage="get-help", helpful=(CASEY, GRACE),
        replies=[
            DemoReply(WREN, 5, "Priya, this made my week. Glad it all worked out!"),
            DemoReply(
                CASEY, 9,
                "Wren sorted a mix-up with my booking last month too. Always patient.",
                helpful=(PRIYA,),
            ),
        ],
    ),
    DemoThread(
        "wins-and-shout-outs", "The delivery driver carried my shopping up four flights", GRACE, 3,
        "The lift in our building is broken and the driver, Sam, carried six heavy bags up "
        "four flights without a word of complaint. Please pass on my thanks.",
        tags=("thank you", "delivery"), stage="use", helpful=(CASEY, PRIYA, TOM),
        replies=[
            DemoReply(
                WREN, 7,
                "I have passed this on to Sam and the delivery team lead. Thank you for "
                "taking the time to tell us.",
            ),
        ],
    ),
    DemoThread(
        "tell-us-what-to-improve", "Text me when a click-and-collect order is ready", CASEY, 8,
        "At the moment I only get an e-mail, which I often miss. A text message would "
        "save a wasted trip.",
        tags=("click and collect", "notifications"), stage="buy", helpful=(TOM,),
        replies=[
            DemoReply(
                WREN, 6,
                "We hear this at the desk every week, so I am taking it to the ideas board. "
                "Until then: in the app, under *Settings*, you can turn on push "
                "notifications for collections.",
                helpful=(CASEY,),
            ),
            DemoReply(TOM, 30, "Yes please! A text would be far better for me too."),
            DemoReply(
                GRACE, 40,
                "Anyone selling a second-hand pram? Need one by next month.",
                flag=(CASEY, Flag.Reason.OFF_TOPIC, "Not about click and collect."),
            ),
        ],
    ),
    DemoThread(
        "tell-us-what-to-improve", "Open at 7am on weekdays for shift workers", TOM, 5,
        "I start work at 8 and finish at 8. By the time you open at 9, I am already at "
        "work, and by the evening the shelves are half empty. Even one early hour would help.",
        tags=("opening hours",), stage="discover",
        replies=[
            DemoReply(
                WREN, 10,
                "Thank you, Tom. Several regulars have asked for the same; I am collecting "
                "them for an improvement idea so operations can weigh it up properly.",
                helpful=(TOM, PRIYA),
            ),
            DemoReply(PRIYA, 26, "Nurse here, this would help me a lot too."),
        ],
    ),
]


def seed(stdout):
    people = _people(stdout)
    index = _forum_index(stdout)
    forums = {slug: _forum(index, title, slug, description, stdout)
              for title, slug, description in FORUMS}
    stages = {stage.slug: stage for stage in JourneyStage.objects.all()}
    for spec in THREADS:
        forum = forums[spec.forum]
        if not Thread.objects.filter(forum=forum, title=spec.title).exists():
            _thread(spec, forum, people, stages)
            stdout.write(f"  thread “{spec.title}”")
    for forum in forums.values():
        flows.recount_forum(forum)


def _people(stdout):
    for email, name in DEMO_AUTHORS:
        if not User.objects.filter(email=email).exists():
            user = User.objects.create_user(email, None, display_name=name)
            roles.grant_role(user, roles.CUSTOMER)
            stdout.write(f"  created {email}")
    emails = {CASEY, WREN, ORLA, *(email for email, _name in DEMO_AUTHORS)}
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _forum_index(stdout):
    index = ForumIndexPage.objects.first()
    if index is None:
        index = ForumIndexPage(title="Forums", slug="forums", intro=FORUM_INDEX_INTRO)
        HomePage.objects.first().add_child(instance=index)
        stdout.write("  forum index created")
    return index


def _forum(index, title, slug, description, stdout):
    forum = ForumPage.objects.child_of(index).filter(slug=slug).first()
    if forum is None:
        forum = ForumPage(title=title, slug=slug, description=description)
        index.add_child(instance=forum)
        stdout.write(f"  forum “{title}” created")
    return forum


def _thread(spec, forum, people, stages):
    started = timezone.now() - timedelta(days=spec.days_ago)
    thread = Thread.objects.create(
        forum=forum, author=people[spec.author], title=spec.title,
        slug=flows.thread_slug(spec.title),
        journey_stage=stages.get(spec.stage), created_at=started, last_activity_at=started,
    )
    thread.tags.set(list(spec.tags))
    opening = DemoReply(spec.author, 0, spec.body, helpful=spec.helpful)
    posts = [
        _post(thread, number, reply, started, people)
        for number, reply in enumerate([opening, *spec.replies], start=1)
    ]
    if spec.solution is not None:
        Thread.objects.filter(pk=thread.pk).update(solution=posts[spec.solution + 1])
    followers = {post.author_id: post.author for post in posts}
    Subscription.objects.bulk_create(
        [Subscription(thread=thread, user=person) for person in followers.values()],
        ignore_conflicts=True,
    )


def _post(thread, number, reply, started, people):
    post = Post.objects.create(
        thread=thread, author=people[reply.author], number=number, body=reply.body,
        body_html=render_body(reply.body),
        created_at=started + timedelta(hours=reply.hours_later),
    )
    Reaction.objects.bulk_create(
        [Reaction(post=post, user=people[email], created_at=post.created_at + timedelta(hours=1))
         for email in reply.helpful]
    )
    if reply.flag:
        reporter, reason, note = reply.flag
        Flag.objects.create(
            post=post, reporter=people[reporter], reason=reason, note=note,
            created_at=post.created_at + timedelta(hours=1),
        )
    return post
