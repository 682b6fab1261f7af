from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from innerback.accounts.models import User

from .mail import read_unsubscribe_token
from .models import Preferences


# A mail program's one-click unsubscribe (RFC 8058) POSTs here with no CSRF token; the
# signed link is the authority, and all it can do is stop one kind of mail to one person.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    """GET asks to confirm (a link scanner's visit changes nothing); POST unsubscribes."""
    named = read_unsubscribe_token(signed)
    person = User.objects.filter(pk=named[0]).first() if named else None
    if named is None or person is None:
        return TemplateResponse(
            request, "notifications/unsubscribe.html", {"invalid": True}, status=400
        )
    kind = named[1]
    done = request.method == "POST"
    if done:
        Preferences.opt_out(person, kind)
    return TemplateResponse(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
