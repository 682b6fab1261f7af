from django.apps import AppConfig


class InboxConfig(AppConfig):
    """The coach's inbox: which client needs attention, and why, in numbers."""

    name = "innerback.inbox"
    label = "inbox"
    verbose_name = "Coach inbox"

    def ready(self) -> None:
        from programs.signals import trainee_changed

        from .refresh import refresh_on_change

        trainee_changed.connect(refresh_on_change, dispatch_uid="inbox_refresh_on_change")
