"""What search engines and other machines read: /robots.txt and each page's description."""

import re

import pytest

from tests.url_sweep import World, paths

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def test_robots_txt_lets_search_engines_read_the_public_pages(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.splitlines()[1:] == ["User-agent: *", "Disallow: /admin/"]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/", "multifidus"),
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Create a free innerback account"),
        ("/exercises/", "Every innerback exercise"),
    ],
)
def test_each_public_page_describes_itself(client, path, words):
    found = DESCRIPTION.findall(client.get(path).text)

    assert len(found) == 1 and words in found[0]


def test_an_exercise_is_described_by_its_own_summary(client):
    world = World()
    world.foundational.summary = "A slow reach that trains a still trunk."
    world.foundational.save()

    page = client.get(f"/exercises/{world.foundational.slug}/").text

    assert DESCRIPTION.findall(page) == ["Sweep bird-dog: A slow reach that trains a still trunk."]


def test_every_page_a_person_opens_has_one_description(client):
    world = World()
    client.force_login(world.coach)
    described = {}
    for endpoint, path in paths(world, world.coach):
        if endpoint.is_admin:
            continue
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            described[path] = len(DESCRIPTION.findall(response.text))

    assert len(described) > 20
    assert set(described.values()) == {1}, described
