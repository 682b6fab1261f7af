from django import forms

from .models import Flag


class HandleForm(forms.ModelForm):
    """Mark a flag handled, saying what was done if the coach wants to."""

    class Meta:
        model = Flag
        fields = ["handled_note"]
        labels = {"handled_note": "Note (optional)"}
        widgets = {"handled_note": forms.Textarea(attrs={"rows": 2})}

    def clean_handled_note(self) -> str:
        return self.cleaned_data["handled_note"].strip()
