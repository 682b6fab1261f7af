"""The printable week as a PDF (/plan/print.pdf and a coach's copy per client): laid out by
WeasyPrint from the print page's own HTML, one page per session, on A4 or Letter, with
every file it shows read from this machine, and a plain page instead where WeasyPrint cannot
run."""

import sys

import pytest
from django.conf import settings
from django.urls import reverse
from weasyprint.formatting_structure.boxes import ReplacedBox

from programs.planning import pdf
from tests.innerback.accounts.factories import CoachFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter
from tests.programs.planning.test_plan import _year_of_history
from tests.programs.planning.test_print_week import this_weeks_sessions

pytestmark = pytest.mark.django_db

PDF = reverse("programs:print_week_pdf")
# CSS pixels (1/96 in) across the page: 210 mm and 8.5 in.
A4_WIDTH = 210 / 25.4 * 96
LETTER_WIDTH = 8.5 * 96


@pytest.fixture
def rendered(monkeypatch) -> list:
    """Every document the views lay out, as WeasyPrint's pages, kept for the test to count."""
    documents = []
    render = pdf.render

    def keep(*args, **kwargs):
        documents.append(render(*args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(pdf, "render", keep)
    return documents


def test_the_pdf_has_one_page_per_session_of_the_week_on_the_paper_asked_for(
    client, trainee, rendered
):
    enrolment = enrol_on_starter(trainee, weeks_ago=0)
    client.force_login(trainee)

    response = client.get(PDF, {"paper": "letter"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="innerback-week-')
    assert response.content.startswith(b"%PDF")
    (document,) = rendered
    assert len(document.pages) == len(this_weeks_sessions(enrolment)) == 3
    assert document.pages[0].width == pytest.approx(LETTER_WIDTH, abs=1)


def test_the_pdf_shows_the_drawings_and_the_codes_of_the_print_page(client, trainee, rendered):
    enrol_on_starter(trainee, weeks_ago=0)
    client.force_login(trainee)

    client.get(PDF)

    (document,) = rendered
    assert document.pages[0].width == pytest.approx(A4_WIDTH, abs=1)
    # Each page holds the session's drawings (static SVG files) and its QR code (a data URI):
    # an image that could not be read is left out of the layout, not drawn.
    images = [
        box
        for page in document.pages
        for box in _boxes(page._page_box)
        if isinstance(box, ReplacedBox)
    ]
    sources = [box.element.get("src") for box in images]
    assert any(source.startswith("data:image/svg+xml") for source in sources)
    assert any("/exercises/drawings/" in source for source in sources)


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_a_coach_downloads_a_clients_week_and_no_one_elses(
    client, coach, coached_trainee, other_trainee, rendered
):
    enrol_on_starter(coached_trainee, weeks_ago=0, coach=coach)
    enrol_on_starter(other_trainee, weeks_ago=0)
    client.force_login(coach)

    own_client = client.get(reverse("coach:client_print_pdf", args=[coached_trainee.pk]))
    stranger = client.get(reverse("coach:client_print_pdf", args=[other_trainee.pk]))

    assert own_client.status_code == 200
    assert own_client.content.startswith(b"%PDF")
    assert len(rendered[0].pages) == 3
    assert stranger.status_code == 404


def test_another_coach_and_a_trainee_get_no_clients_pdf(client, coached_trainee, other_trainee):
    enrol_on_starter(coached_trainee, weeks_ago=0)
    url = reverse("coach:client_print_pdf", args=[coached_trainee.pk])
    client.force_login(CoachFactory())
    assert client.get(url).status_code == 404
    client.force_login(other_trainee)
    assert client.get(url).status_code in {403, 404}


def test_the_pdf_needs_a_signed_in_person(client):
    response = client.get(PDF)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_without_weasyprint_the_link_answers_with_a_page_that_says_to_print_instead(
    client, trainee, monkeypatch
):
    # As on a machine without Pango, where importing WeasyPrint fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    enrol_on_starter(trainee, weeks_ago=0)
    client.force_login(trainee)

    response = client.get(PDF, {"week": "2026-03-04"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "Print" in html
    assert f'href="{reverse("programs:print_week")}?week=2026-03-02"' in html


def test_the_print_page_links_to_its_pdf_on_both_papers(client, trainee):
    enrolment = enrol_on_starter(trainee, weeks_ago=0)
    client.force_login(trainee)
    html = client.get(reverse("programs:print_week")).content.decode()
    monday = this_weeks_sessions(enrolment)[0].scheduled_on
    monday = monday.fromordinal(monday.toordinal() - monday.weekday()).isoformat()
    for paper in ("a4", "letter"):
        assert f'href="{PDF}?week={monday}&amp;paper={paper}"' in html


def test_the_paper_is_a4_unless_letter_is_asked_for():
    assert pdf.paper_size("letter") == pdf.paper_size("LETTER") == "letter"
    assert pdf.paper_size(None) == pdf.paper_size("a4") == pdf.paper_size("A0") == "A4"


def test_only_this_sites_static_files_are_read_and_nothing_is_fetched_over_the_network():
    stylesheet = pdf.static_file(f"http://testserver{settings.STATIC_URL}css/app.css")
    assert stylesheet is not None and stylesheet.read_text().startswith("/*")
    assert pdf.static_file(f"{settings.STATIC_URL}../innerback/settings.py") is None
    assert pdf.static_file("http://example.com/elsewhere.png") is None
    assert pdf.static_file(f"{settings.STATIC_URL}no/such/file.css") is None


def test_the_pdf_runs_the_same_queries_for_a_year_of_history_as_for_a_first_week(
    client, trainee, other_trainee, gated, django_assert_num_queries
):
    _year_of_history(trainee, gated)
    enrol_on_starter(other_trainee, weeks_ago=0)
    for person in (trainee, other_trainee):
        client.force_login(person)
        with django_assert_num_queries(10):
            response = client.get(PDF)
        assert response.status_code == 200
