"""What the API reads and writes, as JSON. Writes of sets are validated by the web's own
set form (`programs.training.forms.SetLogForm`) after these check the JSON types."""

from rest_framework import serializers

from exercises.models import Exercise
from programs.models import SetLog, TrainingSession


class ExerciseSerializer(serializers.ModelSerializer):
    form_checks = serializers.ListField(
        source="form_check_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Exercise
        fields = [
            "slug",
            "name",
            "kind",
            "measure",
            "summary",
            "default_tempo",
            "default_sets",
            "reps_min",
            "reps_max",
            "hold_s",
            "form_checks",
        ]


class SessionSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program_day.week.program.name")
    week = serializers.IntegerField(source="program_day.week.number")
    day = serializers.IntegerField(source="program_day.position")
    day_title = serializers.CharField(source="program_day.title")

    class Meta:
        model = TrainingSession
        fields = ["id", "scheduled_on", "completed_at", "program", "week", "day", "day_title"]


class SetLogSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    failed_checks = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = SetLog
        fields = [
            "id",
            "session",
            "prescription",
            "exercise",
            "set_number",
            "performed_on",
            "client_token",
            "target_sets",
            "target_reps_min",
            "target_reps_max",
            "target_hold_s",
            "target_load",
            "target_tempo",
            "reps",
            "hold_s",
            "load",
            "unit",
            "eccentric_s",
            "failed_checks",
            "form_ok",
            "effort_rpe",
            "note",
            "load_jump",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields


class SetValuesSerializer(serializers.Serializer):
    """What was done in a set. `failed_checks` lists the exercise's form checks that did not
    hold (its texts, as `GET /api/v1/exercises/` gives them); the others held."""

    reps = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=32767)
    hold_s = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=32767)
    load = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=2, min_value=0
    )
    eccentric_s = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=32767
    )
    failed_checks = serializers.ListField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        max_length=50,
    )
    effort_rpe = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    confirm_load = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirm a load far above the prescribed one (a jump); refused without.",
    )


class NewSetSerializer(SetValuesSerializer):
    """A new set of one prescribed exercise in one of your sessions."""

    session = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    prescription = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    set_number = serializers.IntegerField(
        required=False, min_value=1, max_value=50, help_text="The next free set by default."
    )
    client_token = serializers.UUIDField(
        required=False,
        help_text="Send the same token again (a retry) and the set is logged once.",
    )


class GateProgressSerializer(serializers.Serializer):
    required = serializers.CharField()
    done = serializers.IntegerField()
    needed = serializers.IntegerField()
    window_days = serializers.IntegerField()
    met = serializers.BooleanField()


class DecisionSerializer(serializers.Serializer):
    exercise = serializers.CharField()
    unlocked = serializers.BooleanField()
    overridden = serializers.BooleanField()
    gate_reason = serializers.CharField()
    gate_progress = GateProgressSerializer(many=True)
    load = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    load_change = serializers.CharField()
    load_reason = serializers.CharField()
    reps_min = serializers.IntegerField(allow_null=True)
    reps_max = serializers.IntegerField(allow_null=True)
    reps_goal = serializers.IntegerField(allow_null=True)
    hold_s = serializers.IntegerField(allow_null=True)
    targets_reason = serializers.CharField()


class ClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class PlanEntrySerializer(serializers.Serializer):
    prescription = serializers.IntegerField(help_text="Send it with a new set.")
    exercise = serializers.CharField()
    sets = serializers.IntegerField()
    logged = serializers.IntegerField()
    reps_min = serializers.IntegerField(allow_null=True)
    reps_max = serializers.IntegerField(allow_null=True)
    reps_goal = serializers.IntegerField(allow_null=True)
    hold_s = serializers.IntegerField(allow_null=True)
    tempo = serializers.CharField()
    load = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    locked = serializers.BooleanField()
    reason = serializers.CharField()


class PlanDaySerializer(serializers.Serializer):
    session = serializers.IntegerField()
    scheduled_on = serializers.DateField()
    status = serializers.CharField()
    entries = PlanEntrySerializer(many=True)


class PlanSerializer(serializers.Serializer):
    monday = serializers.DateField()
    days = PlanDaySerializer(many=True)


class WeekOfSerializer(serializers.Serializer):
    week_of = serializers.DateField(
        required=False, help_text="Any day of the week wanted (this week by default)."
    )
