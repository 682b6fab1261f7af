"""Migration 0005 stores every address in its canonical form, and stops, naming them, when
two accounts turn out to be one address spelled two ways."""

import importlib

import pytest
from django.apps import apps

from innerback.accounts.models import User
from tests.innerback.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("innerback.accounts.migrations.0005_emails_in_canonical_form")


def _spelled(user: User, email: str) -> None:
    # As stored before canonical forms: a queryset update skips User.save().
    User.objects.filter(pk=user.pk).update(email=email)


def test_the_migration_stores_every_address_in_its_canonical_form():
    tess, otto = UserFactory(), UserFactory()
    _spelled(tess, "Tess@Example.com")
    _spelled(otto, "ｏｔｔｏ@example.com")

    migration.canonicalize_emails(apps, None)

    assert sorted(User.objects.values_list("email", flat=True)) == [
        "otto@example.com",
        "tess@example.com",
    ]


def test_the_migration_stops_and_names_accounts_that_are_one_address():
    first, second, bystander = UserFactory(), UserFactory(), UserFactory(email="Bo@example.com")
    _spelled(first, "tess@example.com")
    _spelled(second, "ｔｅｓｓ@example.com")
    _spelled(bystander, "Bo@example.com")

    with pytest.raises(RuntimeError) as refused:
        migration.canonicalize_emails(apps, None)

    assert f"#{first.pk} 'tess@example.com'" in str(refused.value)
    assert f"#{second.pk} 'ｔｅｓｓ@example.com'" in str(refused.value)
    assert "Bo@" not in str(refused.value)
