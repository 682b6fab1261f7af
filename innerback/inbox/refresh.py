"""Keeping the coaches' inboxes up to date: the rules (`rules.causes`) read over the stored
figures (`reading.read_figures`), and the flags raised and cleared as `rules.transitions`
says, in one transaction.

`refresh_inbox_for` runs in the transaction of each write that changes a cause (a set, a
pain answer, an unlock, a change of coach: `programs.signals.trainee_changed`);
`refresh_all_inboxes` runs on a schedule for the causes that time alone brings (silence,
a gate locked too long, adherence sliding), batch by batch in a fixed number of queries.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from innerback.accounts.models import User
from innerback.coaching.models import Coaching

from . import rules
from .models import SUMMARY_LENGTH, Flag, Kind
from .reading import read_figures

BATCH_SIZE = 200

# Where on the client's page the coach acts on each kind of flag.
_ANCHORS = {
    Kind.ADHERENCE_DROP: "figures-heading",
    Kind.FORM_FAILING: "recent-heading",
    Kind.GATE_STUCK: "gates",
    Kind.INACTIVE: "figures-heading",
    Kind.FOREIGN_OVERRIDE: "gates",
    Kind.PAIN: "pain",
}


def link_for(client_id: int, kind: str) -> str:
    return f"{reverse('coach:client', args=[client_id])}#{_ANCHORS[Kind(kind)]}"


def refresh_inbox_for(client: User, now: datetime) -> None:
    """Raise and clear the flags of `client` as their causes stand at `now`: flags for
    their current coach, and every standing flag of a former coach cleared."""
    _refresh_one(client.pk, now)


def _refresh_one(client_id: int, now: datetime) -> None:
    # In the caller's transaction when there is one, without a savepoint: a failure here
    # fails the write that called for it.
    with transaction.atomic(savepoint=False):
        current = Coaching.objects.current().filter(client_id=client_id).select_related("client")
        coaching = current.first()
        if coaching is None:
            # No coach, no causes: whatever stands is cleared, in one statement.
            Flag.objects.filter(client_id=client_id, cleared_at__isnull=True).update(cleared_at=now)
            return
        _refresh({client_id: coaching.coach_id}, [coaching.client], now)


def refresh_all_inboxes(now: datetime) -> int:
    """`refresh_inbox_for` every client with a current coach or a standing flag, in batches
    of BATCH_SIZE, each in its own transaction and a fixed number of queries. Returns how
    many clients were looked at."""
    coached = set(Coaching.objects.current().values_list("client_id", flat=True))
    flagged = set(Flag.objects.filter(cleared_at__isnull=True).values_list("client_id", flat=True))
    ids = sorted(coached | flagged)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        with transaction.atomic():
            coach_of = dict(
                Coaching.objects.current()
                .filter(client_id__in=batch)
                .values_list("client_id", "coach_id")
            )
            _refresh(coach_of, list(User.objects.filter(pk__in=batch)), now)
    return len(ids)


def _refresh(coach_of: dict[int, int], clients: Iterable[User], now: datetime) -> None:
    clients = list(clients)
    coached = [client for client in clients if client.pk in coach_of]
    holding = {}
    for client_id, figures in read_figures(coach_of, coached, now).items():
        for (kind, cause), found in rules.causes(figures).items():
            holding[(coach_of[client_id], client_id, kind, cause)] = found
    standing = {
        (flag.coach_id, flag.client_id, flag.kind, flag.cause): flag.pk
        for flag in Flag.objects.filter(
            client_id__in=[client.pk for client in clients], cleared_at__isnull=True
        ).only("pk", "coach_id", "client_id", "kind", "cause")
    }
    changes = rules.transitions(standing, holding)
    if changes.clear:
        Flag.objects.filter(pk__in=[standing[key] for key in changes.clear]).update(cleared_at=now)
    if changes.raise_:
        # A racing refresh of the same client may raise the same flag first: the standing
        # flag's constraint keeps one, and this one is skipped.
        Flag.objects.bulk_create(
            [
                Flag(
                    coach_id=coach_id,
                    client_id=client_id,
                    kind=kind,
                    cause=cause,
                    summary=holding[key].summary[:SUMMARY_LENGTH],
                    link=link_for(client_id, kind),
                    raised_at=now,
                )
                for key in sorted(changes.raise_)
                for coach_id, client_id, kind, cause in [key]
            ],
            ignore_conflicts=True,
        )


def refresh_on_change(*, trainee_id: int, **kwargs) -> None:
    """`programs.signals.trainee_changed`: the write may have raised or cleared a cause."""
    _refresh_one(trainee_id, timezone.now())
