from django import forms

from .models import Preferences

HOUR_MESSAGE = "Choose an hour from 00:00 to 23:00."


class PreferencesForm(forms.ModelForm):
    """Which mail to get and when, edited beside the account settings."""

    class Meta:
        model = Preferences
        fields = [
            "digest",
            "digest_hour",
            "reminder",
            "reminder_hour",
            "comment",
            "quiet_start",
            "quiet_end",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "digest_hour": {"invalid_choice": HOUR_MESSAGE},
            "reminder_hour": {"invalid_choice": HOUR_MESSAGE},
            "quiet_start": {"invalid": "Write a time as hours and minutes, e.g. 22:00."},
            "quiet_end": {"invalid": "Write a time as hours and minutes, e.g. 07:00."},
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.is_coach:
            # Only coaches have an inbox to digest.
            del self.fields["digest"], self.fields["digest_hour"]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if start is None and end is not None and "quiet_start" not in self.errors:
            self.add_error("quiet_start", "Give both ends of your quiet hours, or neither.")
        if end is None and start is not None and "quiet_end" not in self.errors:
            self.add_error("quiet_end", "Give both ends of your quiet hours, or neither.")
        return cleaned

    def save(self, commit: bool = True) -> Preferences:
        """The person's row, made on their first save; two saves at once both land on it."""
        values = {name: self.cleaned_data[name] for name in self.fields}
        preferences, _ = Preferences.objects.update_or_create(
            user=self.instance.user, defaults=values
        )
        self.instance = preferences
        return preferences
