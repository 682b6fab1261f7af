"""The week on paper: each session with what to do and room to write what was done, and a
code that opens the session on a phone to log it afterwards."""

from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.urls import reverse

from programs.planning.weekplan import PlanDay, WeekPlan


@dataclass(frozen=True)
class PrintedSession:
    day: PlanDay
    url: str  # where the session is logged, in full, as the code spells it
    code: str  # that address as a QR code, an SVG data URI


def session_code(url: str) -> str:
    """A QR code for `url`, black on white whatever the screen's colours (paper is white).
    Error correction level M still reads when a corner of the sheet is creased."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def printed_sessions(week: WeekPlan, absolute: Callable[[str], str]) -> list[PrintedSession]:
    """The week's sessions ready to print; `absolute` turns a path into a full address."""
    printed = []
    for day in week.days:
        url = absolute(reverse("programs:session", args=[day.session.pk]))
        printed.append(PrintedSession(day=day, url=url, code=session_code(url)))
    return printed
