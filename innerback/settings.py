"""innerback settings: one file, configured from the environment with strict parsing.

Safe defaults: DEBUG is off unless asked for, and with DEBUG off a SECRET_KEY must be given.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything unrecognised fails loudly instead of guessing."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work run `make run` "
            "(it sets DEBUG=true) or `make test`."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "innerback.accounts",
    "exercises",
    "programs",
    "innerback.outcomes",
    "innerback.coaching",
    "innerback.inbox",
    "innerback.notifications",
    "innerback.privacy",
    "innerback.home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "innerback.api",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Only with APP_SERVER_NAME set: which app server answered (X-Served-By).
    "innerback.accounts.middleware.ServedByMiddleware",
    # Every response says which request it answers (X-Request-ID); the error log names it.
    "innerback.accounts.middleware.RequestIdMiddleware",
    # HEAD gets the headers of a GET and no body (the WSGI server would send it).
    "innerback.accounts.middleware.HeadWithoutBodyMiddleware",
    # Only with SERVER_TIMING=true (benchmarks): time and query count in a response header.
    "innerback.accounts.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages and htmx fragments go out gzipped to browsers that accept it (static files are
    # precompressed by WhiteNoise). Django pads gzip output at random against BREACH, and
    # CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL and lone surrogates in a path or query string: 400 before any view or query.
    "innerback.accounts.middleware.RefuseUnstorableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages: Cache-Control: private, no-cache.
    "innerback.accounts.middleware.PrivatePagesMiddleware",
    "innerback.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it can turn a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

SERVER_TIMING = env_bool("SERVER_TIMING", default=False)
# This app server's name among several behind a load balancer (deploy/Procfile); empty alone.
APP_SERVER_NAME = os.environ.get("APP_SERVER_NAME", "").strip()

ROOT_URLCONF = "innerback.urls"
WSGI_APPLICATION = "innerback.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innerback.inbox.context_processors.open_flags",
            ],
            # Every template writes dates one way, with `|day`.
            "builtins": ["programs.templatetags.dates"],
        },
    },
]

# No cache: every page reads what it shows from the database (stored progress included), so
# app servers hold nothing of anyone and any worker answers any request alike. Django's
# default (local memory) stays unused; a shared backend comes only with a measured need.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL let concurrent writers queue instead of failing with
    # "database is locked" when several people log sets at the same moment.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, as the app does: an in-memory database shared between threads
    # answers a second writer "table is locked" at once instead of queuing it, so the tests
    # of simultaneous requests (tests/test_concurrent_creates.py, the sign-up race in
    # tests/innerback/accounts/test_signup_race.py) could not run on it. One file per test
    # process, so two runs side by side each have their own.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"db.sqlite3.test-{os.getpid()}")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Send parameters apart from the SQL text, so that psycopg can prepare a
    # query once it has run five times on a connection and skip planning it from then on
    # (planning the session lookup's joins took 0.2-0.8 ms, its execution 0.1). Connections
    # last (CONN_MAX_AGE), and with them what they prepared; a pooler in transaction mode
    # would need prepare_threshold None.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "innerback.User"
# Axes first: it refuses a login attempt for a locked-out account or address before any
# password is checked; ModelBackend then does the real authentication.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# The app is written in English and ships no translations. Django's translation machinery,
# when on, looks up the active language for every number and date a template prints: about
# 0.3–0.6 ms of a session page's rendering (docs/benchmarks.md).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Development prints mail (password resets) to the console; production sends it over SMTP
# configured from the environment.
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innerback <no-reply@localhost>")
# The site's address as mail writes its links (a digest's "look", an unsubscribe link):
# a mail has no request to take the host from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Work done outside requests (notification mail) goes through Django's Tasks framework to a
# queue in the database, a table like any other: a request only adds a row, so it never
# waits for SMTP, and nothing is lost while the worker (`manage.py db_worker`) is stopped.
# The scheduler (`manage.py run_scheduler`) enqueues the periodic work. No broker to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The REST API (/api/v1/): personal access tokens only, a request limit per token counted
# in a cache table in the database that every app server shares (`createcachetable` runs in
# the API's first migration), and an OpenAPI 3 schema at /api/schema/.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "api_cache"},
}
API_THROTTLE_CACHE = "api"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["innerback.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["innerback.api.authentication.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["innerback.api.authentication.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "120/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "innerback.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "innerback API",
    "DESCRIPTION": "Your exercises, plan, sessions, sets and the engine's decisions; for "
    "coaches, their clients' logs. Authenticate with a personal access token from your "
    "account settings: `Authorization: Bearer ib_…`. Read as a page at /api/docs/.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations are tagged by the first part of their path after /api/v1/ (`sets`), which
    # groups them on the docs page; the tags' order and words are these.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": [
        {"name": "exercises", "description": "The exercise catalog, with each one's form checks."},
        {"name": "plan", "description": "A week of your plan, as /plan/ shows it."},
        {"name": "sessions", "description": "Your training sessions, scheduled and done."},
        {"name": "sets", "description": "Your logged sets: log, read, edit, delete."},
        {"name": "decisions", "description": "The engine's decisions for today, with reasons."},
        {"name": "logs", "description": "Your log CSV, the columns of /logs/export.csv."},
        {"name": "clients", "description": "Coaches: current clients and their logged sets."},
    ],
}

# Strict Content-Security-Policy: only our own static files; no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Behind TLS in production (DEBUG off) cookies are Secure and HSTS is on; a plain-HTTP
# local run of the production settings can turn them off with SECURE_COOKIES=false.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE_COOKIES)
# A load balancer's health checks speak plain HTTP to the app server: /healthz and /readyz
# answer them instead of redirecting to HTTPS (they carry no cookie and no data).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0

# Login throttling (django-axes; numbers and reasons in docs/security.md). Failures count
# per account *from one address*: five pause that account from that address for 15 minutes,
# while its owner elsewhere still gets in. Failures from one address over all accounts have
# a much higher limit, so a gym's shared wifi is not paused by one person's typos but a
# guesser trying many accounts is. Attempts live in the database, so every app server sees
# the same count; they expire with the cool-off. A successful login does not wipe them (or
# anyone holding one valid account could reset their address's count between guesses);
# choosing a new password through a reset link does, for that account.
AXES_HANDLER = "innerback.accounts.security.LoginThrottle"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "innerback.accounts.security.login_username"
AXES_CLIENT_IP_CALLABLE = "innerback.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "innerback.accounts.security.login_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = False
# Keep no per-login history of addresses and browsers: only the failures the lock needs.
AXES_DISABLE_ACCESS_LOG = True
# Number of reverse proxies (load balancer, CDN) in front of the app that append to
# X-Forwarded-For. 0 means clients connect directly; see innerback/accounts/security.py.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Whether a request came over HTTPS, as our proxy says in X-Forwarded-Proto. Trusted only
# behind a proxy (which must set the header itself, replacing any the client sent); reached
# directly, any client could claim HTTPS with it. Set explicitly to override.
TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", default=TRUSTED_PROXY_COUNT > 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_X_FORWARDED_PROTO else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "innerback.home.errors.OneLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Totals of streamed responses under SERVER_TIMING (silent when it is off).
        "innerback.server_timing": {"level": "INFO"},
        # A failed request is one JSON line with its request id (innerback/home/errors.py).
        "django.request": {"handlers": ["requests"], "propagate": False},
        # WeasyPrint warns about every screen-only CSS rule of the week's stylesheet on every
        # PDF (media queries, SVG properties) it rightly ignores; its errors still show.
        "weasyprint": {"level": "ERROR"},
        # The task worker's account of each task, once (db_worker adds its own handler to
        # a logger that has none, which the root's would then repeat).
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "innerback.notifications": {"level": "INFO"},
    },
}
