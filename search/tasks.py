from django_tasks import task


@task()
def update_index(targets):
    """Bring `targets`, [kind, pk, related] lists, up to date in every index:
    written if findable now, taken out if not (see search.indexing)."""
    from . import indexing

    indexing.update(targets)
