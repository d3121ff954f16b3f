"""Start-up checks of the settings that come from the environment, so a typo
in a deployment fails loudly with the variable's name instead of misbehaving later."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .ratelimit import Rate

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _is_http_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@register(Tags.compatibility)
def check_environment(app_configs, **kwargs):
    problems = []
    for domain in settings.WORKER_EMAIL_DOMAINS:
        if not DOMAIN.match(domain):
            problems.append(Error(
                f"WORKER_EMAIL_DOMAINS has {domain!r}, which is not a domain name.",
                hint="List bare domains separated by commas, e.g. staff.example.com,example.org",
                id="community.E001",
            ))
    if not _is_http_url(settings.SITE_URL):
        problems.append(Error(
            f"SITE_URL is {settings.SITE_URL!r}; it must be an absolute http(s) address.",
            hint="E-mails link back to the site with it, e.g. https://community.example.com",
            id="community.E002",
        ))
    if settings.ELASTICSEARCH_URL and not all(
        _is_http_url(url) for url in settings.ELASTICSEARCH_URL.split(",")
    ):
        problems.append(Error(
            f"ELASTICSEARCH_URL is {settings.ELASTICSEARCH_URL!r}; give one or more "
            "http(s) addresses separated by commas, or leave it empty for database search.",
            id="community.E003",
        ))
    for action, rule in settings.RATE_LIMITS.items():
        try:
            Rate.parse(rule)
        except ValueError as exc:
            problems.append(Error(
                f"The rate limit for {action} is malformed: {exc}",
                hint="Set the RATE_LIMIT_* variables to count/period, e.g. 5/10m or 100/d.",
                id="community.E004",
            ))
    return problems


@register(Tags.security, deploy=True)
def check_deployment(app_configs, **kwargs):
    problems = []
    if not settings.SITE_URL.startswith("https://"):
        problems.append(Warning(
            f"SITE_URL is {settings.SITE_URL!r}; links in e-mails should use https.",
            hint="Set SITE_URL to the public https address of the site.",
            id="community.W001",
        ))
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        problems.append(Info(
            "The cache is in the memory of each process, so rate limits are per process.",
            hint="Set REDIS_URL when running more than one web process.",
            id="community.I001",
        ))
    return problems


def refuse_to_serve_misconfigured():
    """System checks run for manage.py commands but not under gunicorn; the web
    and task entry points call this so a bad variable stops them too."""
    errors = check_environment(None)
    if errors:
        raise ImproperlyConfigured(
            "; ".join(f"{error.msg} {error.hint or ''}".strip() for error in errors)
        )
