from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The front door (a landing page, or the signed-in person's dashboard) and the load
    balancer's health check."""

    name = "innerback.home"
    label = "home"
    verbose_name = "Home"
