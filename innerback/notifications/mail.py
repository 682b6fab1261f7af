"""Composing and sending one notification mail: a plain-text part and an HTML part, a
signed one-click unsubscribe link for its kind (RFC 8058), and a key so each cause is
mailed once."""

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Kind, SentMail

UNSUBSCRIBE_SALT = "innerback.notifications.unsubscribe"


def absolute(path: str) -> str:
    """A link into the app as a mail must write it: with the site's address."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user, kind: Kind) -> str:
    """Whoever holds this may stop `kind` mail to `user`, and nothing else. It does not
    expire: a months-old mail's link must still work."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"user": user.pk, "kind": Kind(kind).value}
    )


def read_unsubscribe_token(token: str) -> tuple[int, Kind] | None:
    """The person and kind a token names, or None when it was not signed by us."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        return int(value["user"]), Kind(value["kind"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def compose(*, kind: Kind, user, subject: str, template: str, context: dict):
    """The mail to `user`: `notifications/mail/<template>.txt` and `.html` rendered with
    `context`, and the unsubscribe link in the body and the List-Unsubscribe headers."""
    url = absolute(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))
    context = {
        **context,
        "user": user,
        "kind": Kind(kind),
        "unsubscribe_url": url,
        "settings_url": absolute(reverse("account")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/mail/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/mail/{template}.html", context), "text/html"
    )
    return message


def send_once(key: str, message: Callable[[], EmailMultiAlternatives | None]) -> bool:
    """Send the mail `message()` builds unless `key` was settled before; True when sent.

    The key is stored in the same transaction as the sending: a send that fails rolls the
    key back, so a retry may send it; a second worker waits on the key and finds it taken.
    `message()` may return None (nothing to say): the key is settled without a mail.
    """
    with transaction.atomic():
        if not SentMail.claim(key):
            return False
        built = message()
        if built is None:
            SentMail.objects.filter(key=key).update(sent=False)
            return False
        built.send()
    return True
