"""Latest activity for the home page.

Each app registers a source: a function `(user, limit) -> list[ActivityItem]`
returning its newest public items. The home page merges them by time. Sources
query their own tables, so the number of queries is one per source, whatever
the number of items.
"""

from dataclasses import dataclass
from datetime import datetime

_sources = []


@dataclass(frozen=True)
class ActivityItem:
    when: datetime
    kind: str  # "thread", "idea", "practice" ...
    title: str
    url: str
    summary: str = ""


def register_activity_source(source):
    if source not in _sources:
        _sources.append(source)
    return source


def unregister_activity_source(source):
    if source in _sources:
        _sources.remove(source)


def latest_activity(user, limit=10):
    items = [item for source in _sources for item in source(user, limit)]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]
