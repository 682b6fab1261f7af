"""How much one person may store in a program and in each text they write, in one place.

Text lengths count characters. Each one is a field's `max_length` (forms refuse a longer
text beside the field); a `TextField`'s is also a database check, so no path stores more.
The size caps keep one program, and so every page that reads it, bounded: the builder
refuses the week, day or item past them with a message where it was asked for
(`programs.authoring.builder.ProgramFull`). docs/security.md ("Limits") lists them all.
"""

PROGRAM_NAME_LENGTH = 120
PROGRAM_DESCRIPTION_LENGTH = 4000
WEEK_FOCUS_LENGTH = 120
DAY_TITLE_LENGTH = 120
PRESCRIPTION_NOTES_LENGTH = 200
ADJUSTMENT_NOTE_LENGTH = 200
SET_NOTE_LENGTH = 500
COMMENT_LENGTH = 2000
OVERRIDE_REASON_LENGTH = 1000
# An uploaded log waits as text for its preview: at most 10 MB of UTF-8, so at most as many
# characters (each takes a byte or more).
IMPORT_FILE_BYTES = 10 * 1024 * 1024
IMPORT_TEXT_LENGTH = IMPORT_FILE_BYTES

# A year of training; a week has seven days; a day's list fits on a phone screen or two.
MAX_WEEKS_PER_PROGRAM = 52
MAX_DAYS_PER_WEEK = 7
MAX_ITEMS_PER_DAY = 12
# At the three caps above alone a program holds 4,368 items: copying it, laying it on a
# calendar or downloading it grows with that (issue #23). 500 items (a year of three days of
# three exercises, or twelve weeks of four days of eight) keep them bounded; the starter
# program has 120. The builder shows one week at a time (at most 7 x 12 items) and a line
# for each other week: about 45 kB for a year-long program.
MAX_ITEMS_PER_PROGRAM = 500
