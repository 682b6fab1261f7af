"""Forms for logging a set, and for the pain answers beside it.

The same form logs a new set and edits a logged one. It knows the exercise (reps or hold,
foundational or resistance, its form self-checks) and the unit, so it can say exactly what is
wrong beside the field that is wrong, and it never saves anything itself: building the SetLog
is `programs.training.logging`'s job.
"""

import json
from decimal import Decimal

from django import forms

from exercises.amounts import number_text
from exercises.models import Exercise
from innerback.accounts.models import LoadUnit
from programs import progression
from programs.limits import SET_NOTE_LENGTH
from programs.models import PAIN_SCALE, MorningAnswer, SetLog
from programs.once import FormTokenField
from programs.templatetags.plan_format import load_text as shown_load
from programs.training.logging import ExerciseBlock, SetValues

MAX_REPS = 100
MAX_HOLD_S = 600
MAX_ECCENTRIC_S = 30
# A heavier load than this is a typo on a back-stabiliser program, not a set.
MAX_LOAD = {LoadUnit.KG: Decimal("400"), LoadUnit.LB: Decimal("880")}


CONFIRM_LOAD_LABEL = "Yes, that load is right"
# The one-tap button's words: it logs the values shown with every form check held.
FORM_HELD_LABEL = "Done — form held"


def _number_widget(*, step: str = "1", inputmode: str = "numeric") -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": inputmode, "step": step})


class SetLogForm(forms.Form):
    """One set as done: reps or hold seconds, load, lowering time, form self-checks, effort
    and a note. Ticked checks passed; the unticked ones are the set's failed checks.

    Sent with its "Done — form held" button (`form_held`), every check held whatever the
    boxes say: the trainee logs the values shown, as prescribed, in one tap.

    `editing=True` leaves out the hidden fields a new set carries (its client token and set
    number), since an edited set keeps both.
    """

    # Required, as since sets first had tokens: every set form drawn since carries one.
    client_token = FormTokenField()
    set_number = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form does not say which set it is. Reload the page.",
            "invalid": "This form does not say which set it is. Reload the page.",
            "min_value": "This form does not say which set it is. Reload the page.",
        },
    )
    reps = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_REPS,
        widget=_number_widget(),
        error_messages={
            "invalid": "Enter the reps as a whole number, like 10.",
            "min_value": "A set has at least 1 rep. Leave the set unlogged if you skipped it.",
            "max_value": f"More than {MAX_REPS} reps in one set looks like a typo.",
        },
    )
    hold_s = forms.IntegerField(
        label="Held (seconds)",
        required=False,
        min_value=1,
        max_value=MAX_HOLD_S,
        widget=_number_widget(),
        error_messages={
            "invalid": "Enter the seconds held as a whole number, like 20.",
            "min_value": "A hold lasts at least 1 second.",
            "max_value": f"A hold over {MAX_HOLD_S} seconds looks like a typo.",
        },
    )
    load = forms.DecimalField(
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        widget=_number_widget(step="0.01", inputmode="decimal"),
        error_messages={
            "invalid": "Enter the load as a number, like 8 or 12.5.",
            "min_value": "A load cannot be negative. Use 0 for no added load.",
            "max_decimal_places": "Give the load to at most 2 decimal places.",
            "max_digits": "That load is too large to be right.",
            "max_whole_digits": "That load is too large to be right.",
        },
    )
    eccentric_s = forms.IntegerField(
        label="Lowering (seconds)",
        required=False,
        min_value=0,
        max_value=MAX_ECCENTRIC_S,
        widget=_number_widget(),
        error_messages={
            "invalid": "Enter the lowering time as whole seconds, like 3.",
            "min_value": "Lowering time cannot be negative.",
            "max_value": f"Lowering for more than {MAX_ECCENTRIC_S} seconds looks like a typo.",
        },
    )
    checks = forms.MultipleChoiceField(
        label="Form checks",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": (
                "The exercise's form checks changed since this page loaded. Tick them again below."
            ),
        },
    )
    effort_rpe = forms.IntegerField(
        label="Effort (RPE 1–10, optional)",
        required=False,
        min_value=1,
        max_value=10,
        widget=_number_widget(),
        error_messages={
            "invalid": "Rate the effort from 1 (easy) to 10 (nothing left).",
            "min_value": "Rate the effort from 1 (easy) to 10 (nothing left).",
            "max_value": "Rate the effort from 1 (easy) to 10 (nothing left).",
        },
    )
    # The name of the one-tap submit button, never drawn as a field of its own.
    form_held = forms.BooleanField(required=False)
    held_label = FORM_HELD_LABEL
    # Shown beside the load only when the load looks like a jump (`progression.load_jump`).
    confirm_load = forms.BooleanField(label=CONFIRM_LOAD_LABEL, required=False)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=SET_NOTE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Keep the note to %(limit_value)d characters."},
    )

    def __init__(
        self,
        *args,
        exercise: Exercise,
        unit: str,
        sets: int | None = None,
        editing: bool = False,
        working_load: Decimal | None = None,
        confirmed_load: Decimal | None = None,
        **kwargs,
    ) -> None:
        """`working_load` is the load prescribed for this set, what a jump is measured
        against; `confirmed_load`, a load already confirmed as a jump (an edited set's),
        is not asked about again."""
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        self.unit = unit
        self.sets = sets
        self.editing = editing
        self.working_load = working_load
        self.confirmed_load = confirmed_load
        # Set by `clean` when the load is a jump: the confirm box then shows beside it.
        self.asks_load_confirmation = False
        if editing:
            del self.fields["client_token"], self.fields["set_number"]
        self.fields["checks"].choices = [(text, text) for text in exercise.form_check_list]
        load = self.fields["load"]
        load.max_value = MAX_LOAD.get(unit, MAX_LOAD[LoadUnit.KG])
        load.widget.attrs["max"] = load.max_value
        load.error_messages["max_value"] = (
            f"More than {load.max_value} {unit} looks like a typo — check the load."
        )
        if exercise.is_resistance:
            load.label = f"Load ({unit})"
            load.widget.attrs["required"] = True
        else:
            load.label = f"Added load ({unit}, optional)"
        # HTML asks for the one measure this exercise uses; the server checks it again.
        self.fields["hold_s" if exercise.is_hold else "reps"].widget.attrs["required"] = True

    @property
    def measure_field(self) -> forms.BoundField:
        return self["hold_s"] if self.exercise.is_hold else self["reps"]

    @property
    def top_errors(self) -> list[str]:
        """Errors that belong to no visible field: the form's own and its hidden fields'."""
        errors = list(self.non_field_errors())
        for field in self.hidden_fields():
            errors.extend(field.errors)
        return errors

    @property
    def has_extras(self) -> bool:
        """Whether the optional fields hold anything (typed or wrong), so they show open."""
        optional = ["effort_rpe", "note"] + ([] if self.exercise.is_resistance else ["load"])
        return any(self[name].errors or self[name].value() not in (None, "") for name in optional)

    @property
    def planned_text(self) -> str:
        """What "Done — form held" logs, in a line: "10 reps at 8 kg, lowering 3 s"."""
        measure = self.measure_field.value()
        if measure in (None, ""):
            return ""
        if self.exercise.is_hold:
            text = f"held {measure} s"
        else:
            text = f"{measure} rep" if str(measure) == "1" else f"{measure} reps"
        try:
            load = Decimal(str(self["load"].value()))
        except ArithmeticError:
            load = None
        # A foundational set names only an added load; a resistance one says "bodyweight".
        if load is not None and load.is_finite() and (self.exercise.is_resistance or load):
            text += f" at {shown_load(load, self.unit)}"
        lowering = self["eccentric_s"].value()
        if lowering not in (None, "") and not self.exercise.is_hold:
            text += f", lowering {lowering} s"
        return text

    @property
    def check_texts(self) -> list[str]:
        return self.exercise.form_check_list

    def clean_load(self) -> Decimal | None:
        load = self.cleaned_data.get("load")
        limit = self.fields["load"].max_value
        if load is not None and load > limit:
            raise forms.ValidationError(self.fields["load"].error_messages["max_value"])
        return load

    def clean(self) -> dict:
        data = super().clean()
        name = self.exercise.name
        if self.exercise.is_hold:
            if data.get("reps") is not None:
                self.add_error(
                    "hold_s", f"{name} is held, not counted: enter the seconds you held, not reps."
                )
            elif data.get("hold_s") is None and "hold_s" not in self.errors:
                self.add_error("hold_s", "Enter how many seconds you held.")
        else:
            if data.get("hold_s") is not None:
                self.add_error(
                    "reps", f"{name} is counted in reps, not held: enter the reps you did."
                )
            elif data.get("reps") is None and "reps" not in self.errors:
                self.add_error("reps", "Enter how many reps you did.")
        if self.exercise.is_resistance and data.get("load") is None and "load" not in self.errors:
            self.add_error("load", f"Enter the load you used, in {self.unit} (0 for none).")
        self._check_load_jump(data)
        number = data.get("set_number")
        if not self.editing and number is not None and self.sets is not None and number > self.sets:
            self.add_error(
                None,
                f"{name} has {self.sets} prescribed sets and all of them are logged. "
                "Edit a logged set instead if this one replaces it.",
            )
        return data

    def _check_load_jump(self, data: dict) -> None:
        """A load far above the prescribed one saves nothing until the trainee ticks the
        confirm box that then shows beside it."""
        load = data.get("load")
        if "load" in self.errors or load is None or load == self.confirmed_load:
            return
        jump = progression.load_jump(
            load,
            self.working_load,
            increment=self.exercise.load_increment(self.unit),
            unit=self.unit,
        )
        if not jump:
            return
        self.asks_load_confirmation = True
        if not data.get("confirm_load"):
            self.add_error(
                "load",
                f"{jump} — check it. Nothing is saved until you correct it or tick "
                f"“{CONFIRM_LOAD_LABEL}”.",
            )

    @property
    def failed_checks(self) -> list[str]:
        """The texts of the self-checks left unticked, in the exercise's order; none when the
        set was logged with "Done — form held"."""
        if self.cleaned_data.get("form_held"):
            return []
        ticked = set(self.cleaned_data.get("checks") or ())
        return [text for text in self.check_texts if text not in ticked]

    def values(self) -> SetValues:
        """What was done, from a valid form."""
        data = self.cleaned_data
        return SetValues(
            reps=data.get("reps"),
            hold_s=data.get("hold_s"),
            load=data.get("load"),
            eccentric_s=data.get("eccentric_s"),
            failed_checks=self.failed_checks,
            checks_total=len(self.check_texts),
            effort_rpe=data.get("effort_rpe"),
            note=data.get("note", ""),
        )


def next_set_form(block: ExerciseBlock, unit: str, data=None) -> SetLogForm:
    """The form for the block's next set, pre-filled with what "Done — form held" logs: the
    reps or hold and lowering seconds of the previous set of this exercise in the session,
    so a changed rep count carries on, else the prescription's; the engine's next load
    (lower at once after a failed check); every form check ticked, so "Something broke"
    asks only to untick what broke."""
    item = block.item
    initial = {
        "set_number": block.next_number,
        "eccentric_s": item.eccentric_s,
        "checks": item.exercise.form_check_list,
    }
    if item.exercise.is_hold:
        initial["hold_s"] = item.hold_s
    else:
        initial["reps"] = item.reps_goal or item.reps_min
    previous = block.latest_logged
    if previous is not None:
        for name in ("reps", "hold_s", "eccentric_s"):
            if getattr(previous, name) is not None:
                initial[name] = getattr(previous, name)
    if block.next_load is not None and block.next_load.load is not None:
        initial["load"] = number_text(block.next_load.load)
    return SetLogForm(
        data,
        initial=initial,
        exercise=item.exercise,
        unit=unit,
        sets=item.sets,
        working_load=block.next_load.load if block.next_load is not None else None,
        auto_id=f"id_{block.key}_%s",
    )


def offline_outcomes(outcomes: progression.SetOutcomes | None, unit: str) -> str:
    """The engine's next loads after a set, form held or broke (`SessionLog.set_outcomes`),
    as the JSON a set form carries for when the page has no connection: each branch has the
    load as the load field takes it, as the page shows it, its change and its reason, and
    the branches for the set after it."""

    def branches(node: progression.SetOutcomes | None) -> dict | None:
        if node is None:
            return None
        return {
            "held": decision(node.held, node.after_held),
            "broke": decision(node.broke, node.after_broke),
        }

    def decision(chosen: progression.LoadDecision, after: progression.SetOutcomes | None) -> dict:
        load = chosen.load
        return {
            "load": None if load is None else number_text(load),
            "shown": "" if load is None else shown_load(load, unit),
            "change": chosen.change,
            "reason": chosen.reason,
            "next": branches(after),
        }

    return json.dumps(branches(outcomes), ensure_ascii=False, separators=(",", ":"))


def edit_set_form(set_log: SetLog, data=None) -> SetLogForm:
    """A form holding what was done in a logged set, in the unit it was logged in."""
    failed = set(set_log.failed_checks or ())
    initial = {
        "reps": set_log.reps,
        "hold_s": set_log.hold_s,
        "load": None if set_log.load is None else number_text(set_log.load),
        "eccentric_s": set_log.eccentric_s,
        "checks": [text for text in set_log.exercise.form_check_list if text not in failed],
        "effort_rpe": set_log.effort_rpe,
        "note": set_log.note,
    }
    return SetLogForm(
        data,
        initial=initial,
        exercise=set_log.exercise,
        unit=set_log.unit,
        editing=True,
        working_load=set_log.target_load,
        confirmed_load=set_log.load if set_log.load_jump else None,
        auto_id=f"id_edit{set_log.pk}_%s",
    )


PAIN_CHOICES = [(n, str(n)) for n in range(PAIN_SCALE[0], PAIN_SCALE[1] + 1)]
PAIN_ERROR = "Choose a number from 0 (no pain) to 10 (the worst imaginable)."


class PainRatingForm(forms.Form):
    """Pain during one exercise, 0–10: each number is its own button, so one tap gives it."""

    rating = forms.TypedChoiceField(
        choices=PAIN_CHOICES,
        coerce=int,
        error_messages={"required": PAIN_ERROR, "invalid_choice": PAIN_ERROR},
    )


class MorningCheckForm(forms.Form):
    """The next-morning check: the back compared with before the session, and pain now."""

    answer = forms.ChoiceField(
        label="How is your back this morning compared with before that session?",
        choices=MorningAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose better, about the same or worse.",
            "invalid_choice": "Choose better, about the same or worse.",
        },
    )
    pain_now = forms.IntegerField(
        label="Pain now, 0–10",
        help_text="0 is no pain, 10 the worst imaginable.",
        min_value=PAIN_SCALE[0],
        max_value=PAIN_SCALE[1],
        widget=_number_widget(),
        error_messages={
            "required": PAIN_ERROR,
            "invalid": PAIN_ERROR,
            "min_value": PAIN_ERROR,
            "max_value": PAIN_ERROR,
        },
    )
