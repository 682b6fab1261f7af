from django import forms

from .models import Equipment, ExerciseQuerySet, Kind, Muscle


class CatalogFilterForm(forms.Form):
    """The catalog's GET filters. A value that names nothing (an old link, a typo) is reported
    beside its field and that one filter is left off; the other filters still apply."""

    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": "There is no kind “%(value)s”; showing every kind."},
    )
    muscle = forms.ModelChoiceField(
        queryset=Muscle.objects.all(),
        to_field_name="slug",
        required=False,
        label="Target muscle",
        empty_label="Any muscle",
        error_messages={"invalid_choice": "There is no muscle “%(value)s”; showing every muscle."},
    )
    equipment = forms.ModelChoiceField(
        queryset=Equipment.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any equipment",
        error_messages={
            "invalid_choice": "There is no equipment “%(value)s”; showing all equipment."
        },
    )
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Name contains",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )

    def filter(self, exercises: ExerciseQuerySet) -> ExerciseQuerySet:
        # An invalid form still carries cleaned_data for every field that was valid.
        self.is_valid()
        data = self.cleaned_data
        return exercises.matching(
            kind=data.get("kind", ""),
            muscle=data.get("muscle"),
            equipment=data.get("equipment"),
            name=data.get("q", ""),
        )
