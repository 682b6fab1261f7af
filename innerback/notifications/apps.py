from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Mail that reaches people outside the browser: the coach's daily digest, the
    trainee's training-day reminder and the notice of a coach's comment, each sent once,
    by the task worker, as each person chose in their settings."""

    name = "innerback.notifications"
    label = "notifications"
    verbose_name = "Notifications"
