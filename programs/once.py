"""One submission, one row: a form sent twice — a double tap, a retry after a dropped
connection, the same form racing itself from two requests — creates what it is for once.

Each create form carries a `client_token`, drawn fresh each time the form is drawn
(`FormTokenField`), and the row it creates stores it (`token_field`, unique within the row's
parent or owner). A write that finds its token already stored gives back that row and
creates nothing (`earlier`). Writes that number rows within a parent (weeks, days, items)
also lock the parent first, so two different submissions take the next numbers one after
the other instead of the same one; the lock also makes the token check and the insert one
step. Set logging follows the same rule with a token on every set
(`programs.training.logging.log_set`).

The forms that gained a token later take one as optional (`required=False`): one sent
without (a page drawn before, a script) is a new submission each time, while a browser
always sends the one its page was drawn with. The set form has always required its token.
"""

import uuid

from django import forms
from django.db import models
from uuid6 import uuid7

TOKEN_LOST = "This form lost its identity token. Reload the page and send it again."


class FormTokenField(forms.UUIDField):
    """The hidden token of one drawing of a create form; each unbound form draws its own
    (time-ordered, so new tokens go at the end of their index)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("initial", uuid7)
        kwargs.setdefault("error_messages", {"required": TOKEN_LOST, "invalid": TOKEN_LOST})
        super().__init__(**kwargs)


def token_field() -> models.UUIDField:
    """The model column keeping the token of the form that created the row; empty for rows
    made otherwise (copies, built-in programs, data loaded in bulk)."""
    return models.UUIDField(null=True, blank=True, editable=False)


def earlier[M: models.Model](rows: models.QuerySet[M], token: uuid.UUID | None) -> M | None:
    """The row among `rows` (the parent's or owner's) that this token already created, or
    None: a submission without a token is always new."""
    if token is None:
        return None
    return rows.filter(client_token=token).first()


def locked[M: models.Model](row: M) -> M:
    """`row` read again and locked until the transaction ends: writes under one parent go one
    at a time (on SQLite every write transaction already does), each seeing what the one
    before it wrote."""
    # `__class__`, not `type()`: request.user is a lazy wrapper that reports its model so.
    # `no_key`: rows that merely point at this one (a set logged in a locked session, say)
    # are not held up; only other writers taking this lock are.
    return row.__class__._default_manager.select_for_update(no_key=True).get(pk=row.pk)
