from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """Coaches and their clients: invitations, the roster, the client page, comments and
    gate overrides."""

    name = "innerback.coaching"
    label = "coaching"
    verbose_name = "Coaching"
