"""The public catalog pages: the filtered list (page and htmx fragment) and one exercise."""

import re

import pytest
from django.urls import reverse

from exercises.models import Equipment, Exercise, Muscle, UniversalCue
from tests.conftest import HTMX
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory

pytestmark = pytest.mark.django_db

CATALOG = reverse("exercises:catalog")


def listed(response) -> set[str]:
    """Slugs of the exercises whose cards the response shows."""
    return set(re.findall(r'<h3><a href="/exercises/([\w-]+)/">', response.text))


def detail_url(slug: str) -> str:
    return reverse("exercises:detail", args=[slug])


# --- The list ---------------------------------------------------------------------------


def test_anyone_can_browse_every_exercise_grouped_by_kind(client):
    response = client.get(CATALOG)

    assert response.status_code == 200
    assert listed(response) == set(Exercise.objects.values_list("slug", flat=True))
    assert response.text.index('id="kind-foundational"') < response.text.index(
        'id="kind-resistance"'
    )
    assert "All 8 exercises." in response.text


def test_a_card_shows_name_kind_summary_muscles_equipment_and_prescription(client):
    response = client.get(CATALOG)

    card = re.search(
        r'<li class="card exercise-card">\s*<h3><a href="/exercises/bird-dog/">'
        r".*?</li>",
        response.text,
        re.S,
    ).group(0)
    assert "Bird-dog" in card
    assert '<span class="badge foundational">Foundational</span>' in card
    assert "On hands and knees" in card
    assert "Multifidus" in card and "Transversus abdominis" in card
    assert "<dd>Mat</dd>" in card
    assert "5 × 10 s hold" in card
    assert "3 × 8–12 reps, tempo 3-0-1-1" in response.text


def test_a_resistance_card_names_what_unlocks_it(client):
    response = client.get(CATALOG)

    card = re.search(r'href="/exercises/romanian-deadlift/">.*?</li>', response.text, re.S)
    assert "Pelvic tilt, Segmental bridge, Standing bent-over dumbbell row" in card.group(0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"kind": "resistance"},
            {
                "standing-dumbbell-row",
                "single-leg-dumbbell-row",
                "back-extension-45",
                "romanian-deadlift",
            },
        ),
        (
            {"kind": "foundational"},
            {"bird-dog", "prone-back-extension", "pelvic-tilt", "segmental-bridge"},
        ),
        ({"muscle": "obliques"}, {"standing-dumbbell-row", "single-leg-dumbbell-row"}),
        ({"equipment": "barbell"}, {"romanian-deadlift"}),
        ({"equipment": "roman-chair"}, {"back-extension-45"}),
        ({"q": "ROW"}, {"standing-dumbbell-row", "single-leg-dumbbell-row"}),
        ({"q": "  bridge "}, {"segmental-bridge"}),
        ({"kind": "foundational", "muscle": "glutes"}, {"bird-dog", "segmental-bridge"}),
        ({"kind": "resistance", "muscle": "hamstrings", "q": "deadlift"}, {"romanian-deadlift"}),
        ({"kind": "", "muscle": "", "equipment": "", "q": ""}, None),
    ],
)
def test_filters_narrow_the_list(client, query, expected):
    response = client.get(CATALOG, query)

    if expected is None:  # every filter blank: the whole catalog
        expected = set(Exercise.objects.values_list("slug", flat=True))
    assert response.status_code == 200
    assert listed(response) == expected


def test_the_form_keeps_the_chosen_filters(client):
    response = client.get(CATALOG, {"kind": "resistance", "muscle": "obliques", "q": "row"})

    assert '<option value="resistance" selected>' in response.text
    assert '<option value="obliques" selected>' in response.text
    assert 'value="row"' in response.text
    assert "Showing 2 of 8 exercises." in response.text


def test_a_muscle_filter_lists_an_exercise_once(client):
    # Joining through muscles must not repeat an exercise that has several of them.
    response = client.get(CATALOG, {"muscle": "multifidus"})

    assert response.text.count('href="/exercises/bird-dog/"') == 1


def test_htmx_gets_only_the_results_fragment_with_the_count(client):
    response = client.get(CATALOG, {"kind": "resistance"}, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="exercise-filters"' not in response.text
    assert listed(response) == {
        "standing-dumbbell-row",
        "single-leg-dumbbell-row",
        "back-extension-45",
        "romanian-deadlift",
    }
    assert (
        '<p id="result-count" hx-swap-oob="innerHTML">Showing 4 of 8 exercises.</p>'
        in response.text
    )
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_filtered_list_is_a_whole_page(client):
    response = client.get(CATALOG, {"kind": "resistance"})

    assert response.text.lstrip().startswith("<!doctype html>")
    assert 'id="exercise-filters"' in response.text
    assert "hx-swap-oob" not in response.text
    assert len(listed(response)) == 4
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_is_a_plain_get_form_enhanced_by_htmx(client):
    response = client.get(CATALOG)

    form = re.search(r'<form id="exercise-filters".*?>', response.text, re.S).group(0)
    assert 'method="get"' in form and f'action="{CATALOG}"' in form
    assert f'hx-get="{CATALOG}"' in form
    assert 'hx-target="#exercise-results"' in form
    assert 'hx-push-url="true"' in form
    for field in ("id_kind", "id_muscle", "id_equipment", "id_q"):
        assert f'<label for="{field}">' in response.text


def test_a_history_restore_gets_the_whole_page(client):
    # After hx-push-url, going back with a cold htmx cache asks for the full page.
    response = client.get(
        CATALOG, {"kind": "resistance"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )

    assert 'id="exercise-filters"' in response.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"kind": "bogus"}, "kind", "There is no kind “bogus”"),
        ({"muscle": "spleen"}, "muscle", "There is no muscle “spleen”"),
        ({"equipment": "<script>x</script>"}, "equipment", "There is no equipment"),
        ({"q": "x" * 101}, "q", "at most 100 characters"),
    ],
)
def test_an_unknown_filter_value_is_explained_and_that_filter_dropped(
    client, query, field, message
):
    response = client.get(CATALOG, query)

    assert response.status_code == 200
    errors = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', response.text)
    assert message in errors.group(1)
    assert len(listed(response)) == 8
    assert "<script>x</script>" not in response.text


def test_valid_filters_still_apply_beside_an_invalid_one(client):
    response = client.get(CATALOG, {"kind": "nonsense", "equipment": "dumbbell"})

    assert listed(response) == {"standing-dumbbell-row", "single-leg-dumbbell-row"}


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client):
    response = client.get(CATALOG, {"kind": "foundational", "equipment": "barbell"})

    assert listed(response) == set()
    assert "No exercises match these filters" in response.text
    assert f'<a class="button secondary" href="{CATALOG}">Clear filters</a>' in response.text
    assert "Showing 0 of 8 exercises." in response.text


def test_an_empty_result_through_htmx_is_the_fragment_with_the_message(client):
    response = client.get(CATALOG, {"q": "cartwheel"}, headers=HTMX)

    assert "No exercises match these filters" in response.text
    assert "<html" not in response.text


def test_the_catalog_only_answers_reads(client):
    assert client.post(CATALOG).status_code == 405


# --- Freshness ---------------------------------------------------------------------------


def test_catalog_edits_show_on_the_next_request(client):
    client.get(CATALOG)
    bird_dog = Exercise.objects.get(slug="bird-dog")
    bird_dog.name = "Quadruped bird-dog"
    bird_dog.save()
    bird_dog.equipment.clear()
    Muscle.objects.create(slug="diaphragm", name="Diaphragm")
    PrerequisiteFactory(exercise=Exercise.objects.get(slug="romanian-deadlift"), required=bird_dog)

    response = client.get(CATALOG)

    card = re.search(r'href="/exercises/bird-dog/">.*?</li>', response.text, re.S).group(0)
    assert "Quadruped bird-dog" in card
    assert "<dd>None</dd>" in card
    assert '<option value="diaphragm">Diaphragm</option>' in response.text
    assert "bird-dog" not in listed(client.get(CATALOG, {"equipment": "mat"}))
    rdl = re.search(r'href="/exercises/romanian-deadlift/">.*?</li>', response.text, re.S)
    assert "Pelvic tilt, Quadruped bird-dog, Segmental bridge" in rdl.group(0)


def test_an_edit_made_by_another_process_shows_on_the_next_request(client):
    client.get(CATALOG)
    # update() sends no signals, like a write made by another gunicorn worker: the page
    # reads the database on every request, so no process can show an older catalog.
    Exercise.objects.filter(slug="bird-dog").update(name="Quadruped bird-dog")

    assert "Quadruped bird-dog" in client.get(CATALOG).text


# --- One exercise -----------------------------------------------------------------------


def test_an_exercise_page_shows_everything_needed_to_teach_it(client):
    exercise = Exercise.objects.get(slug="standing-dumbbell-row")

    response = client.get(detail_url(exercise.slug))

    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and exercise.name in text
    assert exercise.summary in text
    assert exercise.setup in text
    assert '<span class="badge resistance">Resistance</span>' in text
    for muscle in exercise.muscles.all():
        assert muscle.name in text
    assert "Dumbbell" in text
    for item in exercise.cue_list + exercise.fault_list + exercise.form_check_list:
        assert item in text
    assert "3 × 8–12 reps, tempo 3-0-1-1, resting 60 s between sets" in text
    assert "3 s lowering, no pause, 1 s lifting, 1 s pause" in text
    assert "1 kg or 2 lb at a time" in text


def test_the_steps_are_a_numbered_list_in_order(client):
    exercise = Exercise.objects.get(slug="segmental-bridge")

    response = client.get(detail_url(exercise.slug))

    steps = re.search(r'<ol class="steps">(.*?)</ol>', response.text, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", steps) == exercise.step_list


def test_every_exercise_page_carries_the_universal_cues(client):
    UniversalCue.objects.create(position=6, text="Stop if anything hurts sharply.")

    for slug in ("bird-dog", "romanian-deadlift"):
        response = client.get(detail_url(slug))
        for cue in UniversalCue.objects.all():
            assert cue.text in response.text


def test_a_gated_exercise_says_what_unlocks_it_and_links_there(client):
    response = client.get(detail_url("single-leg-dumbbell-row"))

    gates = re.search(r"<h3>Unlocks after</h3>(.*?)</ul>", response.text, re.S).group(1)
    assert (
        '<a href="/exercises/bird-dog/">Bird-dog</a> — 3 qualifying sessions on distinct days '
        "within 14 days" in gates
    )
    assert '<a href="/exercises/standing-dumbbell-row/">' in gates
    assert "Every one of these must hold at the same time." in response.text


def test_a_foundational_exercise_says_what_it_unlocks_and_needs_nothing(client):
    response = client.get(detail_url("bird-dog"))

    assert "No prerequisites: this exercise is open from your first session." in response.text
    unlocks = re.search(r"<h3>Unlocks</h3>(.*?)</ul>", response.text, re.S).group(1)
    assert '<a href="/exercises/standing-dumbbell-row/">' in unlocks
    assert '<a href="/exercises/single-leg-dumbbell-row/">' in unlocks
    assert "Load increment" not in response.text


def test_regressions_and_progressions_link_both_ways(client):
    response = client.get(detail_url("standing-dumbbell-row"))

    easier = re.search(r"<h3>Regressions \(easier\)</h3>(.*?)</ul>", response.text, re.S)
    harder = re.search(r"<h3>Progressions \(harder\)</h3>(.*?)</ul>", response.text, re.S)
    assert '<a href="/exercises/bird-dog/">Bird-dog</a>' in easier.group(1)
    assert '<a href="/exercises/romanian-deadlift/">' in harder.group(1)


def test_a_hold_reads_as_a_hold(client):
    response = client.get(detail_url("bird-dog"))

    assert "5 × 10 s hold at the top, resting 20 s between sets" in response.text
    assert "2 s lowering, 1 s pause, 2 s lifting, no pause" in response.text


def test_an_unknown_exercise_is_not_found(client):
    assert client.get(detail_url("handstand-press")).status_code == 404


def test_a_signed_in_trainee_reads_the_same_catalog(client, trainee):
    client.force_login(trainee)

    assert client.get(detail_url("pelvic-tilt")).status_code == 200
    assert len(listed(client.get(CATALOG))) == 8


# --- Bounded queries --------------------------------------------------------------------


@pytest.fixture
def big_catalog():
    """Forty more exercises, each with muscles, equipment, gates and progressions, so a page
    that queried per exercise or per relation would show it in its count."""
    muscles = list(Muscle.objects.all())
    equipment = list(Equipment.objects.all())
    bird_dog = Exercise.objects.get(slug="bird-dog")
    row = Exercise.objects.get(slug="standing-dumbbell-row")
    for _ in range(40):
        extra = ExerciseFactory(resistance=True)
        extra.muscles.set(muscles[:3])
        extra.equipment.set(equipment[:2])
        PrerequisiteFactory(exercise=extra, required=bird_dog)
        bird_dog.progressions.add(extra)
        extra.progressions.add(row)


def test_the_catalog_page_queries_stay_bounded(
    client, trainee, big_catalog, django_assert_max_num_queries
):
    client.force_login(trainee)

    # Session and user, the exercises and their muscles, equipment and gates, the total
    # count, and the options of the two filter selects.
    with django_assert_max_num_queries(9):
        response = client.get(CATALOG)
    # Each muscle or equipment filter looks its choice up once.
    with django_assert_max_num_queries(11):
        client.get(CATALOG, {"muscle": "multifidus", "equipment": "mat"})
    # The fragment renders no form, so no options.
    with django_assert_max_num_queries(9):
        client.get(CATALOG, {"muscle": "multifidus", "equipment": "mat"}, headers=HTMX)

    assert len(listed(response)) == 48


def test_the_exercise_page_queries_stay_bounded(
    client, trainee, big_catalog, django_assert_max_num_queries
):
    client.force_login(trainee)

    # Session and user, the exercise, its six relations, and the universal cues.
    with django_assert_max_num_queries(10):
        response = client.get(detail_url("bird-dog"))

    assert response.text.count("/exercises/test-exercise-") >= 40
