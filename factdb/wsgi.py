import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdb.settings")

application = get_wsgi_application()

from factdb.system_checks import serving_secret_key_require  # noqa: E402 - needs the app loaded

serving_secret_key_require()
