"""Template tags for the trainee's side of coaching: their coach and the coach's comments.

Other pages include them with one line: `{% load coaching %}{% coach_comments %}` on the
dashboard, `{% coach_comments session %}` on a session page.
"""

from django import template

from innerback.coaching import relations
from innerback.coaching.models import Coaching

register = template.Library()


@register.inclusion_tag("innerback/_coach_comments.html", takes_context=True)
def coach_comments(context: template.Context, session=None) -> dict:
    """The signed-in trainee's coach comments, each new one with a "Mark as read" button
    (showing them changes nothing).

    Without a session: the unread ones, as a banner. With one of the trainee's own sessions:
    every comment on it. Anyone else's session shows nothing.
    """
    request = context["request"]
    user = request.user
    shown = {"comments": [], "session": session, "next": request.get_full_path()}
    if not user.is_authenticated or (session is not None and session.trainee_id != user.pk):
        return shown
    return {**shown, "comments": relations.comments_to_show(user, session)}


@register.simple_tag(takes_context=True)
def current_coaching(context: template.Context) -> Coaching | None:
    """`{% current_coaching as coaching %}`: the signed-in person's current coach, if any."""
    user = context["request"].user
    return relations.current_coaching(user) if user.is_authenticated else None
