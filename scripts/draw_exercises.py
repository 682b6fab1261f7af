"""Draw the catalog's exercise pictures as SVG line art: `python scripts/draw_exercises.py`.

Every picture is a side view of the same figure, posed from a few numbers: where the hip is,
which way the trunk points and how much the spine curves, and where each hand and foot goes
(elbows and knees follow, like real joints). One renderer for all of them keeps the style
consistent, and a pose is easy to correct. The spine is drawn as its own line, and each
picture adds the cue that matters most for its position as a dashed guide or an arrow.

The files land in static/exercises/drawings/ as <slug>-<position>.svg; which positions each
exercise has, and what each shows in words, is exercises/drawings.py. A test checks the files
there are exactly what this script draws, so edit the poses here and run it again.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exercises.drawings import DRAWINGS, drawing_file_name  # noqa: E402

OUT = ROOT / "static" / "exercises" / "drawings"

WIDTH, HEIGHT = 240, 160
FLOOR = 10  # height of the floor line above the bottom edge

# Body proportions, in picture units (an adult of about 180 cm is about 170 units tall).
TRUNK = 46
NECK = 7
HEAD_R = 8.5
UPPER_ARM = 27
FOREARM = 25
THIGH = 39
SHIN = 38
FOOT = 12

# Light colours first, then dark: the picture follows the reader's colour scheme on its own.
STYLE = (
    ".body{stroke:#34433e;fill:none;stroke-linecap:round;stroke-linejoin:round}"
    ".far{opacity:.45}.head{fill:#34433e}"
    ".spine{stroke:#0b6b50;fill:none;stroke-width:3;stroke-linecap:round}"
    ".cue{stroke:#a34f00;fill:none;stroke-width:2;stroke-dasharray:5 4;stroke-linecap:round}"
    ".arrow{stroke:#a34f00;fill:none;stroke-width:2.2;stroke-linecap:round;"
    "stroke-linejoin:round}"
    ".kit{stroke:#6f7b76;fill:#c9d1cd;stroke-width:1.5}.weight{fill:#4d5a55;stroke:none}"
    ".floor{stroke:#8e9994;stroke-width:2}"
    "@media screen and (prefers-color-scheme:dark){.body{stroke:#dbe6e1}.head{fill:#dbe6e1}"
    ".spine{stroke:#5fd3a9}.cue,.arrow{stroke:#ffb15c}.kit{stroke:#98a4a0;fill:#3b4643}"
    ".weight{fill:#b8c4bf}.floor{stroke:#6d7874}}"
)


def polar(origin: tuple[float, float], length: float, degrees: float) -> tuple[float, float]:
    """The point `length` away from `origin` in the direction `degrees` (0 = right, 90 = up)."""
    radians = math.radians(degrees)
    return origin[0] + length * math.cos(radians), origin[1] + length * math.sin(radians)


def joint(
    root: tuple[float, float], end: tuple[float, float], first: float, second: float, bend: int
) -> tuple[float, float]:
    """Where an elbow or knee sits between `root` and `end`; `bend` +1 or -1 picks the side.

    A limb too short to reach is straightened toward the end rather than broken."""
    dx, dy = end[0] - root[0], end[1] - root[1]
    reach = min(math.hypot(dx, dy), first + second - 0.01)
    toward = math.degrees(math.atan2(dy, dx))
    cosine = (first**2 + reach**2 - second**2) / (2 * first * reach)
    opening = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    return polar(root, first, toward + bend * opening)


@dataclass
class Limb:
    """A hand or foot target and the side its elbow or knee bends to (+1 anticlockwise)."""

    end: tuple[float, float]
    bend: int
    tip: float | None = None  # direction of the foot or hand from the wrist or ankle


@dataclass
class Pose:
    hip: tuple[float, float]
    trunk: float  # direction from hip to the base of the neck, degrees
    curve: float  # + rounds the back, - arches it
    neck: float  # direction of the neck and head
    arm: Limb
    leg: Limb
    far_arm: Limb | None = None
    far_leg: Limb | None = None
    kit: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


def svg_y(y: float) -> float:
    return HEIGHT - y


def pt(point: tuple[float, float]) -> str:
    return f"{point[0]:.1f} {svg_y(point[1]):.1f}"


def line(*points: tuple[float, float], css: str, width: float | None = None) -> str:
    stroke = f' stroke-width="{width}"' if width else ""
    path = "M" + " L".join(pt(p) for p in points)
    return f'<path class="{css}"{stroke} d="{path}"/>'


def back_control(pose: Pose, neck_base: tuple[float, float]) -> tuple[float, float]:
    """The curve's control point: pushed toward the back for a rounded spine, away to arch."""
    middle = ((pose.hip[0] + neck_base[0]) / 2, (pose.hip[1] + neck_base[1]) / 2)
    return polar(middle, pose.curve, pose.trunk + 90)


def limb(root, target: Limb, first: float, second: float, tip_length: float, css: str, width):
    middle = joint(root, target.end, first, second, target.bend)
    points = [root, middle, target.end]
    if target.tip is not None:
        points.append(polar(target.end, tip_length, target.tip))
    return line(*points, css=css, width=width)


def draw(pose: Pose) -> str:
    neck_base = polar(pose.hip, TRUNK, pose.trunk)
    control = back_control(pose, neck_base)
    head = polar(neck_base, NECK + HEAD_R, pose.neck)
    shoulder = shoulder_of(pose.hip, pose.trunk)
    parts: list[str] = [
        f'<line class="floor" x1="0" y1="{svg_y(FLOOR)}" x2="{WIDTH}" y2="{svg_y(FLOOR)}"/>'
    ]
    parts += [KIT[name] for name in pose.kit if name in BEHIND]
    if pose.far_leg:
        parts.append(limb(pose.hip, pose.far_leg, THIGH, SHIN, FOOT, "body far", 8))
    if pose.far_arm:
        parts.append(limb(shoulder, pose.far_arm, UPPER_ARM, FOREARM, 7, "body far", 6.5))
    trunk = f"M{pt(pose.hip)} Q{pt(control)} {pt(neck_base)}"
    parts.append(f'<path class="body" stroke-width="15" d="{trunk}"/>')
    parts.append(line(neck_base, polar(neck_base, NECK, pose.neck), css="body", width=7))
    parts.append(
        f'<circle class="head" cx="{head[0]:.1f}" cy="{svg_y(head[1]):.1f}" r="{HEAD_R}"/>'
    )
    parts.append(limb(pose.hip, pose.leg, THIGH, SHIN, FOOT, "body", 9))
    parts += [KIT[name] for name in pose.kit if name not in BEHIND]
    parts.append(limb(shoulder, pose.arm, UPPER_ARM, FOREARM, 7, "body", 7))
    # The spine line runs along the back of the trunk, from the tailbone to the skull.
    along = 6.5
    offset = pose.trunk + 90
    spine = (
        f"M{pt(polar(pose.hip, along, offset))} Q{pt(polar(control, along, offset))} "
        f"{pt(polar(neck_base, along * 0.6, offset))}"
    )
    parts.append(f'<path class="spine" d="{spine}"/>')
    parts += pose.cues
    return "".join(parts)


def page(pose: Pose, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img"><title>{title}</title><style>{STYLE}</style>{draw(pose)}</svg>\n'
    )


def arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A straight arrow from start to end, head at the end."""
    heading = math.degrees(math.atan2(end[1] - start[1], end[0] - start[0]))
    left, right = polar(end, 7, heading + 150), polar(end, 7, heading - 150)
    return line(start, end, css="arrow") + line(left, end, right, css="arrow")


def guide(*points: tuple[float, float]) -> str:
    """A dashed guide line: the line the body should keep."""
    return line(*points, css="cue")


def mat(x1: float, x2: float) -> str:
    return (
        f'<rect class="kit" x="{x1}" y="{svg_y(FLOOR + 4)}" width="{x2 - x1}" height="4" rx="2"/>'
    )


def dumbbell(at: tuple[float, float]) -> str:
    x, y = at[0], svg_y(at[1])
    return (
        f'<rect class="weight" x="{x - 10:.1f}" y="{y - 1.5:.1f}" width="20" height="3"/>'
        f'<rect class="weight" x="{x - 13:.1f}" y="{y - 6:.1f}" width="6" height="12" rx="1.5"/>'
        f'<rect class="weight" x="{x + 7:.1f}" y="{y - 6:.1f}" width="6" height="12" rx="1.5"/>'
    )


def plate(at: tuple[float, float]) -> str:
    """A barbell seen end on: its plate, with the bar through the hands."""
    return (
        f'<circle class="kit" cx="{at[0]:.1f}" cy="{svg_y(at[1]):.1f}" r="17"/>'
        f'<circle class="weight" cx="{at[0]:.1f}" cy="{svg_y(at[1]):.1f}" r="3"/>'
    )


# The 45° bench: a foot roller low down, a hip pad high up, a frame between them.
ROLLER = (62, 26)
PAD = (118, 76)


def roman_chair() -> str:
    return (
        line((40, FLOOR), (70, FLOOR + 22), css="kit", width=3)
        + line((70, FLOOR + 22), (126, 66), css="kit", width=3)
        + line((126, 66), (150, FLOOR), css="kit", width=3)
        + f'<circle class="kit" cx="{ROLLER[0]}" cy="{svg_y(ROLLER[1])}" r="5"/>'
        + f'<rect class="kit" x="{PAD[0] - 5}" y="{svg_y(PAD[1] + 12):.1f}" width="12" '
        f'height="24" rx="5" transform="rotate(45 {PAD[0]} {svg_y(PAD[1])})"/>'
    )


KIT = {"mat": mat(10, 230), "roman_chair": roman_chair()}
BEHIND = {"mat", "roman_chair"}


def shoulder_of(hip: tuple[float, float], trunk: float) -> tuple[float, float]:
    return polar(polar(hip, TRUNK, trunk), 4, trunk + 180)


def on_chest(hip: tuple[float, float], trunk: float) -> tuple[float, float]:
    """Where hands crossed on the chest sit: on the front of the upper trunk."""
    return polar(polar(hip, TRUNK - 12, trunk), 9, trunk - 90)


# Foundational ---------------------------------------------------------------------------
KNEE_Y = FLOOR + 6
QUAD_HIP = (86, KNEE_Y + THIGH)
QUAD_HAND = (140, FLOOR + 2)
QUAD_FOOT = Limb((48, FLOOR + 5), +1, 200)

bird_dog_start = Pose(
    hip=QUAD_HIP,
    trunk=9,
    curve=0,
    neck=2,
    arm=Limb(QUAD_HAND, -1, 5),
    leg=Limb((QUAD_HIP[0] + 2, KNEE_Y - 4), -1),
    far_arm=Limb((QUAD_HAND[0] + 5, QUAD_HAND[1]), -1, 5),
    far_leg=QUAD_FOOT,
    kit=["mat"],
    cues=[guide((40, 66), (200, 66))],
)
# Knee straight below the hip, so the leg sits as thigh down and shin back along the mat.
bird_dog_start.leg = Limb((QUAD_HIP[0] - 36, FLOOR + 5), +1, 200)
bird_dog_start.far_leg = Limb((QUAD_HIP[0] - 33, FLOOR + 5), +1, 200)

bird_dog_end = Pose(
    hip=QUAD_HIP,
    trunk=9,
    curve=0,
    neck=2,
    arm=Limb((QUAD_HIP[0] + 45 + 52, QUAD_HIP[1] + 9), +1, 5),
    leg=Limb((QUAD_HIP[0] - 36, FLOOR + 5), +1, 200),
    far_arm=Limb((QUAD_HAND[0] + 5, QUAD_HAND[1]), -1, 5),
    far_leg=Limb((QUAD_HIP[0] - 76, QUAD_HIP[1] + 3), -1, 190),
    kit=["mat"],
    cues=[guide((4, 66), (236, 66))],
)

PRONE_HIP = (98, FLOOR + 11)
prone_start = Pose(
    hip=PRONE_HIP,
    trunk=0,
    curve=0,
    neck=-4,
    arm=Limb(polar(shoulder_of(PRONE_HIP, 0), 50, 182), -1, 180),
    leg=Limb((PRONE_HIP[0] - 74, FLOOR + 7), -1, 200),
    kit=["mat"],
    cues=[guide((150, 24), (200, 24))],
)
prone_end = Pose(
    hip=PRONE_HIP,
    trunk=15,
    curve=-3,
    neck=14,
    arm=Limb(polar(shoulder_of(PRONE_HIP, 15), 50, 188), -1, 185),
    leg=Limb((PRONE_HIP[0] - 74, FLOOR + 7), -1, 200),
    kit=["mat"],
    cues=[
        guide(polar((PRONE_HIP[0], PRONE_HIP[1] + 4), 100, 15), (PRONE_HIP[0], 25)),
        arrow((170, 30), (170, 46)),
    ],
)

SUPINE_HIP = (150, FLOOR + 11)
SUPINE_FOOT = Limb((186, FLOOR + 4), +1, 0)
SUPINE_ARM = Limb((158, FLOOR + 6), +1, 0)


def supine(hip, trunk, curve, cues, neck=185) -> Pose:
    return Pose(
        hip=hip,
        trunk=trunk,
        curve=curve,
        neck=neck,
        arm=SUPINE_ARM,
        leg=SUPINE_FOOT,
        kit=["mat"],
        cues=cues,
    )


pelvic_tilt_start = supine(SUPINE_HIP, 180, -7, [])
pelvic_tilt_end = supine(SUPINE_HIP, 180, 1, [])
pelvic_tilt_start.cues = [guide((96, FLOOR + 5), (156, FLOOR + 5))]
pelvic_tilt_end.cues = [arrow((164, 36), (156, 48)), guide((96, FLOOR + 5), (156, FLOOR + 5))]

bridge_start = supine(SUPINE_HIP, 180, -4, [])
bridge_middle = supine((148, FLOOR + 24), 197, 7, [arrow((150, 50), (150, 64))], neck=188)
BRIDGE_HIP = (148, FLOOR + 25)
bridge_end = supine(BRIDGE_HIP, 205, 0, [], neck=192)
bridge_end.cues = [guide(polar(BRIDGE_HIP, 52, 205), polar(BRIDGE_HIP, 46, 25))]

# Resistance -----------------------------------------------------------------------------
STAND_FOOT = Limb((104, FLOOR + 3), +1, 0)
HINGE_HIP = (82, FLOOR + 70)
HINGE_TRUNK = 38
hinge_shoulder = shoulder_of(HINGE_HIP, HINGE_TRUNK)
hand_low = (hinge_shoulder[0] + 2, hinge_shoulder[1] - 50)
hand_high = (hinge_shoulder[0] - 24, hinge_shoulder[1] - 20)
back_line = guide(polar(HINGE_HIP, -14, HINGE_TRUNK), polar(HINGE_HIP, 78, HINGE_TRUNK))

row_start = Pose(
    hip=HINGE_HIP,
    trunk=HINGE_TRUNK,
    curve=0,
    neck=HINGE_TRUNK - 8,
    arm=Limb(hand_low, +1),
    leg=STAND_FOOT,
    far_leg=Limb((98, FLOOR + 3), +1, 0),
    cues=[back_line, dumbbell(hand_low)],
)
row_end = Pose(
    hip=HINGE_HIP,
    trunk=HINGE_TRUNK,
    curve=0,
    neck=HINGE_TRUNK - 8,
    arm=Limb(hand_high, -1),
    leg=STAND_FOOT,
    far_leg=Limb((98, FLOOR + 3), +1, 0),
    cues=[
        back_line,
        dumbbell(hand_high),
        arrow((hand_high[0] + 30, hand_high[1] - 14), (hand_high[0] + 30, hand_high[1] + 6)),
    ],
)

ONE_LEG_HIP = (104, FLOOR + 72)
ONE_LEG_TRUNK = 22
one_leg_shoulder = shoulder_of(ONE_LEG_HIP, ONE_LEG_TRUNK)
one_leg_low = (one_leg_shoulder[0] + 2, one_leg_shoulder[1] - 50)
one_leg_high = (one_leg_shoulder[0] - 22, one_leg_shoulder[1] - 16)
reaching_leg = Limb(polar(ONE_LEG_HIP, 76, ONE_LEG_TRUNK + 180), -1, ONE_LEG_TRUNK + 250)
one_leg_line = guide(polar(ONE_LEG_HIP, -84, ONE_LEG_TRUNK), polar(ONE_LEG_HIP, 74, ONE_LEG_TRUNK))

one_leg_row_start = Pose(
    hip=ONE_LEG_HIP,
    trunk=ONE_LEG_TRUNK,
    curve=0,
    neck=ONE_LEG_TRUNK - 4,
    arm=Limb(one_leg_low, +1),
    leg=Limb((110, FLOOR + 3), +1, 0),
    far_leg=reaching_leg,
    cues=[one_leg_line, dumbbell(one_leg_low)],
)
one_leg_row_end = Pose(
    hip=ONE_LEG_HIP,
    trunk=ONE_LEG_TRUNK,
    curve=0,
    neck=ONE_LEG_TRUNK - 4,
    arm=Limb(one_leg_high, -1),
    leg=Limb((110, FLOOR + 3), +1, 0),
    far_leg=reaching_leg,
    cues=[one_leg_line, dumbbell(one_leg_high)],
)

CHAIR_HIP = (112, 84)
chair_feet = Limb((ROLLER[0] + 3, ROLLER[1] - 4), -1, 0)
crossed_arms = on_chest(CHAIR_HIP, 45)
back_extension_start = Pose(
    hip=CHAIR_HIP,
    trunk=45,
    curve=0,
    neck=45,
    arm=Limb(crossed_arms, -1),
    leg=chair_feet,
    kit=["roman_chair"],
    cues=[guide(polar(CHAIR_HIP, -66, 45), polar(CHAIR_HIP, 72, 45))],
)
rounded_arms = on_chest(CHAIR_HIP, -62)
back_extension_end = Pose(
    hip=CHAIR_HIP,
    trunk=-62,
    curve=14,
    neck=-95,
    arm=Limb(rounded_arms, -1),
    leg=chair_feet,
    kit=["roman_chair"],
    cues=[arrow((160, 52), (168, 84))],
)

RDL_FOOT = Limb((110, FLOOR + 3), +1, 0)
rdl_tall_hip = (108, FLOOR + 75)
rdl_tall_hands = (110, FLOOR + 66)
rdl_start = Pose(
    hip=rdl_tall_hip,
    trunk=90,
    curve=-2,
    neck=90,
    arm=Limb(rdl_tall_hands, +1),
    leg=RDL_FOOT,
    cues=[
        plate(rdl_tall_hands),
        guide((rdl_tall_hip[0] - 14, FLOOR + 62), (rdl_tall_hip[0] - 14, FLOOR + 140)),
    ],
)
RDL_HIP = (80, FLOOR + 70)
RDL_TRUNK = 14
rdl_shoulder = shoulder_of(RDL_HIP, RDL_TRUNK)
rdl_low_hands = (rdl_shoulder[0], rdl_shoulder[1] - 48)
rdl_end = Pose(
    hip=RDL_HIP,
    trunk=RDL_TRUNK,
    curve=0,
    neck=RDL_TRUNK - 10,
    arm=Limb(rdl_low_hands, +1),
    leg=RDL_FOOT,
    cues=[
        plate(rdl_low_hands),
        guide(polar(RDL_HIP, -18, RDL_TRUNK), polar(RDL_HIP, 74, RDL_TRUNK)),
    ],
)

POSES: dict[tuple[str, str], Pose] = {
    ("bird-dog", "start"): bird_dog_start,
    ("bird-dog", "end"): bird_dog_end,
    ("prone-back-extension", "start"): prone_start,
    ("prone-back-extension", "end"): prone_end,
    ("pelvic-tilt", "start"): pelvic_tilt_start,
    ("pelvic-tilt", "end"): pelvic_tilt_end,
    ("segmental-bridge", "start"): bridge_start,
    ("segmental-bridge", "middle"): bridge_middle,
    ("segmental-bridge", "end"): bridge_end,
    ("standing-dumbbell-row", "start"): row_start,
    ("standing-dumbbell-row", "end"): row_end,
    ("single-leg-dumbbell-row", "start"): one_leg_row_start,
    ("single-leg-dumbbell-row", "end"): one_leg_row_end,
    ("back-extension-45", "start"): back_extension_start,
    ("back-extension-45", "end"): back_extension_end,
    ("romanian-deadlift", "start"): rdl_start,
    ("romanian-deadlift", "end"): rdl_end,
}


def drawn_files() -> dict[str, str]:
    """Every picture's file name and SVG text, in the order exercises/drawings.py lists them."""
    return {
        drawing_file_name(slug, picture.position): page(POSES[slug, picture.position], picture.text)
        for slug, pictures in DRAWINGS.items()
        for picture in pictures
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in drawn_files().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote static/exercises/drawings/{name}")


if __name__ == "__main__":
    main()
