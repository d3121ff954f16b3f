"""The reads behind the pages about ideas and practices, one module per part:
the board and roadmap (board.py), an idea's page (ideas.py), the practice
library (library.py) and the topic pages (topics.py). Views say
`queries.board_ideas(...)`: the board's and ideas' reads are named here too."""

from .board import (
    IDEAS_PER_PAGE, RECENTLY_DONE, ROADMAP_COLUMN_MAX, SORT_LABELS, SORTS, SORTS_BY_TIME, board_cursor,
    board_filters, board_ideas, roadmap, voted_idea_ids,
)
from .ideas import (
    COMMENTS_PER_PAGE, SIMILAR_MAX, comments, evidence_threads, idea_for, ideas_citing,
    similar_ideas, timeline,
)

__all__ = [
    "COMMENTS_PER_PAGE", "IDEAS_PER_PAGE", "RECENTLY_DONE", "ROADMAP_COLUMN_MAX", "SIMILAR_MAX", "SORTS",
    "SORT_LABELS", "SORTS_BY_TIME", "board_cursor", "board_filters", "board_ideas", "comments",
    "evidence_threads", "idea_for", "ideas_citing", "roadmap", "similar_ideas", "timeline",
    "voted_idea_ids",
]
