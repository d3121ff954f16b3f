"""Settings come from the environment; a production start with unsafe values fails."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from community.settings.base import DEVELOPMENT_SECRET_KEY, secret_key_problem

ROOT = Path(__file__).resolve().parents[2]


def python(*args, **env):
    """Run Python in a fresh process, with the production settings module and `env`."""
    unset = ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def manage(*args, **env):
    return python("manage.py", *args, **env)


def test_deploy_check_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_development_key():
    result = manage("check", DEBUG="0", SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_development_starts_without_a_secret_key():
    result = manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_unknown_task_backend_is_named_in_the_error():
    result = manage("check", DEBUG="1", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database" in result.stderr


@pytest.mark.parametrize(
    "key, problem",
    [
        ("", "not set"),
        ("django-insecure-" + "a" * 60, "development key"),
        ("short", "at least 50"),
        ("a" * 60, "at least 5 distinct"),
        (secrets.token_urlsafe(50), None),
    ],
)
def test_secret_key_rules(key, problem):
    result = secret_key_problem(key)
    assert (result is None) if problem is None else (problem in result)


@override_settings(WORKER_EMAIL_DOMAINS=["staff.example.com", "not a domain"])
def test_a_mistyped_worker_domain_stops_start_up():
    with pytest.raises(SystemCheckError, match="'not a domain', which is not a domain name"):
        call_command("check")


@override_settings(SITE_URL="community.example.com")
def test_a_site_url_without_scheme_stops_start_up():
    with pytest.raises(SystemCheckError, match="SITE_URL"):
        call_command("check")


@override_settings(ELASTICSEARCH_URL="localhost:9200")
def test_a_malformed_elasticsearch_url_stops_start_up():
    with pytest.raises(SystemCheckError, match="ELASTICSEARCH_URL"):
        call_command("check")


def test_the_web_server_refuses_to_start_with_a_mistyped_worker_domain():
    result = python(
        "-c", "import community.wsgi",
        DEBUG="1", WORKER_EMAIL_DOMAINS="staff.example.com,not a domain",
    )
    assert result.returncode != 0
    assert "WORKER_EMAIL_DOMAINS has 'not a domain'" in result.stderr


def test_the_web_server_starts_with_good_settings():
    result = python("-c", "import community.wsgi", DEBUG="1", WORKER_EMAIL_DOMAINS="staff.example.com")
    assert result.returncode == 0, result.stderr


@override_settings(RATE_LIMITS={"forum.reply": "twenty per minute"})
def test_a_malformed_rate_limit_stops_start_up():
    with pytest.raises(SystemCheckError, match="rate limit for forum.reply is malformed"):
        call_command("check")
