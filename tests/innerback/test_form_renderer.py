"""The Python-rendered inputs are the markup Django's own widget templates produce."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from exercises.forms import CatalogFilterForm
from innerback import coach_forms
from innerback.form_renderer import InputRenderer
from innerback.forms import AccountSettingsForm, EmailLoginForm, SignupForm
from programs import builder_forms
from programs.forms import SetLogForm
from programs.plan_forms import EnrolForm

TEMPLATES, PYTHON = DjangoTemplates(), InputRenderer()

HOSTILE = [
    "plain",
    'a "quoted" <b>&amp;</b>',
    mark_safe("<i>safe</i>"),
    gettext_lazy('a lazy "label" <b>'),
    mark_safe(gettext_lazy("<i>lazy and safe</i>")),
    0,
    12.5,
    "",
    "  ",
]
ATTRS = [
    {},
    {"id": "id_x", "required": True, "disabled": False, "min": 0, "step": "0.5"},
    {"aria-describedby": 'x_error "y"', "data-x": mark_safe("<s>"), "class": "a b"},
    {"placeholder": "3-1-1-0", "inputmode": "numeric", "autocomplete": "off"},
]
INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.TimeInput,
    forms.URLInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    forms.CheckboxInput,
]


def both(widget: forms.Widget, *args, **kwargs) -> tuple[str, str]:
    """The widget as Django's templates render it, and as InputRenderer does."""
    return (
        widget.render(*args, **kwargs, renderer=TEMPLATES),
        widget.render(*args, **kwargs, renderer=PYTHON),
    )


@pytest.mark.parametrize("widget_class", INPUTS)
@pytest.mark.parametrize("attrs", ATTRS)
def test_every_input_type_renders_as_the_template_does(widget_class, attrs):
    for value in [None, *HOSTILE]:
        widget = widget_class(attrs=attrs)
        expected, got = both(widget, "field", value)
        assert got == expected


@pytest.mark.parametrize("widget_class", [forms.CheckboxSelectMultiple, forms.RadioSelect])
def test_tick_boxes_and_radio_buttons_render_as_the_template_does(widget_class):
    choices = [("a", 'Back "flat" & <still>'), ("b", mark_safe("<b>B</b>")), (3, 3)]
    widget = widget_class(choices=choices, attrs={"id": "id_checks", "class": "c"})
    for value in (None, ["a"], ["a", "b", "3"]):
        expected, got = both(widget, "checks", value)
        assert got == expected
        for option in widget.subwidgets("checks", value):
            for wrap in (True, False):
                data = {**option, "wrap_label": wrap}
                context = {"widget": data}
                expected = widget._render(data["template_name"], context, TEMPLATES)
                assert widget._render(data["template_name"], context, PYTHON) == expected


FORMS = [
    SetLogForm,
    EnrolForm,
    CatalogFilterForm,
    AccountSettingsForm,
    EmailLoginForm,
    SignupForm,
    builder_forms.ProgramForm,
    builder_forms.WeekForm,
    builder_forms.DayForm,
    builder_forms.PrescriptionForm,
    coach_forms.InvitationForm,
    coach_forms.InviteCodeForm,
    coach_forms.AssignProgramForm,
    coach_forms.AdjustmentForm,
    coach_forms.GateOverrideForm,
    coach_forms.CommentForm,
]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f.__name__)
def test_the_fields_of_our_forms_render_as_the_templates_do(form_class):
    for name, field in form_class.base_fields.items():
        for value in (None, "7", 'x"<y>'):
            attrs = {"id": f"id_{name}", "aria-invalid": "true", "required": field.required}
            expected, got = both(field.widget, name, value, attrs=attrs)
            assert got == expected, name
