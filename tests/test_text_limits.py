"""Every text a person can write is bounded: in the form (a message beside the field) and, for
unbounded column types, by the database itself, so no path stores more."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from exercises.limits import EXERCISE_TEXT_LENGTH
from exercises.models import Exercise
from programs.limits import COMMENT_LENGTH, OVERRIDE_REASON_LENGTH, PROGRAM_DESCRIPTION_LENGTH
from programs.models import GateOverride, Program, SessionComment
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import GateOverrideFactory, ProgramFactory, SessionCommentFactory

# The apps whose people write text; innerback.accounts is bounded by its own tests.
APPS = ("programs", "exercises", "coaching", "outcomes")


def text_fields() -> list[models.Field]:
    return [
        field
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]


@pytest.mark.parametrize("field", text_fields(), ids=str)
def test_every_text_field_has_a_length_limit(field):
    assert field.max_length is not None, f"{field} needs a max_length (programs/limits.py)"


@pytest.mark.parametrize(
    "field", [f for f in text_fields() if isinstance(f, models.TextField)], ids=str
)
def test_every_long_text_is_bounded_by_the_database_too(field):
    checks = {
        c.name for c in field.model._meta.constraints if isinstance(c, models.CheckConstraint)
    }
    assert any(name.endswith(f"{field.name}_length") for name in checks), (
        f"{field} needs a length_at_most check constraint"
    )


def too_long(limit: int) -> str:
    # Not the ASCII letter: the limit counts characters, not bytes.
    return "é" * (limit + 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "field", "limit"),
    [
        (ProgramFactory, "description", PROGRAM_DESCRIPTION_LENGTH),
        (SessionCommentFactory, "body", COMMENT_LENGTH),
        (GateOverrideFactory, "reason", OVERRIDE_REASON_LENGTH),
        (ExerciseFactory, "steps", EXERCISE_TEXT_LENGTH),
    ],
    ids=["program", "comment", "override", "exercise"],
)
def test_the_database_refuses_a_text_past_its_limit_whatever_writes_it(make, field, limit):
    row = make()
    model = type(row)

    model.objects.filter(pk=row.pk).update(**{field: "é" * limit})
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: too_long(limit)})

    assert len(getattr(model.objects.get(pk=row.pk), field)) == limit


def test_the_limits_are_the_documented_ones():
    assert (PROGRAM_DESCRIPTION_LENGTH, COMMENT_LENGTH, OVERRIDE_REASON_LENGTH) == (
        4000,
        2000,
        1000,
    )
    lengths = {
        model: {f.name: f.max_length for f in model._meta.fields if f.max_length}
        for model in (Program, SessionComment, GateOverride, Exercise)
    }
    assert lengths[Program]["description"] == 4000
    assert lengths[Exercise]["form_checks"] == EXERCISE_TEXT_LENGTH == 4000


@pytest.mark.django_db
def test_a_huge_program_description_is_refused_beside_the_field_and_not_saved(client, trainee):
    client.force_login(trainee)
    description = "x" * 2_400_000

    created = client.post(reverse("programs:mine"), {"name": "Big", "description": description})
    program = ProgramFactory(owner=trainee, description="Short.")
    edited = client.post(
        reverse("programs:edit", args=[program.pk]), {"name": "Big", "description": description}
    )

    for response in (created, edited):
        assert response.status_code == 200
        assert 'id="id_description_errors"' in response.text
        assert "at most 4000 characters (it has 2400000)" in response.text
    assert not Program.objects.filter(name="Big").exists()
    program.refresh_from_db()
    assert program.description == "Short."
