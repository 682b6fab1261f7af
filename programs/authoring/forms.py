"""Forms of the program builder."""

from django import forms

from exercises.models import Exercise, Kind
from programs.models import Prescription, Program, ProgramDay, ProgramWeek
from programs.once import FormTokenField


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "description"]
        labels = {"name": "Program name"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NewProgramForm(ProgramForm):
    client_token = FormTokenField(required=False)


class CopyForm(forms.Form):
    """The button that copies a program or a week: its token alone."""

    client_token = FormTokenField(required=False)


class RenameWeekForm(forms.ModelForm):
    class Meta:
        model = ProgramWeek
        fields = ["focus"]
        labels = {"focus": "Focus of the week (optional)"}


class WeekForm(RenameWeekForm):
    client_token = FormTokenField(required=False)

    class Meta(RenameWeekForm.Meta):
        labels = {"focus": "Focus of the new week (optional)"}


class RenameDayForm(forms.ModelForm):
    class Meta:
        model = ProgramDay
        fields = ["title"]
        labels = {"title": "Title of the day (optional)"}


class DayForm(RenameDayForm):
    client_token = FormTokenField(required=False)

    class Meta(RenameDayForm.Meta):
        labels = {"title": "Title of the new day (optional)"}


def exercise_choices(exercises: list[Exercise]) -> list:
    """Exercises grouped by kind for a <select>, foundational first."""
    groups = []
    for kind in (Kind.FOUNDATIONAL, Kind.RESISTANCE):
        options = [(e.pk, e.name) for e in exercises if e.kind == kind]
        if options:
            groups.append((kind.label, options))
    return [("", "Choose an exercise"), *groups]


class ExerciseChoiceField(forms.ChoiceField):
    """Chooses from exercises loaded once per page, so a page with many day forms runs one
    query for all their menus instead of one per form."""

    def __init__(self, exercises: list[Exercise], **kwargs) -> None:
        kwargs.setdefault("error_messages", {"required": "Choose the exercise to add."})
        super().__init__(choices=exercise_choices(exercises), **kwargs)
        self.by_pk = {str(e.pk): e for e in exercises}

    def clean(self, value) -> Exercise | None:
        value = super().clean(value)
        return self.by_pk.get(value)


class PrescriptionForm(forms.ModelForm):
    """One item of a training day. Empty tempo takes the exercise's default; a held
    exercise is prescribed in seconds and a reps exercise in a rep range, so the other
    measure is dropped.

    Without `exercises` the form edits a saved prescription in place: the exercise stays
    what it is, everything else can change (and no token: an edit saved twice is one edit)."""

    client_token = FormTokenField(required=False)

    class Meta:
        model = Prescription
        fields = [
            "exercise",
            "sets",
            "reps_min",
            "reps_max",
            "hold_s",
            "tempo",
            "start_load_kg",
            "rest_s",
            "notes",
        ]
        labels = {
            "reps_min": "Reps, low end",
            "reps_max": "Reps, high end",
            "hold_s": "Hold (seconds)",
            "start_load_kg": "Starting load (kg)",
            "rest_s": "Rest (seconds)",
        }
        help_texts = {
            "reps_min": "For reps exercises.",
            "hold_s": "For held exercises such as bird-dog.",
            "tempo": "Lowering, pause, lifting, pause in seconds, like 3-1-1-0. "
            "Empty uses the exercise's tempo.",
            "start_load_kg": "Leave empty for 'by feel'; 0 is bodyweight.",
        }
        error_messages = {
            "sets": {
                "min_value": "Prescribe between 1 and 10 sets.",
                "max_value": "Prescribe between 1 and 10 sets.",
            },
        }

    def __init__(self, *args, exercises: list[Exercise] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if exercises is None:
            del self.fields["exercise"], self.fields["client_token"]
        else:
            self.fields["exercise"] = ExerciseChoiceField(exercises, label="Exercise")
        self.fields["tempo"].required = False
        self.fields["tempo"].widget.attrs.update({"placeholder": "3-1-1-0", "inputmode": "numeric"})
        self.fields["start_load_kg"].widget.attrs.update({"step": "0.5", "inputmode": "decimal"})
        for name in ("sets", "reps_min", "reps_max", "hold_s", "rest_s"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict:
        data = super().clean()
        exercise: Exercise | None = (
            data.get("exercise") if "exercise" in self.fields else self.instance.exercise
        )
        if exercise is not None:
            if not data.get("tempo") and "tempo" not in self.errors:
                data["tempo"] = exercise.default_tempo
            if exercise.is_hold:
                data["reps_min"] = data["reps_max"] = None
            else:
                data["hold_s"] = None
        return data
