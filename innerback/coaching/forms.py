"""Forms for coaching: invitations, program assignment, adjustments, overrides, comments."""

from datetime import date
from decimal import Decimal

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q

from exercises.models import Exercise, validate_tempo
from innerback.accounts.models import User
from programs.models import (
    GateOverride,
    Prescription,
    PrescriptionAdjustment,
    Program,
    SessionComment,
    Weekday,
    convert_load,
)
from programs.once import FormTokenField
from programs.progression import day_text

from .models import Invitation
from .relations import invitation_by_code, normalise_code


class InvitationForm(forms.ModelForm):
    client_token = FormTokenField(required=False)

    class Meta:
        model = Invitation
        fields = ["note"]
        labels = {"note": "Who is it for? (optional)"}
        help_texts = {"note": "Only you see this, to tell your invitations apart."}
        widgets = {"note": forms.TextInput(attrs={"placeholder": "e.g. Sam from Tuesday class"})}


class InviteCodeForm(forms.Form):
    """A trainee types the code their coach gave them."""

    code = forms.CharField(
        label="Invitation code",
        max_length=24,
        help_text="Eight letters and digits, like K7QP-2MXA. Capitals and dashes do not matter.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        self.invitation = invitation_by_code(code)
        if self.invitation is None:
            raise forms.ValidationError(
                "No invitation has this code. Check it with your coach and try again."
            )
        return code


class TrainingDaysField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        super().__init__(
            choices=Weekday.choices,
            coerce=int,
            error_messages={"required": "Pick at least one training day."},
            **kwargs,
        )


def _visible_programs(coach: User) -> list[tuple[int, str, bool]]:
    """(id, name, built in) of each program the coach may assign (`visible_to`), built-in
    ones first, each by name: one query."""
    builtin = ExpressionWrapper(Q(owner__isnull=True), output_field=BooleanField())
    return list(
        Program.objects.visible_to(coach)
        .annotate(builtin=builtin)
        .order_by("-builtin", "name")
        .values_list("pk", "name", "builtin")
    )


class AssignProgramForm(forms.Form):
    """Put a client on a program (built-in or the coach's own) from a date, on chosen days."""

    client_token = FormTokenField(required=False)
    program = forms.ModelChoiceField(queryset=Program.objects.none(), empty_label=None)
    start_date = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The first week of the program begins in the week of this date.",
    )
    training_days = TrainingDaysField(label="Training days")

    def __init__(self, *args, coach: User, client: User, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"start_date": client.local_today(), "training_days": [0, 2, 4]}
        )
        super().__init__(*args, **kwargs)
        self.client = client
        field = self.fields["program"]
        field.queryset = Program.objects.visible_to(coach)  # what a posted choice must be in
        # Listed once: rendering a select reads its choices twice (the `required` attribute
        # looks at the first), and a queryset's choices would query both times.
        field.choices = [
            (pk, f"{name} (built-in)" if builtin else f"{name} (yours)")
            for pk, name, builtin in _visible_programs(coach)
        ]

    def clean_start_date(self) -> date:
        """Today or later, in the client's own time zone: a plan laid into the past would
        open with sessions already marked missed."""
        start = self.cleaned_data["start_date"]
        today = self.client.local_today()
        if start < today:
            raise forms.ValidationError(
                f"Pick today ({day_text(today)}) or a later date: "
                "past sessions would count as missed."
            )
        if (start - today).days > 365:
            raise forms.ValidationError("Start within the next year.")
        return start

    def clean_training_days(self) -> list[int]:
        return sorted(set(self.cleaned_data["training_days"]))


class AdjustmentForm(forms.ModelForm):
    """Change one prescription for one client; empty fields keep the program's value.

    The load is typed in the client's own unit and stored in kilograms like the program's.
    """

    load = forms.DecimalField(
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("999"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )

    class Meta:
        model = PrescriptionAdjustment
        fields = ["sets", "reps_min", "reps_max", "hold_s", "tempo", "note"]
        labels = {
            "reps_min": "Reps, low end",
            "reps_max": "Reps, high end",
            "hold_s": "Hold (seconds)",
            "note": "Note for the client",
        }
        widgets = {
            "sets": forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
            "reps_min": forms.NumberInput(attrs={"min": 1, "max": 50, "inputmode": "numeric"}),
            "reps_max": forms.NumberInput(attrs={"min": 1, "max": 50, "inputmode": "numeric"}),
            "hold_s": forms.NumberInput(attrs={"min": 1, "max": 300, "inputmode": "numeric"}),
            "tempo": forms.TextInput(attrs={"pattern": r"\d{1,2}-\d{1,2}-\d{1,2}-\d{1,2}"}),
        }

    def __init__(self, *args, prescription: Prescription, client: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prescription = prescription
        self.unit = client.load_unit
        exercise = prescription.exercise
        self.fields["load"].label = f"Starting load ({self.unit})"
        self.fields["load"].help_text = (
            "The load the client starts from; the engine still lowers it after a missed "
            "form check and raises it when they earn it."
        )
        self.fields["tempo"].help_text = "Lowering first, e.g. 3-1-1-0."
        self.fields["tempo"].validators = [validate_tempo]
        for name in ("reps_min", "reps_max", "hold_s"):
            self.fields[name].validators = []
        if exercise.is_hold:
            del self.fields["reps_min"], self.fields["reps_max"]
        else:
            del self.fields["hold_s"]
        if not exercise.is_resistance:
            del self.fields["load"]
        elif self.instance.start_load_kg is not None:
            self.initial["load"] = convert_load(self.instance.start_load_kg, "kg", self.unit)
        program = {
            "sets": prescription.sets,
            "reps_min": prescription.reps_min,
            "reps_max": prescription.reps_max,
            "hold_s": prescription.hold_s,
            "tempo": prescription.tempo,
            "load": convert_load(prescription.start_load_kg, "kg", self.unit),
        }
        for name, value in program.items():
            if name in self.fields and value is not None:
                self.fields[name].widget.attrs["placeholder"] = str(value)

    def _range_value(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return value if value is not None else getattr(self.prescription, name)

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, low, high in (("reps_min", 1, 50), ("reps_max", 1, 50), ("hold_s", 1, 300)):
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, f"Use a number from {low} to {high}.")
        if "reps_min" in self.fields and not self.errors:
            low, high = self._range_value("reps_min"), self._range_value("reps_max")
            if low is not None and high is not None and low > high:
                self.add_error("reps_min", f"The low end ({low}) is above the high end ({high}).")
        changed = [
            name
            for name in ("sets", "reps_min", "reps_max", "hold_s", "tempo", "load", "note")
            if cleaned.get(name) not in (None, "")
        ]
        if not self.errors and not changed:
            raise forms.ValidationError(
                "Fill in at least one field to change, or remove the adjustment."
            )
        return cleaned

    def save(self, commit: bool = True) -> PrescriptionAdjustment:
        adjustment = super().save(commit=False)
        load = self.cleaned_data.get("load")
        adjustment.start_load_kg = convert_load(load, self.unit, "kg") if load is not None else None
        if commit:
            adjustment.save()
        return adjustment


class GateOverrideForm(forms.ModelForm):
    """Unlock a gated exercise for one client; the reason is required and kept."""

    class Meta:
        model = GateOverride
        fields = ["exercise", "reason"]
        labels = {"exercise": "Exercise to unlock", "reason": "Why (the client sees this)"}
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, gated: list[Exercise], **kwargs) -> None:
        """`gated`: the exercises that can be unlocked, in catalog order."""
        super().__init__(*args, **kwargs)
        field = self.fields["exercise"]
        field.queryset = Exercise.objects.filter(pk__in=[e.pk for e in gated])
        # The options are the exercises in hand; the queryset only checks what is sent.
        field.choices = [(e.pk, e.name) for e in gated]
        # Sent for an exercise unlocked meanwhile (a double tap, another tab): say so.
        field.error_messages["invalid_choice"] = (
            "That exercise is not locked for this client (any more): there is nothing to unlock."
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError(
                "Write a reason of at least a few words: it is recorded with the unlock."
            )
        return reason


class CommentForm(forms.ModelForm):
    client_token = FormTokenField(required=False)

    class Meta:
        model = SessionComment
        fields = ["body"]
        labels = {"body": "Comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 2})}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something for your client to read.")
        return body
