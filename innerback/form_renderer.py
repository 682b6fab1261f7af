"""Form inputs rendered without the template engine.

Django renders every widget through a template. A session page carries a log form per
exercise, and every number box and form-check tick box is a template render of its own
(about 0.4 ms each, a third of the page's time). The `<input>` family — every input type,
and the tick boxes and radio buttons of a choice list — has one-line templates, rebuilt here
in Python with the same markup, byte for byte (tests/innerback/test_form_renderer.py compares
the two); every other widget (select, textarea, the lists around options) goes through the
templates as before.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "password",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "url",
        "search",
        "tel",
        "color",
    )
)
OPTION_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html" for name in ("input_option", "checkbox_option", "radio_option")
)


def conditional_escape(value) -> str:
    """Django's `conditional_escape`, without the check for lazy arguments that its
    decorator makes on every call (a quarter of the cost of an input)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def input_html(widget: dict) -> str:
    # As django/forms/widgets/input.html and attrs.html (`stringformat:'s'` keeps a safe
    # string safe and turns anything else into a string that is escaped).
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    html = f'<input type="{kind}" name="{name}"'
    if widget["value"] is not None:
        html += f' value="{conditional_escape(widget["value"])}"'
    for name, value in widget["attrs"].items():
        if value is True:
            html += f" {conditional_escape(name)}"
        elif value is not False:
            html += f' {conditional_escape(name)}="{conditional_escape(value)}"'
    return html + ">"


def _option(widget: dict) -> str:
    # As django/forms/widgets/input_option.html (input.html ends with a line break).
    if not widget["wrap_label"]:
        return input_html(widget)
    element_id = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(element_id)}"' if element_id else ""
    return f"<label{label_for}>{input_html(widget)}\n {conditional_escape(widget['label'])}</label>"


class InputRenderer(DjangoTemplates):
    """Django's default form renderer, with the input family rendered in Python."""

    def render(self, template_name: str, context: dict, request=None) -> SafeString:
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))
        if template_name in OPTION_TEMPLATES:
            return mark_safe(_option(context["widget"]))
        return super().render(template_name, context, request)
