from django.apps import AppConfig


class InnerbackConfig(AppConfig):
    name = "innerback"
    verbose_name = "People and coaching"
