from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: the custom user (email login, time zone, load unit), sign-up and settings.

    Its label stays "innerback", the app it was split out of, so its tables
    (`innerback_user`) and migrations carry on unchanged."""

    name = "innerback.accounts"
    label = "innerback"
    verbose_name = "People"
