"""Django's file-based cache, for the page cache on a machine without Redis.

Django's FileBasedCache lists its whole folder on every write to see whether
it holds more than MAX_ENTRIES files; with thousands of pages kept, that listing
costs far more than the write itself (milliseconds), and every write that
changes a page writes here. This one looks on one write in CULL_ONE_IN, and
then drops files down to a CULL_FREQUENCY-th below the limit, so the folder
runs past MAX_ENTRIES by about CULL_ONE_IN files at most. A dropped file only
costs a render.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_ONE_IN = 100


class SharedFileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_ONE_IN):
            return
        files = self._list_cache_files()
        keep = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        if len(files) > self._max_entries:
            for name in random.sample(files, len(files) - keep):
                self._delete(name)
