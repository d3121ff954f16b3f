"""Settings for the test suite: the embedded defaults, made fast and quiet.

DATABASE_URL still chooses the database, so one suite runs on SQLite and PostgreSQL.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x1y2z3" * 10)

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The page cache as the embedded default has it, in files, in a folder of this
# run's own so that two suites side by side never share pages.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "community.filecache.SharedFileCache",
        "LOCATION": tempfile.mkdtemp(prefix="service-commons-test-pages-"),
    },
}
atexit.register(shutil.rmtree, CACHES["pages"]["LOCATION"], ignore_errors=True)
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = SITE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory, so tests that write from several threads at once
    # share one database, as requests do on the embedded default.
    # The process id keeps two suites run side by side out of each other's way.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
