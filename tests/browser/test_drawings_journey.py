"""The drawings where people train: beside each exercise on /today/, and in the tempo guide,
which moves from the raised to the lowered drawing with the lowering phase (and switches
between them without fading for people who ask for reduced motion)."""

import pytest
from playwright.sync_api import Browser, expect

from innerback.coaching.management.commands.seed_demo import DEMO_TRAINEE
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import demo, signed_in_state  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def lowered_opacity(guide) -> float:
    return float(
        guide.locator(".tempo-pose-lowered").evaluate("img => getComputedStyle(img).opacity")
    )


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_tempo_guide_moves_between_the_drawings_in_time(
    browser: Browser,
    live_server,
    demo,  # noqa: F811
    motion,
):
    state = signed_in_state(browser, live_server, DEMO_TRAINEE[0])
    context = browser.new_context(storage_state=state, viewport=PHONE, reduced_motion=motion)
    page = context.new_page()
    page.goto(live_server.url + "/today/")

    block = page.locator(".exercise-block:has(.set-form)").first
    expect(block.locator("img.exercise-thumb")).to_be_visible()
    guide = block.locator(".set-form .tempo-guide").first
    expect(guide.locator(".tempo-poses")).to_be_hidden()
    guide.get_by_role("button", name="Pace my").click()
    expect(guide.locator(".tempo-poses")).to_be_visible()

    seen = set()
    for _ in range(20):
        page.wait_for_timeout(150)
        seen.add(round(lowered_opacity(guide), 2))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=str(SCREENSHOTS / f"today-tempo-drawings-{motion}.png"))
    if motion == "reduce":
        assert seen <= {0.0, 1.0}
    else:
        assert any(0 < value < 1 for value in seen), seen
    assert len(seen) > 1, "the drawings moved"
    context.close()
