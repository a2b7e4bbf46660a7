"""Settings shared by every environment; values come from environment variables."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

# Each concern of issue 7 keeps its settings in its own module; their lists of
# apps and middleware are spliced in below.
from .accounts import *  # noqa: F403
from .integrity import *  # noqa: F403
from .limits import *  # noqa: F403
from .security import *  # noqa: F403
from .trust import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # modeltranslation must precede the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    *ACCOUNT_APPS,  # noqa: F405
    *SECURITY_APPS,  # noqa: F405
    "accounts",
    "audit",
    "moderation",
    "limits",
    "integrity",
    "backups",
    "mapping",
    "codesign",
    "contest",
    "community_map",
    "synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *SECURITY_MIDDLEWARE,  # noqa: F405
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *ACCOUNT_MIDDLEWARE,  # noqa: F405
    *AUDIT_MIDDLEWARE,  # noqa: F405
    *LIMIT_MIDDLEWARE,  # noqa: F405
    *INTEGRITY_MIDDLEWARE,  # noqa: F405
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

# Vector tiles are kept under their layer's version (mapping.tiles.views), so a
# write retires them all at once. Per process by default, as they are (no
# pickling) and bounded in entries and bytes (mapping.tiles.memory); point
# "tiles" at Redis or memcached to share them between app servers
# (docs/scaling.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tiles": {
        "BACKEND": "mapping.tiles.memory.ProcessMemory",
        "LOCATION": "birge-tiles",
        "TIMEOUT": None,
        "OPTIONS": {
            "MAX_ENTRIES": env.int("BIRGE_TILE_CACHE_ENTRIES", default=20000),
            "MAX_BYTES": env.int("BIRGE_TILE_CACHE_MB", default=256) * 1024 * 1024,
        },
    },
}
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
            ],
        },
    },
]


if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    # The project-local cluster (Makefile): a unix socket inside the checkout, so
    # two clones never share a database. Built as a dict, not a URL, because URL
    # parsing would lower-case a socket path with capitals in it.
    DATABASES = {
        "default": {
            "NAME": "birge",
            "USER": "birge",
            "HOST": str(BASE_DIR / ".pgdata" / "run"),
            "PORT": "5432",
        }
    }
# Whatever scheme DATABASE_URL names, Birge needs the PostGIS backend.
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL's JIT compiled for 1.8 s before a 0.3 s page of OGC items ran; Birge's
# statements are short and indexed, so it is off for Birge's own connections.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Prepared statements are off in Django's psycopg connections unless this is set.
# Django's own cursors bind on the client and never prepare; the tile views'
# server-side cursor (mapping/tiles/prepared.py) needs it.
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5

# Django warns that GDAL before 3.9 cannot block file and network access while
# parsing spatial references. Birge never hands outside SRS text to GDAL: the
# intake refuses any "crs" member and every geometry arrives as WGS 84.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "limits.backends.LoginLimitBackend",  # first: refuses locked or too many logins
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Languages: Kazakh first (the state language), then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# Birge's own messages first; then Kazakh for what Django's own kk catalogs lack
# (kept apart so makemessages on Birge's code never drops them).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
# Formats Django's locales lack (Kazakh decimal comma and digit grouping).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

# Curated content (towns, districts, sites) is stored in every language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru", "kk", "en")}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Requests with a body larger than this are refused before any view runs; the
# geometry intake has its own, smaller limit (BIRGE_INTAKE_MAX_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 5_000_000)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "mapping.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Birge API",
    "DESCRIPTION": (
        "Towns, districts and sites of Birge, a co-design and city-mapping "
        "service for the towns of Kazakhstan. Geometry is GeoJSON (RFC 7946, "
        "longitude/latitude in WGS 84)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc are served from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# Birge's own settings are read and checked in mapping/conf.py (prefix BIRGE_).
BIRGE_BASEMAP_STYLE_URL = env("BIRGE_BASEMAP_STYLE_URL", default="")
BIRGE_BASEMAP_ATTRIBUTION = env("BIRGE_BASEMAP_ATTRIBUTION", default="")
BIRGE_ADMIN_TILES_URL = env("BIRGE_ADMIN_TILES_URL", default="")

# The key of the keyed hash that stands in for a voter's IIN or voting code
# (codesign/identity.py). Changing it orphans every registration: keep it stable.
BIRGE_VOTER_HASH_KEY = env("BIRGE_VOTER_HASH_KEY", default="")

# Authors hear about every change of their proposal's status by e-mail.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Birge <birge@localhost>")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "mapping:home"
LOGOUT_REDIRECT_URL = "mapping:home"
# Photos: larger files are refused; pictures are re-encoded and scaled down.
BIRGE_PHOTO_MAX_BYTES = env.int("BIRGE_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
BIRGE_PHOTO_MAX_PIXELS = env.int("BIRGE_PHOTO_MAX_PIXELS", default=40_000_000)
BIRGE_PHOTO_LONG_SIDE = env.int("BIRGE_PHOTO_LONG_SIDE", default=1600)
# Uploaded official plans (GeoJSON, GeoPackage, KML, DXF): codesign/concept_files.
BIRGE_PLAN_MAX_BYTES = env.int("BIRGE_PLAN_MAX_BYTES", default=20 * 1024 * 1024)
BIRGE_PLAN_MAX_FEATURES = env.int("BIRGE_PLAN_MAX_FEATURES", default=2_000)
BIRGE_PLAN_MAX_LAYERS = env.int("BIRGE_PLAN_MAX_LAYERS", default=50)
# Where people reach this Birge: links in e-mails are built on it.
BIRGE_SITE_URL = env("BIRGE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# manage.py backup writes here; pg_dump/pg_restore come from this folder when set,
# otherwise from the server's own version under /usr/lib/postgresql (backups/conf.py).
BIRGE_BACKUP_DIR = env.path("BIRGE_BACKUP_DIR", default=BASE_DIR / "var" / "backups")
BIRGE_BACKUP_PG_BIN = env("BIRGE_BACKUP_PG_BIN", default="")
