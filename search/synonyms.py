"""The synonyms list (synonyms.txt): words people use for the same thing.

The file is in Solr's synonyms format, one group of equivalent words or phrases
per line, comma-separated, so the Elasticsearch backend loads it unchanged. The
database backend reads it here and expands a query with it: each word or phrase
of the query that belongs to a group may match any member of the group.
"""

import re
from functools import cache
from pathlib import Path

PATH = Path(__file__).with_name("synonyms.txt")
# Letters and digits; the underscore is punctuation to both full-text engines.
WORD = re.compile(r"[^\W_]+")


def tokens(text):
    """`text` as lower-case words, in order."""
    return WORD.findall((text or "").lower())


@cache
def groups():
    """The groups of the list, each a tuple of phrases, each phrase a tuple of words."""
    return tuple(parse(PATH.read_text(encoding="utf-8")))


def parse(text):
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # Solr's explicit mappings ("a, b => c") read here as one group.
        members = [tuple(tokens(part)) for part in re.split(r",|=>", line)]
        members = tuple(dict.fromkeys(member for member in members if member))
        if len(members) > 1:
            found.append(members)
    return found


def lines():
    """The list as Solr-format lines, for a backend that loads synonyms itself."""
    return [", ".join(" ".join(phrase) for phrase in group) for group in groups()]


def expand(words, synonym_groups=None):
    """The query `words` (lower case, in order) as concepts: a list of
    alternatives, each a tuple of phrases (a phrase is a tuple of words). A
    document matches a concept when it holds any of its phrases; the longest
    phrase of the list found at a position wins, so "money back" is one concept,
    not "money" and "back"."""
    synonym_groups = groups() if synonym_groups is None else synonym_groups
    by_phrase = {}
    for group in synonym_groups:
        for phrase in group:
            by_phrase.setdefault(phrase, []).extend(p for p in group if p not in by_phrase.get(phrase, ()))
    longest = max((len(phrase) for phrase in by_phrase), default=1)
    concepts, position = [], 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            phrase = tuple(words[position:position + size])
            if phrase in by_phrase:
                concepts.append(tuple(dict.fromkeys([phrase, *by_phrase[phrase]])))
                position += size
                break
        else:
            concepts.append(((words[position],),))
            position += 1
    return concepts
