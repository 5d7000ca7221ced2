from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        from factdb.api.errors import api_error_register
        from sources.reading.rejections import InputRejected

        # Input the ingestion refuses is the sender's to fix: a 400 with the reason.
        api_error_register(InputRejected, status=400, code="input_rejected")
