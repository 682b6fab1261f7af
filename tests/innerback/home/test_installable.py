"""What makes innerback installable and safe offline: the manifest and its icons, the service
worker at the site's root, the page for pages not kept, whose each page is, and sign-out
wiping the device."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from innerback.accounts.middleware import OFFLINE_USER
from innerback.home.installable import SHELL
from scripts.make_icons import ICONS, draw
from tests.innerback.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_manifest_starts_at_today_standalone_with_png_and_svg_icons(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/today/",
        "/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_every_page_links_the_manifest_and_a_theme_colour_for_light_and_dark(client):
    page = client.get("/").text

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="theme-color" content="#f7f7f4" media="(prefers-color-scheme: light)"' in page
    assert 'name="theme-color" content="#121514" media="(prefers-color-scheme: dark)"' in page


@pytest.mark.parametrize("name", sorted(ICONS))
def test_the_icons_are_what_the_script_draws_at_their_size(name):
    size, maskable = ICONS[name]
    shipped = Image.open(settings.BASE_DIR / "static" / "img" / name)

    assert shipped.size == (size, size)
    assert shipped.convert("RGBA").tobytes() == draw(size, maskable=maskable).tobytes()


def test_the_service_worker_is_served_from_the_root_and_checked_on_every_visit(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    script = response.text
    assert '"offline":"/offline/"' in script
    for name in SHELL:
        assert finders.find(name), name
        assert name.rsplit(".", 1)[0] in script


def test_the_offline_page_names_no_one_even_for_a_signed_in_visitor(client, trainee):
    client.force_login(trainee)

    response = client.get("/offline/")

    assert response.status_code == 200
    page = response.text
    assert "You are offline" in page and 'href="/today/"' in page
    assert trainee.display_name not in page and trainee.email not in page


def test_a_signed_in_page_says_whose_it_is_and_the_key_differs_per_person(
    client, trainee, other_trainee
):
    client.force_login(trainee)
    mine = client.get("/exercises/")
    client.force_login(other_trainee)
    theirs = client.get("/exercises/")

    assert mine[OFFLINE_USER] == trainee.offline_key
    assert theirs[OFFLINE_USER] == other_trainee.offline_key != trainee.offline_key
    assert f'data-offline-user="{trainee.offline_key}"' in mine.text


def test_a_page_for_a_visitor_is_nobodys(client):
    response = client.get("/exercises/")

    assert OFFLINE_USER not in response
    assert "data-offline-user" not in response.text


def test_signing_out_clears_the_devices_pages_and_queue(client, trainee):
    client.force_login(trainee)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_the_account_clears_the_device_too(client, trainee):
    client.force_login(trainee)

    response = client.post(reverse("delete_account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
