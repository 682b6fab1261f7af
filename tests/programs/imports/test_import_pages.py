"""/logs/import/: upload, preview, mapping, confirm, undo, and who may see what."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exercises.models import Exercise
from programs.imports.models import Import, ImportedSet, Status
from programs.models import ExerciseProgress

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = "/logs/import/"


def upload(client, name: str, data: bytes | None = None):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data, "text/csv")})


def waiting(trainee) -> Import:
    return Import.objects.get(trainee=trainee, status=Status.PREVIEW)


def confirm(client, upload: Import, **choices):
    return client.post(f"{PAGE}{upload.pk}/confirm/", choices)


@pytest.fixture
def signed_in(client, trainee):
    client.force_login(trainee)
    return client


def test_an_upload_shows_a_preview_and_saves_no_set(signed_in, trainee):
    response = upload(signed_in, "strong.csv")

    pending = waiting(trainee)
    assert response.status_code == 302
    assert response.url == f"{PAGE}{pending.pk}/"
    assert not ImportedSet.objects.exists()
    page = signed_in.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "What this Strong file holds" in text
    assert "<dt>Workouts</dt><dd>2</dd>" in text
    assert "<dt>Sets to import</dt><dd>5</dd>" in text
    assert "15 Jan 2026 to 17 Jan 2026" in text
    assert "2 rows (rest timers, notes, empty rows), skipped" in text
    assert "read in kg, your unit" in text


def test_the_preview_maps_an_exercise_named_as_in_the_catalog_and_keeps_the_rest_as_other(
    signed_in, trainee
):
    upload(signed_in, "strong.csv")
    form = signed_in.get(f"{PAGE}{waiting(trainee).pk}/").context["form"]

    initial = {field.label: field.initial for field in form.fields.values()}
    bird_dog = Exercise.objects.get(slug="bird-dog")
    assert initial == {
        "Bent Over Row (Dumbbell) (2 sets)": "",
        "Bird Dog (1 set)": str(bird_dog.pk),
        "Romanian Deadlift (Barbell) (2 sets)": "",
    }


def test_confirming_imports_every_set_with_the_mapping_chosen(signed_in, trainee):
    upload(signed_in, "strong.csv")
    pending = waiting(trainee)
    row = Exercise.objects.get(slug="standing-dumbbell-row")
    bird_dog = Exercise.objects.get(slug="bird-dog")

    response = confirm(signed_in, pending, map_0=row.pk, map_1=bird_dog.pk, map_2="")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.set_count, pending.text) == (Status.IMPORTED, 5, "")
    sets = ImportedSet.objects.filter(trainee=trainee)
    assert [(s.exercise, s.source_exercise, s.set_number) for s in sets] == [
        (None, "Romanian Deadlift (Barbell)", 1),
        (None, "Romanian Deadlift (Barbell)", 2),
        (bird_dog, "Bird Dog", 1),
        (row, "Bent Over Row (Dumbbell)", 1),
        (row, "Bent Over Row (Dumbbell)", 2),
    ]
    assert sets[1].load == Decimal("62.50")
    page = signed_in.get(response.url).content.decode()
    assert "Imported 5 sets." in page
    assert "Undo this import" in page


def test_confirming_twice_imports_once(signed_in, trainee):
    upload(signed_in, "strong.csv")
    pending = waiting(trainee)

    confirm(signed_in, pending)
    confirm(signed_in, pending)

    assert ImportedSet.objects.count() == 5


def test_a_mapping_to_no_such_exercise_is_refused_beside_the_field_and_nothing_saved(
    signed_in, trainee
):
    upload(signed_in, "strong.csv")

    response = confirm(signed_in, waiting(trainee), map_1="999999")

    assert response.status_code == 200
    assert response.context["form"].errors["map_1"]
    assert not ImportedSet.objects.exists()


def test_sets_already_imported_are_skipped_when_a_later_export_comes_in(signed_in, trainee):
    upload(signed_in, "hevy.csv")
    confirm(signed_in, waiting(trainee))
    later = (FIXTURES / "hevy.csv").read_bytes() + (
        b'"Back day 2","17 Jan 2026, 08:30","17 Jan 2026, 09:15","","Bird Dog",,"",0,'
        b'"normal",,,,35,\n'
    )

    upload(signed_in, "hevy-later.csv", later)
    second = waiting(trainee)
    page = signed_in.get(f"{PAGE}{second.pk}/").content.decode()
    confirm(signed_in, second)

    assert "3 sets, skipped" in page
    second.refresh_from_db()
    assert (second.set_count, second.duplicate_count) == (1, 3)
    assert ImportedSet.objects.filter(trainee=trainee).count() == 4


def test_undo_removes_exactly_the_sets_of_that_import(signed_in, trainee):
    upload(signed_in, "strong.csv")
    first = waiting(trainee)
    confirm(signed_in, first)
    upload(signed_in, "hevy_lbs.csv")
    second = waiting(trainee)
    confirm(signed_in, second)

    response = signed_in.post(f"{PAGE}{first.pk}/undo/")

    assert response.status_code == 302
    assert not Import.objects.filter(pk=first.pk).exists()
    assert set(ImportedSet.objects.values_list("source_id", flat=True)) == {second.pk}
    assert ImportedSet.objects.count() == 2
    assert "Import undone: 5 sets removed." in signed_in.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n1,2\n", "Line 1: This is not a file from Strong, Hevy or innerback"),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-01-01,W,Row,1,x,8\n",
            "Line 2: the weight “x” is not a number.",
        ),
    ],
)
def test_a_malformed_file_comes_back_with_the_line_beside_the_field_and_nothing_stored(
    signed_in, data, message
):
    response = upload(signed_in, "bad.csv", data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert 'id="id_file_error"' in response.content.decode()
    assert not Import.objects.exists()


def test_a_new_upload_replaces_the_preview_still_waiting(signed_in, trainee):
    upload(signed_in, "strong.csv")
    upload(signed_in, "hevy.csv")

    assert Import.objects.get(trainee=trainee).source == "hevy"


def test_imported_sets_change_no_stored_progress(signed_in, trainee):
    """Imported sets are not the engine's: no gate credit, no load, whatever they say."""
    upload(signed_in, "strong.csv")
    confirm(signed_in, waiting(trainee), map_1=Exercise.objects.get(slug="bird-dog").pk)

    assert not ExerciseProgress.objects.filter(trainee=trainee).exists()


@pytest.mark.parametrize("action", ["", "confirm/", "undo/"])
def test_someone_elses_import_is_404_for_every_page_and_button(
    client, trainee, other_trainee, action
):
    client.force_login(trainee)
    upload(client, "strong.csv")
    pending = waiting(trainee)
    client.force_login(other_trainee)

    if action:
        response = client.post(f"{PAGE}{pending.pk}/{action}")
    else:
        response = client.get(f"{PAGE}{pending.pk}/")

    assert response.status_code == 404
    assert Import.objects.filter(pk=pending.pk, status=Status.PREVIEW).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_confirm_and_undo_only_answer_post(signed_in, trainee):
    upload(signed_in, "strong.csv")
    pending = waiting(trainee)

    assert signed_in.get(f"{PAGE}{pending.pk}/confirm/").status_code == 405
    assert signed_in.get(f"{PAGE}{pending.pk}/undo/").status_code == 405


def test_the_preview_answers_in_a_fixed_number_of_queries(
    signed_in, trainee, django_assert_max_num_queries
):
    rows = "".join(
        f"2026-01-{day:02d} 08:00:00,W{day},Ex {n % 7},{n},20,8\n"
        for day in range(1, 29)
        for n in range(1, 30)
    )
    upload(
        signed_in,
        "big.csv",
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n" + rows.encode(),
    )
    pending = waiting(trainee)

    # session, user, the import, the sets already imported, the catalog (twice: preview
    # and form)
    with django_assert_max_num_queries(6):
        response = signed_in.get(f"{PAGE}{pending.pk}/")
    assert "<dt>Sets to import</dt><dd>812</dd>" in response.content.decode()


def test_progress_shows_imported_sets_by_exercise_marked_as_imported(signed_in, trainee):
    upload(signed_in, "strong_weight_unit.csv")
    confirm(signed_in, waiting(trainee))

    page = signed_in.get("/progress/?period=all").content.decode()

    assert "Imported history" in page
    assert 'Deadlift (Barbell) <span class="muted">(imported)</span>' in page
    assert "100 kg" in page and "225 lb" in page
    assert "Pelvic Tilt" in page


def test_the_data_download_holds_the_imports_and_their_sets(signed_in, trainee):
    upload(signed_in, "hevy_lbs.csv")
    confirm(signed_in, waiting(trainee))

    data = signed_in.get("/accounts/data/").json()

    assert [i["source"] for i in data["imports"]] == ["hevy"]
    assert [(s["exercise"], s["load"], s["unit"]) for s in data["imported_sets"]] == [
        ("Bent Over Row (Dumbbell)", "40.00", "lb"),
        ("Bent Over Row (Dumbbell)", "45.00", "lb"),
    ]
