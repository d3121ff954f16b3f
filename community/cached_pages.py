"""What every cached page shows (community/pagecache.py's "site" scope), and the
changes that make all of them stale: the site's settings and page tree, who may
see which page, people's names and badges, and the taxonomy's terms. Each of
these is rare, and shows on more pages than could be listed.

The forums and the practices app say what their own pages show, and when those
change, in their cached_pages modules.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .models import Barrier, CommunitySettings, HomePage, JourneyStage, User

# What shows of a person on a page: their name and @handle (badges are their
# groups), and whether they are there at all.
PUBLIC_PERSON_FIELDS = {"display_name", "handle", "is_active", "suspended_until"}

pagecache.cache_page_type(HomePage)


def _site_changed(**kwargs):
    pagecache.everything_changed()


for _model in (Site, PageViewRestriction, JourneyStage, Barrier, Group, get_image_model()):
    for _signal in (post_save, post_delete):
        _signal.connect(_site_changed, sender=_model, dispatch_uid=f"pagecache.{_model.__name__}")
post_delete.connect(_site_changed, sender=CommunitySettings, dispatch_uid="pagecache.settings")


@receiver(post_save, sender=CommunitySettings)
def _settings_saved(sender, instance, created, **kwargs):
    # The first page to read a site's settings makes their row, with the
    # defaults every page showed until then.
    if not created:
        pagecache.everything_changed()


# Every page type: any page may be in the navigation, a list or a link.
for _signal in (page_published, page_unpublished, post_page_move):
    _signal.connect(_site_changed, dispatch_uid="pagecache.page")


@receiver(post_save, dispatch_uid="pagecache.page_saved")
@receiver(post_delete, dispatch_uid="pagecache.page_deleted")
def _page_saved(sender, instance, **kwargs):
    # A live page saved without being published (code, imports, tests) changes
    # what the site shows as publishing does.
    if isinstance(instance, Page):
        pagecache.everything_changed()


@receiver(post_save, sender=User)
def _person_saved(sender, instance, created, update_fields, **kwargs):
    # A new person shows nowhere yet; signing in saves last_login, which no page shows.
    if not created and (update_fields is None or PUBLIC_PERSON_FIELDS & set(update_fields)):
        pagecache.everything_changed()


@receiver(post_delete, sender=User)
def _person_deleted(sender, instance, **kwargs):
    # Their words stay, as "a former member".
    pagecache.everything_changed()


@receiver(m2m_changed, sender=User.groups.through)
def _roles_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        pagecache.everything_changed()
