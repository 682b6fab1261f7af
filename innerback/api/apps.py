from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innerback.api"
    label = "api"
    verbose_name = "API"
