"""Store every account's email in its canonical form (models.canonical_email).

Two accounts whose addresses differ only in spelling (capitals, full-width letters, `ſ`)
are one address to login from now on. Which of them is the person is not for a migration
to decide, so it stops and lists them; an operator merges or renames them first (docs/
security.md, *Email identity*).
"""

import unicodedata
from collections import defaultdict

from django.db import migrations


def _canonical(address: str) -> str:
    # A copy of models.canonical_email as it stood when this migration was written.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", address).casefold()).strip()


def canonicalize_emails(apps, schema_editor) -> None:
    User = apps.get_model("innerback", "User")
    spellings = defaultdict(list)
    for pk, email in User.objects.order_by("pk").values_list("pk", "email"):
        spellings[_canonical(email)].append((pk, email))
    clashes = {form: rows for form, rows in spellings.items() if len(rows) > 1}
    if clashes:
        listed = "\n".join(
            f"  {form}: " + ", ".join(f"#{pk} {email!r}" for pk, email in rows)
            for form, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "These accounts are one email address spelled differently; merge or rename "
            f"them, then migrate again:\n{listed}"
        )
    for form, [(pk, email)] in spellings.items():
        if email != form:
            User.objects.filter(pk=pk).update(email=form)


class Migration(migrations.Migration):
    dependencies = [("innerback", "0004_coaching_moves_to_its_own_app")]

    # Going back leaves the addresses canonical: they are valid addresses either way.
    operations = [migrations.RunPython(canonicalize_emails, migrations.RunPython.noop)]
