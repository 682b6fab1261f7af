"""What other apps may follow of a trainee's training without programs knowing them."""

from django.dispatch import Signal

# Sent with `trainee_id` inside the transaction of each write that may change what a coach is
# told about the trainee: a set logged, changed, deleted or restored, a session finished, a
# pain answer, an unlock, a change of coach. Receivers write in that same transaction, so
# what they keep never disagrees with the write (the coach's inbox, `innerback.inbox`).
trainee_changed = Signal()


def tell_trainee_changed(trainee_id: int) -> None:
    trainee_changed.send(sender=None, trainee_id=trainee_id)


# Sent with `comment` (a SessionComment) inside the transaction that saves a coach's comment,
# once, for a new comment only: the trainee's notice of it is mail's business
# (`innerback.notifications`), which coaching need not know.
comment_added = Signal()
