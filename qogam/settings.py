"""Qogam's one settings module, read from the environment.

Every setting has a safe default for a local run; `.env.example` lists them all.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name, default=""):
    """Read a string setting."""
    return os.environ.get(name, default)


def env_bool(name, default=False):
    """Read a boolean setting; anything but a clear yes or no is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    """Read an integer setting."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    """Read a comma-separated list setting."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production-qogam"  # noqa: S105

# The key that turns an IIN into a signer key (HMAC-SHA256); separate from SECRET_KEY so
# that rotating the session key does not break the one-signature-per-person constraint.
IIN_HASH_KEY = env_str("IIN_HASH_KEY") or SECRET_KEY
# The key of the receipts' digests in the public signature logs (HMAC-SHA256); derived from
# the IIN key unless set, so that a log's digests stay findable when SECRET_KEY rotates.
RECEIPT_KEY = env_str("RECEIPT_KEY") or "receipts:" + IIN_HASH_KEY
# The key of the signers' network digests that the moderators cluster by (HMAC-SHA256 of the
# truncated address and the petition's id); derived from the IIN key unless set, so that a
# petition's clusters survive a rotation of SECRET_KEY.
NETWORK_KEY = env_str("NETWORK_KEY") or "networks:" + IIN_HASH_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The name emails greet and sign with, the same in every language (as the brand in the header).
SITE_NAME = env_str("SITE_NAME", "Qogam")

INSTALLED_APPS = [
    # The project layer first: its templates and commands are the site's own.
    "qogam",
    "portal",
    "platforms",
    "petitions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_structlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Oversized bodies and addresses, NUL bytes and unknown methods never reach a view.
    "portal.middleware.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "portal.health.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "qogam.urls"
WSGI_APPLICATION = "qogam.wsgi.application"

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
                "qogam.context_processors.work",
            ],
        },
    },
]

# Database: SQLite under var/ for a quick local run, PostgreSQL (psycopg 3 with its
# connection pool) when DATABASE_URL names one.
# The test suite runs on PostgreSQL, the production engine.
DATABASE_URL = env_str(
    "DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/qogam"
    if TESTING
    else f"sqlite:///{VAR_DIR / 'qogam.sqlite3'}",
)


def database(url):
    """One connection's settings from its URL."""
    settings = dj_database_url.parse(url)
    if settings["ENGINE"] == "django.db.backends.postgresql":
        settings["CONN_MAX_AGE"] = 0
        settings["CONN_HEALTH_CHECKS"] = True
        settings.setdefault("OPTIONS", {})
        # An unreachable database is a quick 503 (portal/health.py), not a long wait and a 500.
        settings["OPTIONS"]["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 2)
        # Behind PgBouncer in transaction mode a server connection serves another client after
        # each transaction, so no cursor may outlive one (`.iterator()` opens a server-side
        # cursor). Django prepares no statement (prepare_threshold None, client-side binding).
        settings["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS")
        if not TESTING:
            # The pool checks each connection before handing it out (CONN_HEALTH_CHECKS), so
            # that dead ones (after a database restart) are replaced and no request fails on
            # them.
            import portal.dbpool  # noqa: F401  (quick retries: see there)

            settings["OPTIONS"]["pool"] = {
                "min_size": env_int("DB_POOL_MIN", 2),
                "max_size": env_int("DB_POOL_MAX", 10),
                "timeout": float(env_str("DB_POOL_TIMEOUT", "2")),
            }
    elif settings["ENGINE"] == "django.db.backends.sqlite3":
        VAR_DIR.mkdir(exist_ok=True)
        settings["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        }
    return settings


DATABASES = {"default": database(DATABASE_URL)}

# Read replicas (PostgreSQL streaming replicas of the primary, DATABASE_URL): visitors' reads
# go to one of them, everything else to the primary (portal/replicas.py). Without them no
# router is installed and every query goes to the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
# How long after a person's write their reads stay on the primary, so they see their change
# whatever the replicas' lag.
REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 5)
# How long a process reads the primary instead of a replica it could not reach.
REPLICA_RETRY_SECONDS = env_int("REPLICA_RETRY_SECONDS", 5)
REPLICA_DATABASES = []
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    alias = f"replica_{number}"
    DATABASES[alias] = database(url)
    if DATABASES[alias]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: replica {number} is not PostgreSQL.")
    # Tests read and write the test database alone, whatever the replicas.
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(alias)
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
    # Before the sessions: the request's choice of database covers every query it makes.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.middleware.HostileInputMiddleware") + 1,
        "portal.replicas.ReplicaMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# Cache (and so every rate limit) lives in a store that all workers share: Redis when
# REDIS_URL is set, otherwise a database table. Redis is only a cache: when it cannot be
# reached, every call goes to the database table instead (portal/cache.py), and Redis is tried
# again after REDIS_RETRY_SECONDS. Both need `manage.py createcachetable` once.
REDIS_URL = env_str("REDIS_URL")
REDIS_TIMEOUT = float(env_str("REDIS_TIMEOUT", "0.5"))
REDIS_RETRY_SECONDS = env_int("REDIS_RETRY_SECONDS", 5)
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "qogam_cache",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "FALLBACK": "database",
        },
        "database": DATABASE_CACHE,
    }
else:
    CACHES = {"default": DATABASE_CACHE}

# Public pages for visitors who are not signed in are kept this many seconds in the cache
# (portal/pagecache.py: changes invalidate them at once; only signature counts lag); 0 turns
# it off. Off in the test suite, but for the tests of the cache itself.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if TESTING else 5)
# How long a signed-in person's row and roles are kept in the cache (portal/auth.py): every
# change to them forgets them at once.
PERSON_CACHE_SECONDS = env_int("PERSON_CACHE_SECONDS", 0 if TESTING else 300)

# Django's and allauth's backends, whose `get_user` reads a person's roles in the same query
# as their row (portal/auth.py). Sessions opened before they were named so are signed out.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "portal.auth.PasswordBackend",
    "portal.auth.AccountBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): email is the login, verification is mandatory, and no
# page or message tells whether an email has an account.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Qogam: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or TESTING else "https"
ACCOUNT_RATE_LIMITS = {
    # per IP address and per attempted login
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # petitions: see PETITION_SIGN_RATE below
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Sessions are kept in PostgreSQL and read through the cache: a signed-in page asks Redis,
# not the database, who is signed in (a session survives a Redis outage or restart).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "portal.error_views.csrf_failure"

# Internationalisation: Kazakh first, then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if DEBUG or TESTING:
    # WhiteNoise expects the folder even before the first collectstatic.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Email: the console in development, SMTP in production; files in EMAIL_FILE_PATH when set.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Qogam <noreply@qogam.kz>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: run at once in development and tests, queued in the database for
# a worker (`manage.py db_worker`) in production.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}
# A task still marked running this many seconds after it started is taken for dead (its
# worker was killed) and re-queued by `manage.py requeue_stuck_tasks` (the clocks timer runs it).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 300)
# Finished tasks and the idempotency keys of sent emails are forgotten after this many days
# (`manage.py prune_task_history`, run by the clocks timer).
TASK_HISTORY_KEEP_DAYS = env_int("TASK_HISTORY_KEEP_DAYS", 30)

# Security: strict in production, relaxed only for the local run.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Logs: one JSON line per request and per error, in UTC (portal/logs.py), with the request
# id, route, status, duration and account id; no personal data (no IIN, email or address).
from portal import logs  # noqa: E402

logs.configure()
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# A line when the request ends, not one more when it starts.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = 10  # DEBUG
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": logs.formatter()},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Tasks run inside the request in development: a line per email is noise there.
        "django_tasks": {"level": "INFO" if TASKS_BACKEND == "database" else "WARNING"},
        # The request lines (portal/logs.py) replace Django's own line per 4xx answer; its
        # errors stay, each a line with its traceback.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Which identity provider proves who signs a petition (design §4.3).
IDENTITY_PROVIDER = env_str("IDENTITY_PROVIDER", "portal.identity.DeclaredIINProvider")

# The EDS provider (portal.eds.EDSProvider): the folder of NCA root and intermediate
# certificates that a signer's certificate must chain to, how revocation is checked ("ocsp",
# "crl" or "either"), what an unreachable responder means ("refuse" or "accept"), how long a
# challenge lives, where the page asks NCALayer, and the NCANode server that checks GOST keys.
EDS_TRUST_STORE_DIR = env_str("EDS_TRUST_STORE_DIR", "")
EDS_REVOCATION = env_str("EDS_REVOCATION", "ocsp")
EDS_REVOCATION_UNREACHABLE = env_str("EDS_REVOCATION_UNREACHABLE", "refuse")
EDS_REVOCATION_TIMEOUT = env_int("EDS_REVOCATION_TIMEOUT", 10)
EDS_CHALLENGE_SECONDS = env_int("EDS_CHALLENGE_SECONDS", 300)
EDS_NCALAYER_URL = env_str("EDS_NCALAYER_URL", "wss://127.0.0.1:13579")
EDS_GOST_VERIFIER = env_str("EDS_GOST_VERIFIER", "portal.ncanode.NCANodeVerifier")
NCANODE_URL = env_str("NCANODE_URL", "")
NCANODE_TIMEOUT = env_int("NCANODE_TIMEOUT", 10)
# Challenges issued and signatures checked per account and per address, in the shared cache:
# each challenge is a row, and each check parses a CMS and may ask an OCSP responder.
ACCOUNT_RATE_LIMITS["prove_identity"] = env_str("EDS_PROVE_RATE", "10/m/user,30/m/ip")

# Online petitions (design §4): the legal numbers, each a setting a deployment may change.
PETITION_MODERATION_WORKING_DAYS = env_int("PETITION_MODERATION_WORKING_DAYS", 20)
PETITION_INITIAL_SUPPORT = env_int("PETITION_INITIAL_SUPPORT", 50)
PETITION_SUPPORT_WORKING_DAYS = env_int("PETITION_SUPPORT_WORKING_DAYS", 10)
PETITION_COLLECTION_MONTHS = env_int("PETITION_COLLECTION_MONTHS", 6)
PETITION_CONSIDERATION_WORKING_DAYS_CENTRAL = env_int(
    "PETITION_CONSIDERATION_WORKING_DAYS_CENTRAL", 40
)
PETITION_CONSIDERATION_WORKING_DAYS_LOCAL = env_int("PETITION_CONSIDERATION_WORKING_DAYS_LOCAL", 20)
PETITION_THRESHOLDS = {
    # Government and central state bodies: a fixed number.
    "central": 50_000,
    # Oblast (and city of republican significance) bodies: a share of the population, in %.
    "regional_akimat_percent": 1,
    "regional_maslikhat_percent": 2,
    # District and city bodies: fixed numbers, or a share where the population is small.
    "district_akimat": 2_500,
    "district_maslikhat": 5_000,
    "small_district_population": 50_000,
    "small_district_akimat_percent": 5,
    "small_district_maslikhat_percent": 10,
}
# Signing limits per account and per IP address, in the shared cache (allauth's syntax).
ACCOUNT_RATE_LIMITS["sign_petition"] = env_str("PETITION_SIGN_RATE", "30/m/user,120/m/ip")
# The moderators' signals against mass signing: an account opened this many hours or less
# before it signed is counted as fresh.
PETITION_FRESH_ACCOUNT_HOURS = env_int("PETITION_FRESH_ACCOUNT_HOURS", 24)

# The REST API (design §6): JSON only, session or token sign-in, write throttles in the
# shared cache. The pages, throttles and language of every endpoint are set in portal/api.py.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call is answered 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["portal.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "portal.apifilters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # Writes (POST, PATCH, DELETE) per account and per IP address; reads are not limited.
        "writes_user": env_str("API_WRITE_RATE_USER", "60/min"),
        "writes_ip": env_str("API_WRITE_RATE_IP", "300/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Behind load balancers or proxies: how many of them append to X-Forwarded-For, so that the
# per-address rate limits count each visitor's address rather than the proxy's. With 0 the
# header is ignored (a visitor could otherwise write any address into it).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

SPECTACULAR_SETTINGS = {
    "TITLE": "Qogam API",
    "DESCRIPTION": (
        "The public REST API of Qogam, Kazakhstan's civil-society dialogue portal: petitions, "
        "their signatures and history, state bodies, regions, dialogue platforms and public "
        "councils, meetings, recommendations and NGOs. Reading is open to all; signing, filing "
        "and moderating need a session or a token (`Authorization: Token <key>`, from "
        "`POST /api/v1/auth/token`). Errors are JSON with `detail` and `code`. "
        "Messages follow `Accept-Language` (kk, ru, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "petitions.models.Petition.Status",
        "SignatureStatusEnum": "petitions.models.Signature.Status",
        "PlatformStatusEnum": "platforms.models.Platform.Status",
        "PlatformKindEnum": "platforms.models.Platform.Kind",
        "MembershipStatusEnum": "platforms.models.PlatformMembership.Status",
        "MembershipRoleEnum": "platforms.models.PlatformMembership.Role",
        "OrganizationMemberStatusEnum": "platforms.models.OrganizationMember.Status",
        "OrganizationMemberRoleEnum": "platforms.models.OrganizationMember.Role",
        "RecommendationStatusEnum": "platforms.models.Recommendation.Status",
        "RegionKindEnum": "portal.models.Region.Kind",
        "StateBodyKindEnum": "portal.models.StateBody.Kind",
    },
}

# State bodies' workspace and the escalating clocks (manage.py run_clocks).
# A warning goes out when a moderation or consideration clock has this many working days left.
PETITION_CLOCK_WARNING_WORKING_DAYS = env_int("PETITION_CLOCK_WARNING_WORKING_DAYS", 3)
# The largest signed answer (PDF) a body may attach to its response.
PETITION_SIGNED_ANSWER_MAX_BYTES = env_int("PETITION_SIGNED_ANSWER_MAX_BYTES", 10 * 2**20)
