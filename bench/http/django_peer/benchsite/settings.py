# bench/http's peer for the 20-row list: Django with Django REST framework,
# over the table the cpprustango bench app fills (BENCH_DB: a SQLite path or
# a postgresql:// URL). No middleware, no authentication: the list only.
# BENCH_AUTH=token (bench/rest) adds Django's auth, DRF's token authentication
# and a page-number paginated list at /api/httpbench/items/, as the REST
# plugin's viewset serves it; such a database gets Django's own tables
# (bench/rest/drf_setup.py), so it is never the one cpprustango migrates.
import os
from urllib.parse import urlparse

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "benchsite.urls"
INSTALLED_APPS = ["rest_framework", "httpbench"]
MIDDLEWARE = []
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_db = os.environ["BENCH_DB"]
if _db.startswith("postgres"):
    _url = urlparse(_db)
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": _url.path.lstrip("/"), "USER": _url.username or "",
        "HOST": _url.hostname or "", "PORT": str(_url.port or ""), "CONN_MAX_AGE": None,
    }}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _db}}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}

if os.environ.get("BENCH_AUTH") == "token":
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework",
                      "rest_framework.authtoken", "httpbench"]
    REST_FRAMEWORK = {
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
        "PAGE_SIZE": 20,
    }
