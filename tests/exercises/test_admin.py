"""Staff keep the catalog in the Django admin: exercises with their gates, and the rest."""

import pytest
from django.urls import reverse

from exercises.models import Exercise, Prerequisite
from tests.innerback.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["exercise", "prerequisite", "muscle", "equipment", "universalcue"]
)
def test_staff_can_list_every_catalog_model(staff_client, model):
    response = staff_client.get(reverse(f"admin:exercises_{model}_changelist"))

    assert response.status_code == 200


def test_the_exercise_list_filters_by_kind_and_searches_by_name(staff_client):
    url = reverse("admin:exercises_exercise_changelist")

    resistance = staff_client.get(url, {"kind__exact": "resistance"})
    found = staff_client.get(url, {"q": "bridge"})

    assert resistance.context["cl"].result_count == 4
    assert [exercise.slug for exercise in found.context["cl"].result_list] == ["segmental-bridge"]


def test_an_exercise_is_edited_with_its_gates_inline(staff_client):
    row = Exercise.objects.get(slug="single-leg-dumbbell-row")

    response = staff_client.get(reverse("admin:exercises_exercise_change", args=[row.pk]))

    assert response.status_code == 200
    (gates,) = response.context["inline_admin_formsets"]
    required = {form.instance.required.slug for form in gates.formset.initial_forms}
    assert required == {"bird-dog", "standing-dumbbell-row"}
    assert "selectfilter" in response.text.lower()  # horizontal filters for the M2M fields


def test_the_admin_refuses_a_gate_that_closes_a_loop(staff_client):
    bird_dog = Exercise.objects.get(slug="bird-dog")
    row = Exercise.objects.get(slug="standing-dumbbell-row")

    response = staff_client.post(
        reverse("admin:exercises_prerequisite_add"),
        {"exercise": bird_dog.pk, "required": row.pk, "sessions": 3, "window_days": 14},
    )

    assert response.status_code == 200
    assert "already depends on this one" in response.text
    assert not Prerequisite.objects.filter(exercise=bird_dog).exists()


def test_staff_edit_a_gates_floor_beside_its_sessions_and_window(staff_client):
    rule = Prerequisite.objects.get(
        exercise__slug="standing-dumbbell-row", required__slug="bird-dog"
    )

    response = staff_client.post(
        reverse("admin:exercises_prerequisite_change", args=[rule.pk]),
        {
            "exercise": rule.exercise_id,
            "required": rule.required_id,
            "sessions": 3,
            "window_days": 14,
            "min_sets": 4,
            "min_reps": 0,
            "min_hold_s": 15,
            "min_lowering_s": 3,
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.min_sets, rule.min_hold_s, rule.min_lowering_s) == (4, 15, 3)
    changelist = staff_client.get(reverse("admin:exercises_prerequisite_changelist"))
    assert "minimum lowering (s) a set" in changelist.text.lower()
