"""One email address, one person: every spelling of an address is the same account, and
look-alike letters never make a second account that reads like someone else's."""

import pytest
from django.urls import reverse

from innerback.accounts.forms import SignupForm
from innerback.accounts.models import User, canonical_email
from tests.innerback.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "New Person",
    "password1": "slow-eccentric-2025",
    "password2": "slow-eccentric-2025",
}


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Tess@Example.COM", "tess@example.com"),
        ("ｔｅｓｓ@ｅｘａｍｐｌｅ.ｃｏｍ", "tess@example.com"),  # full-width
        ("teſs@example.com", "tess@example.com"),  # long s
        ("TEẞ@example.com", "tess@example.com"),  # capital sharp s folds to ss
        ("  tess@example.com\u3000", "tess@example.com"),  # ideographic space
        ("lısa@example.com", "lısa@example.com"),  # dotless i is its own letter
    ],
)
def test_every_spelling_has_one_canonical_form(spelling, canonical):
    assert canonical_email(spelling) == canonical


@pytest.mark.parametrize(
    "spelling", ["TESS@example.com", "ｔｅｓｓ@example.com", "teſs@example.com"]
)
def test_signing_up_again_with_another_spelling_is_refused(client, trainee, spelling):
    response = client.post(reverse("signup"), {**SIGNUP, "email": spelling})

    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1


@pytest.mark.parametrize("spelling", ["tıss@example.com", "tеss@example.com", "tess@exämple.com"])
def test_signing_up_with_letters_outside_a_to_z_is_refused_with_the_rule(client, spelling):
    response = client.post(reverse("signup"), {**SIGNUP, "email": spelling})

    assert response.status_code == 200
    assert "plain letters a–z" in " ".join(response.context["form"].errors["email"])
    assert not User.objects.exists()


def test_a_full_width_sign_up_is_stored_in_plain_letters(client):
    client.post(reverse("signup"), {**SIGNUP, "email": "ＮＥＷ@example.com"})

    assert User.objects.get().email == "new@example.com"


def test_any_write_stores_the_canonical_form():
    user = UserFactory(email="Ｍixed.Case@Example.com")

    assert User.objects.get(pk=user.pk).email == "mixed.case@example.com"


@pytest.mark.parametrize(
    "spelling", ["TESS@EXAMPLE.COM", "ｔｅｓｓ@example.com", "teſs@example.com"]
)
def test_every_spelling_logs_in_to_the_one_account(client, trainee, spelling):
    response = client.post(reverse("login"), {"username": spelling, "password": PASSWORD})

    assert response.status_code == 302
    assert response.wsgi_request.user == trainee


def test_an_address_taken_between_checking_and_saving_is_the_usual_form_error(db):
    """Two sign-ups of one address at once: both pass the check, the database decides."""
    form = SignupForm({**SIGNUP, "email": "twice@example.com"})
    assert form.is_valid()
    UserFactory(email="twice@example.com")

    assert form.save() is None

    assert "already exists" in " ".join(form.errors["email"])
    assert User.objects.count() == 1
