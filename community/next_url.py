"""The way back after a form: the `next` address it carried, when that is on
this site. Anything else falls back to a page the view names, so a made-up
`next` can neither send people to another site nor break the answer."""

from django.utils.http import url_has_allowed_host_and_scheme


def on_site(url, request, hosts=()):
    """Whether `url` is an address on this site: a path, or an absolute URL on
    this host (or one of `hosts`). A bare word is not: redirect() would take it
    for a view's name, and fail."""
    if not url or not (url.startswith("/") or "://" in url):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host(), *hosts}, require_https=request.is_secure())


def posted_next(request, hosts=()):
    """The `next` field posted, if it is an address on this site, else None."""
    url = request.POST.get("next", "")
    return url if on_site(url, request, hosts) else None
