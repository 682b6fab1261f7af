from django import forms

from .listing import Card, Listing, matching
from .models import Kind


class CatalogFilterForm(forms.Form):
    """The catalog's GET filters. A value that names nothing (an old link, a typo) is reported
    beside its field and that one filter is left off; the other filters still apply."""

    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": "There is no kind “%(value)s”; showing every kind."},
    )
    # Muscles and equipment are chosen by slug from the memoised catalog, so neither listing
    # the options nor checking a choice queries the database.
    muscle = forms.ChoiceField(
        required=False,
        label="Target muscle",
        error_messages={"invalid_choice": "There is no muscle “%(value)s”; showing every muscle."},
    )
    equipment = forms.ChoiceField(
        required=False,
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

    def __init__(self, data, catalog: Listing):
        super().__init__(data)
        self.catalog = catalog
        self.fields["muscle"].choices = [("", "Any muscle"), *catalog.muscles]
        self.fields["equipment"].choices = [("", "Any equipment"), *catalog.equipment]

    def filter(self) -> list[Card]:
        # An invalid form still carries cleaned_data for every field that was valid.
        self.is_valid()
        data = self.cleaned_data
        return matching(
            self.catalog.cards,
            kind=data.get("kind", ""),
            muscle=data.get("muscle", ""),
            equipment=data.get("equipment", ""),
            name=data.get("q", ""),
        )
