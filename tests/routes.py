"""The site's addresses as the URLconf declares them, for tests that check
something of every one (no login form outside allauth, no 5xx on bad input)."""

from django.urls import URLPattern, URLResolver, get_resolver


def every_pattern(resolver=None, prefix=""):
    """(route, pattern) for every URL pattern, with the routes of included ones joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from every_pattern(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry
