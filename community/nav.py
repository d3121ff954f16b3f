"""Items of the site's navigation that lead to a singleton page (the forum index,
the ideas board, the practice library), on every page without a query: the
page's address is cached, and forgotten whenever a page of that type changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from wagtail.signals import page_published, page_unpublished, post_page_move

# A safety net for changes no signal reports, such as moving a page above the item's page.
CACHE_SECONDS = 60 * 60


class PageNavItem:
    """The nav item for the live page of `model`; `namespace` is the URL namespace
    of the app's own views, which count as being inside that page too, or None
    when the page's own routes serve everything in it."""

    def __init__(self, model, cache_key, namespace):
        self.model, self.cache_key, self.namespace = model, cache_key, namespace

    def context(self, request, url_name, current_name):
        url = SimpleLazyObject(self.url)

        def is_current():
            match = getattr(request, "resolver_match", None)
            return bool(url) and (
                request.path.startswith(str(url))
                or getattr(match, "namespace", "") == self.namespace
            )

        return {url_name: url, current_name: SimpleLazyObject(is_current)}

    def url(self):
        """The address of the live page, or "" when there is none."""
        url = cache.get(self.cache_key)
        if url is None:
            page = self.model.objects.live().first()
            url = (page.get_url() or "") if page else ""
            cache.set(self.cache_key, url, CACHE_SECONDS)
        return url

    def forget(self, **kwargs):
        cache.delete(self.cache_key)

    def connect(self):
        for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(self.forget, sender=self.model, weak=False,
                           dispatch_uid=f"nav.forget.{self.cache_key}")
