"""Forms for following a program: enrolling, choosing training days and the training time."""

from datetime import date, timedelta

from django import forms

from innerback.accounts.models import User
from programs.models import Weekday
from programs.once import FormTokenField
from programs.planning.calendar import DEFAULT_TRAINING_DAYS
from programs.progression import day_text

# How far ahead a plan may start: far enough to plan around a holiday, near enough that a
# typo in the year is caught.
MAX_START_AHEAD = timedelta(days=366)


class TrainingDaysField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Training days")
        super().__init__(
            choices=Weekday.choices,
            coerce=int,
            error_messages={"required": "Choose at least one training day."},
            **kwargs,
        )


class TrainingDaysForm(forms.Form):
    training_days = TrainingDaysField()


class EnrolForm(TrainingDaysForm):
    """Start date (the trainee's local today by default) and weekdays to train on."""

    client_token = FormTokenField(required=False)
    start_date = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Your first session is on the first training day from this date.",
    )

    field_order = ["start_date", "training_days"]

    def __init__(self, *args, today: date, **kwargs) -> None:
        kwargs.setdefault("initial", {"start_date": today, "training_days": DEFAULT_TRAINING_DAYS})
        super().__init__(*args, **kwargs)
        self.today = today
        widget = self.fields["start_date"].widget
        widget.attrs.update(
            {"min": today.isoformat(), "max": (today + MAX_START_AHEAD).isoformat()}
        )

    def clean_start_date(self) -> date:
        start: date = self.cleaned_data["start_date"]
        if start < self.today:
            raise forms.ValidationError(
                f"Start today ({day_text(self.today)}) or later: past days cannot be trained."
            )
        if start > self.today + MAX_START_AHEAD:
            raise forms.ValidationError("Choose a start date within the next year.")
        return start


class TrainingTimeForm(forms.ModelForm):
    """When the person usually starts training, in their own time zone: their calendar
    feed's events and their reminders are at this time."""

    class Meta:
        model = User
        fields = ["training_time"]
        labels = {"training_time": "Usual training time"}
        help_texts = {
            "training_time": "Your calendar feed puts each session at this time, in your time zone."
        }
        widgets = {"training_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {
            "training_time": {
                "required": "Give the time you usually train, like 18:00.",
                "invalid": "Give a time of day as hours and minutes, like 07:30 or 18:00.",
            }
        }
