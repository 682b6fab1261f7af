"""How long an activity's name may be (docs/security.md, "Limits"): a short phrase such as
"Sitting through a film" fits on a phone in one line or two."""

ACTIVITY_NAME_LENGTH = 80
