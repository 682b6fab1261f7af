"""The account page's calendar-feed card reads the feed itself, so the accounts app needs
to know nothing of programs."""

from django import template

from programs.models import CalendarFeed

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed(context: template.Context) -> CalendarFeed | None:
    """`{% calendar_feed as feed %}`: the signed-in person's calendar feed, if it is on."""
    user = context["request"].user
    return CalendarFeed.objects.filter(owner=user).first() if user.is_authenticated else None
