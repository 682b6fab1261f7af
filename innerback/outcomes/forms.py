"""The weekly check-in and the naming of PSFS activities. Each form builds its own fields."""

from typing import Any

from django import forms

from .limits import ACTIVITY_NAME_LENGTH
from .measures import ACTIVITIES, HIGHEST, LOWEST
from .models import Activity

SCORE_MESSAGE = f"Enter a whole number from {LOWEST} to {HIGHEST}."


def score_field(label: str, help_text: str) -> forms.IntegerField:
    """A 0–10 rating: a number pad on a phone, the same message for anything out of range."""
    messages = {name: SCORE_MESSAGE for name in ("required", "invalid", "min_value", "max_value")}
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=LOWEST,
        max_value=HIGHEST,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


def activity_field_name(activity: Activity) -> str:
    return f"activity_{activity.pk}"


class WeeklyForm(forms.Form):
    """This week's average pain and a score for each of the trainee's current activities."""

    def __init__(self, activities: list[Activity], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities
        self.fields["pain"] = score_field(
            "Your back pain on average over the past 7 days",
            "0 is no pain, 10 the worst pain you can imagine.",
        )
        for activity in activities:
            self.fields[activity_field_name(activity)] = score_field(
                activity.name,
                "How well can you do this now? 0 is not at all, 10 is as well as before "
                "your back trouble.",
            )

    def scores(self) -> dict[int, int]:
        """Each activity's score, by activity id."""
        return {a.pk: self.cleaned_data[activity_field_name(a)] for a in self.activities}


class ActivitiesForm(forms.Form):
    """Up to three everyday activities that back trouble makes hard; blanks are fine."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for place in range(1, ACTIVITIES + 1):
            self.fields[f"activity_{place}"] = forms.CharField(
                label=f"Activity {place}",
                required=False,
                max_length=ACTIVITY_NAME_LENGTH,
                error_messages={
                    "max_length": f"Keep it to {ACTIVITY_NAME_LENGTH} characters or fewer."
                },
            )
        self.fields["activity_1"].help_text = (
            "For example: sitting through a film, carrying the shopping, putting on socks. "
            "Leave a box empty if you have fewer than three."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        seen: set[str] = set()
        for place in range(1, ACTIVITIES + 1):
            key = f"activity_{place}"
            name = cleaned.get(key) or ""
            if name and name.casefold() in seen:
                self.add_error(key, "You named this activity already; name a different one.")
            seen.add(name.casefold())
        return cleaned

    def names(self) -> list[str]:
        return [self.cleaned_data[f"activity_{place}"] for place in range(1, ACTIVITIES + 1)]

    @staticmethod
    def initial_for(activities: list[Activity]) -> dict[str, str]:
        return {f"activity_{a.position}": a.name for a in activities}
