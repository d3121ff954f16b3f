"""Settings for Service Commons, read from the environment.

Every variable has an embedded default that is safe for a laptop: SQLite, the
database search backend, a local-memory cache, e-mail to the console and
background tasks run immediately. Production points the same variables at
PostgreSQL, Elasticsearch, Redis, SMTP and a django-tasks worker. The README
documents each variable.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# --- Secret key -----------------------------------------------------------------
# A development key is only ever used with DEBUG on; with DEBUG off the site
# refuses to start rather than sign sessions and unsubscribe links with a known key.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")


def secret_key_problem(key):
    """Why `key` is not fit for production, or None when it is."""
    if not key:
        return "SECRET_KEY is not set"
    if key.startswith("django-insecure") or key == DEVELOPMENT_SECRET_KEY:
        return "SECRET_KEY is the development key"
    if len(key) < 50 or len(set(key)) < 5:
        return "SECRET_KEY must be at least 50 characters with at least 5 distinct ones"
    return None


if not DEBUG and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"{problem}. With DEBUG off, set SECRET_KEY to a long random value, for example "
        "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
        "For local development, set DEBUG=1 instead (make run does)."
    )
if not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used in e-mails and the Wagtail admin.
# Defaults to https on the first allowed host when DEBUG is off.
_default_site_url = (
    f"https://{ALLOWED_HOSTS[0]}"
    if not DEBUG and ALLOWED_HOSTS and not ALLOWED_HOSTS[0].startswith((".", "*"))
    else "http://localhost:8000"
)
SITE_URL = env.str("SITE_URL", default=_default_site_url).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

# --- Applications ---------------------------------------------------------------
INSTALLED_APPS = [
    "community",
    "community.notifications",
    "forum",
    "practices",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "community.apps.PeopleAdminConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session, CSRF and authentication: a cached page costs none of their work.
    "community.pagecache.PageCacheMiddleware",
    # After the page cache: a kept page is kept with the policy naming its nonce.
    "community.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "community.web.RetryAfterMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "community.notifications.context_processors.notifications",
                "forum.context_processors.forum_nav",
                "practices.context_processors.ideas_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while one request writes; IMMEDIATE takes the
    # write lock at BEGIN so concurrent writers wait instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Rate limits (allauth's and ours) live in the cache, so several web processes
# must share one: set REDIS_URL in production.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Page cache -----------------------------------------------------------------
# Anonymous visitors' pages are kept whole, and forgotten when something they
# show changes (community/pagecache.py); this bounds how long any copy lives,
# for what no change reports (relative times). 0 turns the cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# A write in one process must make every process forget the pages it changed,
# so the page cache is shared: Redis across machines, or else files that all
# the processes of one machine read. A local-memory cache would leave each
# gunicorn worker serving its own stale copy after another worker's write.
# Several machines without Redis would each keep their own: set REDIS_URL.
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "community.filecache.SharedFileCache",
        "LOCATION": VAR_DIR / "pages",
        # Pages, the hints of what they show and the generations of what changed;
        # past this, a third of the files are dropped, which only costs renders.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# --- Search ---------------------------------------------------------------------
# Empty: the database's own full-text search. A URL: an Elasticsearch 8 cluster.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# The alias searches and writes go through; each rebuild makes a versioned index
# "<alias>-<timestamp>" behind it. Sites sharing a cluster each need their own.
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="service-commons")
# How many results a search ranks, counts and lets anyone page through; past
# it the page says "1,000+": ranking every match of a common word is what
# made searches slow on a large site.
SEARCH_RESULTS_CAP = env.int("SEARCH_RESULTS_CAP", default=1000)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background tasks -----------------------------------------------------------
# immediate: tasks run inside the request (laptop, tests).
# database: tasks are stored and run by `manage.py db_worker` processes.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}

# --- E-mail ---------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Service Commons <community@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "community.accounts.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupDetailsForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Tell people when their password or addresses change, in case it was not them.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("SITE_NAME", default="Service Commons")

# Addresses on these domains are company staff: once verified, the user becomes a Worker.
WORKER_EMAIL_DOMAINS = [
    d.strip().lower().lstrip("@") for d in env.list("WORKER_EMAIL_DOMAINS", default=[]) if d.strip()
]

# Limits on writes that are cheap to abuse, per person: "count/period" (s, m, h, d).
RATE_LIMITS = {
    "forum.start_thread": env.str("RATE_LIMIT_THREADS", default="5/10m"),
    "forum.reply": env.str("RATE_LIMIT_REPLIES", default="20/10m"),
    "forum.react": env.str("RATE_LIMIT_REACTIONS", default="60/m"),
    "forum.flag": env.str("RATE_LIMIT_FLAGS", default="10/h"),
    "ideas.vote": env.str("RATE_LIMIT_VOTES", default="60/m"),
    "ideas.comment": env.str("RATE_LIMIT_COMMENTS", default="20/10m"),
    # Each proposal asks every editor for a review, by e-mail too.
    "practices.propose": env.str("RATE_LIMIT_PRACTICE_PROPOSALS", default="5/h"),
}
# A new account may start only this many threads in its first day.
FORUM_NEW_ACCOUNT_THREADS = env.int("FORUM_NEW_ACCOUNT_THREADS", default=3)

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Service Commons")
# The admin signs in through allauth so that its rate limits and MFA apply:
# /admin/login/ (community.views.admin_sign_in) sends visitors there, and tells
# someone signed in without admin access no, where allauth would send them back.
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
# E-mail and password changes go through allauth too: it verifies a new address
# before it is used and tells the owner when either changes.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Uploads are served from the site's own origin, so nothing that can carry
# script (SVG, HTML) is accepted.
# Avatars come from uploads only: Gravatar would send every admin's hashed
# address to a third party, and cannot be reached from closed networks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
TAGGIT_CASE_INSENSITIVE = True

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Security -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# What a page may load and run (community/csp.py): the site's own files, and
# inline code only with the nonce of its response ("{nonce}"), so markup that
# slips into a page cannot run script. Images may be data: URLs (the QR code
# that sets up an authenticator app). No page is shown in another's frame, as
# X_FRAME_OPTIONS says.
CSP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'nonce-{nonce}'",
    "style-src": "'self' 'nonce-{nonce}'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Wagtail's admin (under /admin/) writes inline scripts and styles without our
# nonce: the page explorer and editor set up their widgets (date pickers,
# inline panels) with a <script> beside the field, and the jQuery they use adds
# inline scripts and styles of its own. There inline code is let in; it has no
# nonce, which would turn 'unsafe-inline' off. The editor shows its preview in
# a frame from the admin itself, the dashboard asks releases.wagtail.org
# whether Wagtail has a newer release (for superusers), and images being
# uploaded are shown from blob: addresses.
CSP_ADMIN_POLICY = {
    **CSP_POLICY,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "connect-src": "'self' https://releases.wagtail.org",
    "frame-ancestors": "'self'",
}
# Where browsers report what the policy refused (report-uri); empty: nowhere.
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Every task start and finish is logged at INFO; only problems matter here.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The Elasticsearch client logs every request at INFO.
        "elastic_transport": {"level": "WARNING"},
    },
}
