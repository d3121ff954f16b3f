"""What the loaded people write: customer-service text from a fixed vocabulary,
the same for the same seed, so every run searches the same words.

Word frequencies are chosen for the search figures: "refund" is in about 30%
of posts (a frequent term), each RARE word in about 0.02% (a rare one),
"gift card balance" is a phrase in about 1%, and the misspelled queries are
misspellings of words the text uses. Posts are whole paragraphs from a pool
rendered once through the Markdown pipeline, so body_html is exactly what the
site would have stored, without rendering a million posts.
"""

from dataclasses import dataclass

from community import markdown

REFUND_SHARE = 0.30
RARE_SHARE = 0.002
RARE = ("defibrillator", "sommelier", "ventriloquist", "xylophone", "kaleidoscope",
        "trampoline", "harpsichord", "taxidermy", "origami", "zeppelin")
TITLES_MADE = 3_000

OBJECTS = ("order", "parcel", "gift card", "booking", "loyalty points", "delivery slot",
           "receipt", "account", "subscription", "invoice", "card payment", "return label",
           "click-and-collect order", "voucher", "warranty claim", "kettle", "jumper",
           "phone contract", "prescription", "table reservation", "train ticket", "hotel room")
VERBS = ("change", "cancel", "track", "return", "exchange", "reschedule", "claim", "transfer",
         "update", "split", "collect", "pay for", "find", "renew")
PROBLEMS = ("delayed", "charged twice", "missing", "damaged", "not showing up",
            "stuck in processing", "cancelled without warning", "lost in the post",
            "refused at the till", "sent to the wrong address", "still pending")
CONTEXTS = ("without the receipt", "after 30 days", "from abroad", "on a bank holiday",
            "in another branch", "online", "by phone", "for someone else", "at the weekend",
            "before Christmas", "with a voucher")
PLACES = ("the city-centre branch", "the retail park store", "the airport desk",
          "the station kiosk", "the high street shop", "the phone line", "the app", "the website")
TEAMS = ("front desk", "delivery team", "night shift", "pharmacy counter", "phone team",
         "returns desk", "café staff")
FEELINGS = ("frustrated", "relieved", "confused", "pleased", "worried", "impressed", "annoyed")
TIMES = ("this morning", "yesterday", "last week", "on Saturday", "twice this month",
         "after lunch", "ten days ago")

TITLES = (
    "How do I {verb} my {object} {context}?",
    "Why was my {object} {problem}?",
    "My {object} was {problem} again",
    "Can I {verb} a {object} {context}?",
    "Is it normal that my {object} is {problem}?",
    "Thank you to the {team} at {place}",
    "{Object} {problem} {time}",
    "Best way to {verb} a {object} {context}",
)
SENTENCES = (
    "I tried to {verb} my {object} {context} and it did not work.",
    "My {object} was {problem} {time}, so I rang {place}.",
    "The {team} at {place} sorted it out in ten minutes.",
    "I was {feeling} because nobody could tell me where my {object} was.",
    "Has anyone managed to {verb} a {object} {context}?",
    "They told me to wait another five working days for the {object}.",
    "The app says the {object} is {problem}, but the website says it is fine.",
    "I checked the gift card balance online and it was wrong.",
    "Someone at {place} explained exactly what happens next, which helped.",
    "Please tell us before the {object} is {problem}, not after.",
    "I would happily {verb} the {object} myself if the app allowed it.",
    "The {team} were kind and patient, even though it was busy.",
    "Next time I will ask {place} to {verb} the {object} for me.",
    "It took three calls and two e-mails to get my {object} sorted.",
)
REFUND_SENTENCES = (
    "The refund for my {object} still has not reached my card.",
    "They promised a refund {context}, but I am still waiting.",
    "How long does a refund usually take after a return at {place}?",
    "The {team} issued the refund straight away, which was great.",
    "I was refunded for the {object} twice and want to pay the money back.",
)
RARE_SENTENCE = "Oddly, the {object} arrived next to a {rare} at {place}."

IDEA_TITLES = (
    "Let customers {verb} their {object} {context}",
    "Text customers when their {object} is {problem}",
    "Let the {team} {verb} a {object} without a supervisor",
    "A faster way to {verb} a {object} at {place}",
    "Tell customers before a {object} is {problem}",
)

# The 20 searches, as (label, kind of query, text, filters); "<big forum>" in a
# filter stands for the title of the loaded big forum.
QUERIES = (
    ("refund", "frequent", "refund", {}),
    ("order", "frequent", "order", {}),
    ("delivery slot", "frequent", "delivery slot", {}),
    ("card payment charged twice", "frequent", "card payment charged twice", {}),
    ("gift card", "frequent", "gift card", {}),
    ("defibrillator", "rare", "defibrillator", {}),
    ("sommelier", "rare", "sommelier", {}),
    ("xylophone kettle", "rare", "xylophone kettle", {}),
    ("harpsichord", "rare", "harpsichord", {}),
    ('"gift card balance"', "phrase", '"gift card balance"', {}),
    ('"lost in the post"', "phrase", '"lost in the post"', {}),
    ('"front desk"', "phrase", '"front desk"', {}),
    ("refnud", "misspelling", "refnud", {}),
    ("delivary", "misspelling", "delivary", {}),
    ("recieve the parcel", "misspelling", "recieve the parcel", {}),
    ("resevation", "misspelling", "resevation", {}),
    ("refund, threads only", "filter", "refund", {"kind": "thread"}),
    ("refund, in the big forum", "filter", "refund", {"forum": "<big forum>"}),
    ("voucher, planned ideas", "filter", "voucher", {"kind": "idea", "status": "Planned"}),
    ("booking, replies only", "filter", "booking", {"kind": "post"}),
)


@dataclass(frozen=True)
class Paragraph:
    text: str  # Markdown as typed
    html: str  # as community.markdown renders it


def fill(template, rng, **given):
    values = {
        "object": rng.choice(OBJECTS), "verb": rng.choice(VERBS), "problem": rng.choice(PROBLEMS),
        "context": rng.choice(CONTEXTS), "place": rng.choice(PLACES), "team": rng.choice(TEAMS),
        "feeling": rng.choice(FEELINGS), "time": rng.choice(TIMES), **given,
    }
    values["Object"] = values["object"][:1].upper() + values["object"][1:]
    return template.format(**values)


class Writing:
    """Titles and bodies drawn from pools made once per seed."""

    def __init__(self, rng, paragraphs):
        self.rng = rng
        self.general = [self._paragraph(SENTENCES) for _ in range(paragraphs)]
        self.refund = [self._paragraph(REFUND_SENTENCES, SENTENCES)
                       for _ in range(max(paragraphs // 5, 1))]
        self.rare = [self._render(fill(RARE_SENTENCE, rng, rare=word)) for word in RARE]
        self.titles = [fill(rng.choice(TITLES), rng) for _ in range(TITLES_MADE)]
        self.idea_titles = [fill(rng.choice(IDEA_TITLES), rng) for _ in range(TITLES_MADE)]

    def _paragraph(self, first, rest=SENTENCES):
        rng = self.rng
        sentences = [fill(rng.choice(first), rng)]
        sentences += [fill(rng.choice(rest), rng) for _ in range(rng.randint(0, 2))]
        return self._render(" ".join(sentences))

    @staticmethod
    def _render(text):
        return Paragraph(text, markdown.render(text))

    def title(self):
        return self.rng.choice(self.titles)

    def idea_title(self):
        return self.rng.choice(self.idea_titles)

    def body(self, paragraphs=None):
        """(markdown, html) of a post: whole paragraphs, joined as Markdown joins them."""
        rng = self.rng
        chosen = [rng.choice(self.general) for _ in range(paragraphs or rng.randint(1, 3))]
        if rng.random() < REFUND_SHARE:
            chosen[rng.randrange(len(chosen))] = rng.choice(self.refund)
        if rng.random() < RARE_SHARE:
            chosen.append(rng.choice(self.rare))
        return join(chosen)


def join(paragraphs):
    return ("\n\n".join(p.text for p in paragraphs), "\n".join(p.html for p in paragraphs))


def check_rendering(writing, samples=50):
    """The joined HTML must be what the pipeline gives for the joined text; a
    change to the pipeline that breaks this stops the load instead of storing
    posts the site would not have stored."""
    for _ in range(samples):
        text, html = writing.body()
        if markdown.render(text) != html:
            raise SystemExit(f"Rendered posts differ from the Markdown pipeline for:\n{text}")
