from django.apps import AppConfig
from django.core import checks


class FactDBConfig(AppConfig):
    name = "factdb"
    verbose_name = "FactDB"

    def ready(self) -> None:
        from factdb import system_checks

        checks.register(system_checks.secret_key_check, checks.Tags.security, deploy=False)
