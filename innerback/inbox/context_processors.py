from functools import cache

from django.http import HttpRequest

from .models import Flag


def open_flags(request: HttpRequest) -> dict:
    """`open_flag_count` for a coach's nav and roster: one query, made only by a page that
    shows it and once however often it shows it (the template calls it; the answer is kept
    for this request alone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_coach:
        return {}
    return {"open_flag_count": cache(lambda: Flag.objects.open().filter(coach=user).count())}
