from django.apps import AppConfig


class InboxConfig(AppConfig):
    """The coach's inbox: which client needs attention, and why, in numbers."""

    name = "innerback.inbox"
    label = "inbox"
    verbose_name = "Coach inbox"
