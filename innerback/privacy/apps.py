from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """What the app holds about a person: download it all, or delete the account."""

    name = "innerback.privacy"
    label = "privacy"
    verbose_name = "Privacy"
