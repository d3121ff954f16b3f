"""The practices app's models: improvement ideas (ideas.py) and the practice
library (library.py)."""

from .ideas import (
    Evidence, Idea, IdeaComment, IdeasBoardPage, InternalNote, StatusChange, TaggedIdea, Vote,
)
from .library import (
    PracticeContributor, PracticeLibraryPage, PracticePage, PracticeRating, TaggedPractice,
)

__all__ = [
    "Evidence", "Idea", "IdeaComment", "IdeasBoardPage", "InternalNote", "StatusChange",
    "TaggedIdea", "Vote",
    "PracticeContributor", "PracticeLibraryPage", "PracticePage", "PracticeRating",
    "TaggedPractice",
]
