"""Every catalog exercise has its pictures: drawn, on disk as drawn, described, and shown."""

import importlib.util
import sys
from pathlib import Path

import pytest

from exercises import catalog_data
from exercises.drawings import DRAWINGS, drawing_file_name, pictures_for, tempo_pictures_for
from exercises.models import Exercise
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
)

ROOT = Path(__file__).resolve().parents[2]
DRAWN = ROOT / "static" / "exercises" / "drawings"


def load_drawing_script():
    spec = importlib.util.spec_from_file_location(
        "draw_exercises", ROOT / "scripts" / "draw_exercises.py"
    )
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # dataclasses look their module up by name
    spec.loader.exec_module(script)
    return script


def test_every_catalog_exercise_has_a_start_and_an_end_picture():
    for entry in catalog_data.EXERCISES:
        positions = [drawing.position for drawing in DRAWINGS[entry["slug"]]]
        assert positions[0] == "start" and positions[-1] == "end", entry["slug"]


def test_every_picture_says_in_words_what_it_shows():
    for slug, drawings in DRAWINGS.items():
        for drawing in drawings:
            assert len(drawing.text) > 60, (slug, drawing.position)
            assert drawing.text.endswith("."), (slug, drawing.position)


def test_the_files_are_exactly_what_the_drawing_script_draws():
    drawn = load_drawing_script().drawn_files()
    assert sorted(drawn) == sorted(path.name for path in DRAWN.glob("*.svg"))
    for name, text in drawn.items():
        assert (DRAWN / name).read_text(encoding="utf-8") == text, (
            f"run scripts/draw_exercises.py ({name})"
        )


def test_each_picture_carries_its_text_alternative_and_follows_the_colour_scheme():
    for slug, drawings in DRAWINGS.items():
        for drawing in drawings:
            svg = (DRAWN / drawing_file_name(slug, drawing.position)).read_text(encoding="utf-8")
            assert f"<title>{drawing.text}</title>" in svg
            assert "@media screen and (prefers-color-scheme:dark)" in svg
            assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_an_exercise_without_drawings_has_no_pictures():
    assert pictures_for("added-by-staff") == []


@pytest.mark.django_db
def test_the_exercise_page_shows_each_picture_with_its_text_alternative(client):
    response = client.get("/exercises/segmental-bridge/")
    html = response.content.decode()
    for picture in pictures_for("segmental-bridge"):
        assert f'src="{picture.url}"' in html
        assert f'alt="{picture.text}"' in html
    assert html.index("One repetition") < html.index("Steps")


def test_the_tempo_guide_lowers_from_the_raised_drawing_to_the_lowered_one():
    row = tempo_pictures_for("standing-dumbbell-row")
    assert (row.raised.position, row.lowered.position) == ("end", "start")
    deadlift = tempo_pictures_for("romanian-deadlift")
    assert (deadlift.raised.position, deadlift.lowered.position) == ("start", "end")
    assert tempo_pictures_for("added-by-staff") is None
    for slug in DRAWINGS:
        pictures = tempo_pictures_for(slug)
        assert {pictures.raised.position, pictures.lowered.position} == {"start", "end"}


@pytest.mark.django_db
def test_the_builder_shows_a_small_drawing_beside_each_drawn_exercise(client, trainee):
    program = ProgramFactory(owner=trainee)
    day = ProgramDayFactory(week=ProgramWeekFactory(program=program, number=1), position=1)
    PrescriptionFactory(day=day, position=1, exercise=Exercise.objects.get(slug="bird-dog"))
    client.force_login(trainee)

    html = client.get(f"/programs/{program.pk}/edit/").text

    start = pictures_for("bird-dog")[0]
    assert f'<img class="exercise-thumb" src="{start.url}" alt="Start: {start.text}"' in html
