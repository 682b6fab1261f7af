"""The export form include works on any page, whether or not its view made a form."""

from django import template

from programs.export.csv_export import ExportRangeForm

register = template.Library()


@register.simple_tag
def export_range_form(form: ExportRangeForm | None = None, id_prefix: str = "export"):
    """The bound form handed in (to show its errors), else an empty one whose field ids
    start with `id_prefix`, so several export forms can share one page."""
    return form or ExportRangeForm(auto_id=f"{id_prefix}_%s")
