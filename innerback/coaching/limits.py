"""How much one coach may write, in one place.

Each coach's comments and invitations are counted over the last hour from the rows'
`created_at` in the database, so every app server sees the same count; past the limit the
form says when the next one can be sent. docs/security.md ("Limits") lists them all.
"""

from datetime import timedelta

INVITATION_NOTE_LENGTH = 120

COMMENTS_PER_HOUR = 60
INVITATIONS_PER_HOUR = 30
RATE_WINDOW = timedelta(hours=1)
