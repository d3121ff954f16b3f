"""The Content-Security-Policy every page is served with: what it may load and
run. Scripts, styles and images come from the site itself; inline code runs
only if it carries the nonce of its own response (`request.csp_nonce`), so
markup that slips into a page (a reflected parameter, a post the sanitiser
missed) cannot run script or restyle the page.

The policies are settings (CSP_POLICY, and CSP_ADMIN_POLICY for Wagtail's
admin, which writes inline code of its own); "{nonce}" in them stands for the
response's nonce. A view that set a policy of its own (Wagtail serving a
document or an image: "default-src 'none'") keeps it.

Fragments that HTMX swaps into a page run under the page's policy, not their
own, so they must not hold inline scripts: the nonce they would carry is
their own response's, not the page's.

The page cache keeps a page's headers with its HTML, so a cached page is served
with the very nonce its HTML carries. Serving one nonce more than once is safe
there: a nonce only has to be unknown to whoever writes the markup it guards,
and a kept page's markup was fixed when it was rendered, before anyone could
read the nonce; anything written since makes a new page with a new nonce.
"""

import base64
import hashlib
import re
import secrets
from functools import cache

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

HEADER = "Content-Security-Policy"
# Django renders the 500 page without the request (templates/500.html says
# why), so it cannot carry the nonce: its one inline <style> is let in by hash.
ERROR_TEMPLATE = "500.html"


class ContentSecurityPolicyMiddleware:
    """Gives each request a fresh nonce and its response the policy for its
    address. Placed after the page cache, so a kept page is kept with its policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if HEADER not in response and not _inner(request) and not _debug_page(response):
            response[HEADER] = policy_for(request, response)
        return response


def policy_for(request, response):
    """The header for `response` to `request`: the admin's policy under the
    admin's address, the site's everywhere else."""
    in_admin = request.path.startswith(_admin_prefix())
    directives = dict(settings.CSP_ADMIN_POLICY if in_admin else settings.CSP_POLICY)
    if response.status_code >= 500 and not in_admin:
        directives["style-src"] = f"{directives.get('style-src', '')} {_error_page_style()}"
    if settings.CSP_REPORT_URI:
        directives["report-uri"] = settings.CSP_REPORT_URI
    policy = "; ".join(f"{name} {sources}".strip() for name, sources in directives.items())
    return policy.replace("{nonce}", request.csp_nonce)


def _inner(request):
    """Wagtail previews a page by passing a made-up request for its public
    address through the middleware, inside the admin's own request: the answer
    goes out as the admin's, and takes the admin's policy there."""
    return getattr(request, "is_dummy", False)


@cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


def _debug_page(response):
    """Django's own error pages under DEBUG style and script themselves inline;
    a developer reading a traceback needs them working, and no visitor sees them."""
    return settings.DEBUG and response.status_code in (404, 500)


@cache
def _error_page_style():
    """The hash source for the inline <style> of the 500 page, which is rendered
    from a template that holds no tags there, so the source is what is served."""
    source = get_template(ERROR_TEMPLATE).template.source
    style = re.search(r"<style>(.*?)</style>", source, re.DOTALL)
    if style is None:
        return ""
    digest = hashlib.sha256(style.group(1).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
