"""The site's public identity, as editors set it in the admin (Settings → Community settings)."""

from wagtail.models import Site

from .models import CommunitySettings


def community_settings(request=None):
    """The settings of the site serving `request`, or of the default site
    outside a request (e-mails sent by tasks and commands)."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return CommunitySettings.for_site(site) if site else CommunitySettings()


def site_name(request=None):
    return community_settings(request).name
