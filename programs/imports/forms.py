"""The import's two forms: the file, then which catalog exercise each of its exercises is."""

from django import forms

from exercises.models import Exercise

from .formats import MAX_BYTES
from .importing import SourceExercise

OTHER = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "A CSV exported by Strong or Hevy, or by innerback itself; "
            f"at most {MAX_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Choose the CSV file to import."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class MappingForm(forms.Form):
    """One choice per exercise of the file: a catalog exercise, or "other" (the file's
    name is kept). Fields are named by position, labelled with the file's name."""

    def __init__(
        self, *args, exercises: list[SourceExercise], catalog: list[Exercise], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.source_exercises = exercises
        self.catalog = {str(e.pk): e for e in catalog}
        choices = [(OTHER, "Other: keep the name from the file")] + [
            (str(e.pk), e.name) for e in catalog
        ]
        for index, source in enumerate(exercises):
            self.fields[f"map_{index}"] = forms.ChoiceField(
                label=f"{source.name} ({source.sets} set{'s' if source.sets != 1 else ''})",
                choices=choices,
                required=False,
                initial=str(source.exercise.pk) if source.exercise else OTHER,
            )

    def mapping(self) -> dict[str, Exercise | None]:
        """The file's exercise names → the catalog exercise chosen, None for "other"."""
        return {
            source.name: self.catalog.get(self.cleaned_data[f"map_{index}"])
            for index, source in enumerate(self.source_exercises)
        }
