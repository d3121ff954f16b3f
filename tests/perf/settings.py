"""Settings for the benchmark: production's (community.settings.base, DEBUG off)
with the baseline view added to the URLs. Without DATABASE_URL the data set
lives in var/perf.sqlite3, apart from the demo database. The runner passes a
freshly generated SECRET_KEY to the server it starts; other commands (the
loader) get one of their own."""

import os
import secrets
from pathlib import Path

_VAR = Path(__file__).resolve().parent.parent.parent / "var"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_VAR / 'perf.sqlite3'}")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# The server is reached over plain http on 127.0.0.1.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from community.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "tests.perf.urls"
if CACHES["pages"]["BACKEND"] == "community.filecache.SharedFileCache":  # noqa: F405
    # The benchmark's pages apart from the demo server's.
    CACHES["pages"]["LOCATION"] = _VAR / "perf-pages"  # noqa: F405
# Nothing the benchmark does is meant to reach anyone's inbox or the console.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
