"""Staff edit the whole catalog here: texts, relations and the gate rules the engine reads."""

from django.contrib import admin

from .models import Equipment, Exercise, Muscle, Prerequisite, UniversalCue


class PrerequisiteInline(admin.TabularInline):
    """The gates in front of this exercise: what must qualify, how often, how recently, and
    the least a session must hold to count (its floor)."""

    model = Prerequisite
    fk_name = "exercise"
    extra = 0
    autocomplete_fields = ["required"]
    verbose_name = "prerequisite (gate)"
    verbose_name_plural = "prerequisites (gates) — all must hold to unlock"


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "measure", "default_tempo", "default_sets", "slug"]
    list_filter = ["kind", "measure", "muscles", "equipment"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["muscles", "equipment", "progressions"]
    inlines = [PrerequisiteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "muscles", "equipment"]}),
        (
            "How to do it",
            {"fields": ["setup", "steps", "cues", "faults", "form_checks"]},
        ),
        (
            "Default prescription",
            {
                "fields": [
                    "measure",
                    "default_tempo",
                    "default_sets",
                    ("reps_min", "reps_max"),
                    "hold_s",
                    "rest_s",
                    ("load_increment_kg", "load_increment_lb"),
                ]
            },
        ),
        ("Where it leads", {"fields": ["progressions"]}),
    ]


@admin.register(Prerequisite)
class PrerequisiteAdmin(admin.ModelAdmin):
    list_display = [
        "exercise",
        "required",
        "sessions",
        "window_days",
        "min_sets",
        "min_reps",
        "min_hold_s",
        "min_lowering_s",
    ]
    list_editable = [
        "sessions",
        "window_days",
        "min_sets",
        "min_reps",
        "min_hold_s",
        "min_lowering_s",
    ]
    list_filter = ["exercise", "required"]
    list_select_related = ["exercise", "required"]
    autocomplete_fields = ["exercise", "required"]


@admin.register(Muscle)
class MuscleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(UniversalCue)
class UniversalCueAdmin(admin.ModelAdmin):
    list_display = ["text", "position"]
    list_editable = ["position"]
    ordering = ["position", "id"]
