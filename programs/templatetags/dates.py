"""Dates on every page, one way: the `day` filter (a built-in, see settings.TEMPLATES)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from programs.progression import day_text

register = template.Library()


@register.filter
def day(value: date | datetime | None) -> str:
    """ "Wed 2 Dec", as `progression.day_text` writes it, with the year when it is not this
    year ("Mon 30 Dec 2024"); a moment is shown on its local day. Nothing for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return day_text(value, with_year=value.year != timezone.localdate().year)
