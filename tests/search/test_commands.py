"""manage.py search_index rebuild and check, and the demo left indexed."""

import pytest
from django.core.management import CommandError, call_command

from forum import flows as forum_flows
from search.models import SearchEntry


@pytest.fixture
def threads(forum, moderator):
    # Made without the after-commit index updates: the index knows none of them.
    return [forum_flows.start_thread(forum=forum, author=moderator, title=f"Voucher {n}",
                                     body="A voucher question.") for n in range(3)]


@pytest.mark.django_db
def test_check_reports_drift_per_kind_and_fails(threads, capsys):
    SearchEntry.objects.create(kind="idea", object_id=999, url="/gone/", title="Gone")
    with pytest.raises(CommandError) as failed:
        call_command("search_index", "check")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "thread" in out and "missing     3" in out and "stale     1" in out
    assert "999" in out


@pytest.mark.django_db
def test_rebuild_indexes_everything_with_a_progress_bar_then_check_passes(threads, capsys):
    SearchEntry.objects.create(kind="idea", object_id=999, url="/gone/", title="Gone")
    call_command("search_index", "rebuild")
    captured = capsys.readouterr()
    assert "database: 3 documents indexed" in captured.out
    assert "[" + "#" * 30 + "]" in captured.err and "3/3" in captured.err
    assert set(SearchEntry.objects.values_list("kind", "object_id")) == {
        ("thread", t.pk) for t in threads}
    call_command("search_index", "check")
    assert "Every index matches the database." in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_leaves_the_demo_indexed(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert SearchEntry.objects.filter(kind="thread").exists()
    assert SearchEntry.objects.filter(kind="practice").exists()
    call_command("search_index", "check")
