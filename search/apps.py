from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # The safety net under the flows' own calls: any save or delete of a
        # registered model reaches the index, whoever made it.
        from . import indexing

        indexing.connect_signals()
