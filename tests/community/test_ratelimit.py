"""Rate limits: fixed windows per person and action, with a message that says
how long to wait."""

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from community import ratelimit
from community.ratelimit import Rate, RateLimited, consume

WINDOW_START = 1_000_000 * 600  # a whole number of 10-minute windows since the epoch


@pytest.fixture
def clock(monkeypatch):
    """The module's wall clock, moved by hand."""
    now = SimpleNamespace(value=WINDOW_START + 100)
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now.value))
    return now


def use_up(user, action, times):
    for _ in range(times):
        consume(user, action)


@override_settings(RATE_LIMITS={"forum.reply": "3/10m"})
def test_the_limit_is_reached_and_the_message_says_how_long_to_wait(clock, customer):
    use_up(customer, "forum.reply", 3)
    with pytest.raises(RateLimited) as refused:
        consume(customer, "forum.reply")
    assert refused.value.action == "forum.reply"
    assert refused.value.retry_after == 500
    message = str(refused.value)
    assert "too often" in message
    assert "Please wait 9 minutes" in message
    assert "what you wrote is still here" in message


@override_settings(RATE_LIMITS={"forum.reply": "3/10m"})
def test_it_keeps_refusing_until_the_window_ends(clock, customer):
    use_up(customer, "forum.reply", 3)
    for now, wait in [(WINDOW_START + 101, 499), (WINDOW_START + 599.5, 0.5)]:
        clock.value = now
        with pytest.raises(RateLimited) as refused:
            consume(customer, "forum.reply")
        assert refused.value.retry_after == pytest.approx(wait)
    assert "Please wait a minute" in str(refused.value)


@override_settings(RATE_LIMITS={"forum.reply": "3/10m"})
def test_a_new_window_starts_fresh(clock, customer):
    use_up(customer, "forum.reply", 3)
    clock.value = WINDOW_START + 600
    use_up(customer, "forum.reply", 3)
    with pytest.raises(RateLimited):
        consume(customer, "forum.reply")


@override_settings(RATE_LIMITS={"forum.reply": "2/10m"})
def test_each_person_has_their_own_count(clock, customer, worker):
    use_up(customer, "forum.reply", 2)
    with pytest.raises(RateLimited):
        consume(customer, "forum.reply")
    use_up(worker, "forum.reply", 2)
    with pytest.raises(RateLimited):
        consume(worker, "forum.reply")


@override_settings(RATE_LIMITS={"forum.reply": "2/10m", "forum.react": "2/10m"})
def test_each_action_has_its_own_count(clock, customer):
    use_up(customer, "forum.reply", 2)
    with pytest.raises(RateLimited):
        consume(customer, "forum.reply")
    use_up(customer, "forum.react", 2)


@override_settings(RATE_LIMITS={"forum.reply": "1/d", "forum.flag": ""})
def test_an_unconfigured_action_is_never_limited(clock, customer):
    use_up(customer, "forum.react", 500)
    use_up(customer, "forum.flag", 500)


@override_settings(RATE_LIMITS={"practices.vote": "10/m"})
def test_concurrent_requests_cannot_slip_past_the_limit(clock, customer):
    barrier = threading.Barrier(20)

    def attempt():
        barrier.wait(timeout=10)
        try:
            consume(customer, "practices.vote")
        except RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=20) as pool:
        allowed = sum(pool.map(lambda _: attempt(), range(20)))
    assert allowed == 10


@pytest.mark.parametrize(
    "seconds, words",
    [
        (0.5, "a minute"),
        (60, "a minute"),
        (61, "2 minutes"),
        (500, "9 minutes"),
        (3000, "50 minutes"),
        (5339, "89 minutes"),
        (5 * 3600, "about 5 hours"),
        (3 * 86400, "about 3 days"),
    ],
)
def test_the_wait_is_said_in_words_and_never_understated(seconds, words):
    assert f"Please wait {words} and try again" in str(RateLimited("forum.reply", seconds))


@pytest.mark.parametrize(
    "text, count, seconds",
    [
        ("5/10m", 5, 600),
        ("60/m", 60, 60),
        ("30/s", 30, 1),
        ("10/h", 10, 3600),
        ("100/d", 100, 86400),
        (" 5 / 10m ", 5, 600),
    ],
)
def test_rates_parse(text, count, seconds):
    assert Rate.parse(text) == Rate(count, seconds)


@pytest.mark.parametrize(
    "text",
    ["twenty a minute", "5", "5/", "/m", "5/10x", "5/1.5h", "-1/m", "5/M", "0/m", "5/0m", 5, None],
)
def test_malformed_rates_raise_a_clear_error(text):
    clear = r"A rate (looks like '5/10m'|needs a count and a period)"
    with pytest.raises(ValueError, match=clear) as error:
        Rate.parse(text)
    assert repr(text) in str(error.value)


@override_settings(RATE_LIMITS={"forum.reply": "5 per minute"})
def test_a_malformed_setting_fails_loudly_when_used(customer):
    with pytest.raises(ValueError, match="not '5 per minute'"):
        consume(customer, "forum.reply")


@pytest.mark.parametrize("rule", ["0/m", "5/0h"])
def test_a_zero_rate_stops_start_up(rule):
    with override_settings(RATE_LIMITS={"forum.reply": rule}):
        with pytest.raises(SystemCheckError, match="rate limit for forum.reply is malformed"):
            call_command("check")
