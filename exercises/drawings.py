"""The pictures of each catalog exercise: which positions are drawn, and what each one shows.

The drawings themselves are static files (static/exercises/drawings/<slug>-<position>.svg,
drawn by scripts/draw_exercises.py). The text here is each picture's text alternative: it says
what the position is and the one thing to look for, so a reader who cannot see the picture
loses nothing. Exercises added in the admin have no pictures; their pages simply show none.
"""

from dataclasses import dataclass

from django.templatetags.static import static


@dataclass(frozen=True)
class Drawing:
    position: str  # "start", "middle" or "end" of one repetition
    text: str

    @property
    def label(self) -> str:
        return {"start": "Start", "middle": "On the way", "end": "End"}[self.position]


def drawing_file_name(slug: str, position: str) -> str:
    return f"{slug}-{position}.svg"


DRAWINGS: dict[str, tuple[Drawing, ...]] = {
    "bird-dog": (
        Drawing(
            "start",
            "On hands and knees on a mat: hands under the shoulders, knees under "
            "the hips, the back flat and level like a table top.",
        ),
        Drawing(
            "end",
            "One arm reaches forward and the opposite leg straight back, both level "
            "with the trunk; the back stays flat and the pelvis level, on the dashed line.",
        ),
    ),
    "prone-back-extension": (
        Drawing(
            "start",
            "Lying face down on a mat, legs long, arms by the sides, forehead "
            "resting down so the neck stays long.",
        ),
        Drawing(
            "end",
            "The chest and arms lifted a few centimetres off the mat, legs still "
            "down, the neck long in line with the spine: a small lift, not a high arch.",
        ),
    ),
    "pelvic-tilt": (
        Drawing(
            "start",
            "Lying on the back, knees bent and feet flat: in neutral there is a "
            "small gap between the lower back and the mat.",
        ),
        Drawing(
            "end",
            "The pelvis rocked back so the lower back rests flat on the mat; the "
            "hips stay down and only the pelvis moves.",
        ),
    ),
    "segmental-bridge": (
        Drawing(
            "start",
            "Lying on the back, knees bent, feet flat and hip-width apart, arms by "
            "the sides, the lower back in neutral.",
        ),
        Drawing(
            "middle",
            "On the way up: the tailbone and lower back have peeled off the mat "
            "first while the middle and upper back are still down.",
        ),
        Drawing(
            "end",
            "At the top: knees, hips and shoulders make one straight line, with no "
            "arch beyond it and the hips level.",
        ),
    ),
    "standing-dumbbell-row": (
        Drawing(
            "start",
            "Standing hinged forward about 45 degrees with soft knees, the back "
            "flat from hips to head, a dumbbell hanging under the shoulder, the free hand "
            "on the hip.",
        ),
        Drawing(
            "end",
            "The dumbbell pulled up toward the hip, elbow by the trunk; the trunk has "
            "not moved and the back is still flat along the dashed line.",
        ),
    ),
    "single-leg-dumbbell-row": (
        Drawing(
            "start",
            "Balanced on one leg with the knee soft, hinged forward so head, trunk "
            "and the other leg make one long line; the dumbbell hangs under the shoulder.",
        ),
        Drawing(
            "end",
            "The dumbbell rowed up toward the hip while the long line from head to "
            "raised heel stays still and the hips stay level.",
        ),
    ),
    "back-extension-45": (
        Drawing(
            "start",
            "On a 45 degree back extension bench with the pad low on the hips and "
            "the heels under the rollers: the body in one straight line, arms crossed on "
            "the chest.",
        ),
        Drawing(
            "end",
            "At the bottom: the spine rounded down one segment at a time, head "
            "toward the floor, while the hips stay pressed into the pad.",
        ),
    ),
    "romanian-deadlift": (
        Drawing(
            "start",
            "Standing tall with the bar against the thighs, knees slightly "
            "unlocked, shoulders drawn down.",
        ),
        Drawing(
            "end",
            "At the bottom: hips pushed back, shins near vertical, the bar just below "
            "the knees and the back still neutral, straight along the dashed line.",
        ),
    ),
}


# Where the lowering phase of a repetition ends (the tempo's first number): the start for most,
# whose repetition begins low (a row's long arm, a bridge on the mat); the end for the hinges
# that begin tall and lower into the stretch.
LOWERED_AT_END = frozenset({"back-extension-45", "romanian-deadlift"})


@dataclass(frozen=True)
class Picture:
    """One drawing ready for a template: its address, label and text alternative."""

    url: str
    label: str
    text: str
    position: str


def pictures_for(slug: str) -> list[Picture]:
    """The pictures of the exercise with this slug, in the order of a repetition."""
    return [
        Picture(
            url=static(f"exercises/drawings/{drawing_file_name(slug, drawing.position)}"),
            label=drawing.label,
            text=drawing.text,
            position=drawing.position,
        )
        for drawing in DRAWINGS.get(slug, ())
    ]


@dataclass(frozen=True)
class TempoPictures:
    """The two positions the tempo guide moves between: before and after the lowering."""

    raised: Picture
    lowered: Picture


def tempo_pictures_for(slug: str) -> TempoPictures | None:
    """The raised and lowered positions of the exercise with this slug, if it is drawn."""
    by_position = {picture.position: picture for picture in pictures_for(slug)}
    if not by_position:
        return None
    start, end = by_position["start"], by_position["end"]
    if slug in LOWERED_AT_END:
        return TempoPictures(raised=start, lowered=end)
    return TempoPictures(raised=end, lowered=start)
