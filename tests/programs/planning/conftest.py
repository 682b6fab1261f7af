"""Exercises shared by the plan's tests."""

import pytest

from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory


@pytest.fixture
def gated():
    """A held foundational exercise that gates a loaded row."""
    bird_dog = ExerciseFactory(slug="p-bird-dog", name="Plan bird-dog", hold=True)
    row = ExerciseFactory(slug="p-row", name="Plan row", resistance=True)
    PrerequisiteFactory(exercise=row, required=bird_dog, sessions=3, window_days=14)
    return bird_dog, row
