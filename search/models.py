"""The database backend's index: one row per findable document, whatever its kind.

The rows are a copy of what the apps' DocumentTypes say (search.documents), so
a search reads one table instead of joining threads, posts, ideas and pages.
Full text is the database's own: on SQLite an FTS5 table kept in step with
SearchEntry by triggers, on PostgreSQL generated tsvector columns (title and
body; the title alone) with GIN indexes (made by the migrations, see
0002_full_text and 0003_title_vector).
"""

from django.db import models
from django.utils import timezone

from .documents import FACETS

# Facet values are stored joined, each one wrapped in the separator
# ("\x1fretail\x1fwins\x1f"), so a filter is one `contains` of a wrapped value
# and a facet's counts are one GROUP BY over its column. The unit separator is
# a control character no label contains (SearchEntry.from_document strips it).
SEPARATOR = "\x1f"
FACET_COLUMNS = {name: f"facet_{name}" for name in FACETS if name != "kind"}


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    facet_forum = models.TextField(blank=True)
    facet_status = models.TextField(blank=True)
    facet_stage = models.TextField(blank=True)
    facet_barrier = models.TextField(blank=True)
    facet_tag = models.TextField(blank=True)
    votes = models.IntegerField(default=0)
    helpful = models.IntegerField(default=0)
    solved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The document's own title, not another's (SearchDocument.own_title).
    own_title = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]
        indexes = [
            # Suggestions as the header box is typed into, best known first.
            models.Index(models.F("votes").desc(), models.F("helpful").desc(),
                         name="search_entry_standing"),
            # The newest matches first, of any kind or of one: PostgreSQL's
            # candidates (backends/fulltext.py).
            models.Index(models.F("created_at").desc(), name="search_entry_newest"),
            models.Index("kind", models.F("created_at").desc(), name="search_entry_kind_newest"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"

    @staticmethod
    def joined(values):
        if not values:
            return ""
        cleaned = [str(value).replace(SEPARATOR, " ").strip() for value in values]
        cleaned = [value for value in cleaned if value]
        return SEPARATOR + SEPARATOR.join(cleaned) + SEPARATOR if cleaned else ""

    @staticmethod
    def split(joined):
        return [value for value in (joined or "").split(SEPARATOR) if value]

    @classmethod
    def from_document(cls, document):
        return cls(**cls._values(document))

    @classmethod
    def row(cls, document):
        """The entry for `document` as column values, in the order of the model's
        fields but the id: for loading many at once without a model each."""
        values = cls._values(document)
        return tuple(values[name] for name in cls.row_fields())

    @classmethod
    def row_fields(cls):
        """The fields `row` gives values of, in order."""
        if "_row_fields" not in cls.__dict__:
            cls._row_fields = [field.attname for field in cls._meta.concrete_fields
                               if not field.primary_key]
        return cls._row_fields

    @classmethod
    def _values(cls, document):
        facets = document.facets or {}
        return dict(
            kind=document.kind, object_id=document.pk, url=document.url[:500],
            title=_text(document.title)[:300], body=_text(document.body),
            votes=document.votes, helpful=document.helpful, solved=document.solved,
            created_at=document.created_at, own_title=document.own_title,
            **{column: cls.joined(facets.get(name, ())) for name, column in FACET_COLUMNS.items()},
        )


def _text(value):
    # Control characters \x02 to \x05 stand for highlight marks and angle
    # brackets on the way out (backends/database.py), so stored text never holds them.
    return (value or "").translate({0: " ", 2: " ", 3: " ", 4: " ", 5: " "})


class PendingIndexWrite(models.Model):
    """A document an outside backend (Elasticsearch) could not take when it
    changed; the next successful write or rebuild brings it in (or out)."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="pending_index_write_once"),
        ]
