"""The built-in eight-week starter program, as plain data.

Three training days a week. Every day opens with bird-dog or pelvic tilt as activation, then
the rest of the foundational work, then any loaded exercises. Weeks 1-2 are foundational
only; standing row and the 45° back extension arrive in week 3, single-leg row and the
Romanian deadlift in week 5. A loaded exercise stays locked until its gate in
``exercises.catalog_data.GATES`` holds, and the app shows the foundational work instead.

From week 3 on, every exercise that is a prerequisite of a scheduled loaded exercise appears on
at least two days a week. With any choice of three training days, that leaves at least three
sessions of it inside every 14-day window, so a gate that is re-checked each session can keep
holding for a trainee who simply follows the plan.

Item fields:

* ``reps_min``/``reps_max`` for rep exercises and ``hold_s`` for holds; the other is None.
  Reps and holds are per side for one-sided exercises (bird-dog and both rows).
* ``tempo`` uses the catalog's notation: eccentric, bottom pause, concentric, top pause.
* ``start_load_kg`` is the load for the very first set a trainee ever logs of that exercise;
  after that the progression engine works from the history, so the value repeats unchanged
  across weeks. ``"0"`` is bodyweight resistance; None means no external load is prescribed
  (every foundational item).
* ``notes`` is always present, possibly empty.
"""

# Default tempos, restated here so each week reads on its own.
_BIRD_DOG = "2-1-2-0"
_PRONE = "3-1-2-2"
_TILT = "3-1-3-1"
_BRIDGE = "4-1-3-0"
_ROW = "3-0-1-1"
_BACK_EXT = "3-1-2-1"
_RDL = "4-1-1-0"

# First-ever loads in kilograms: light enough that the form checks, not the weight, end a set.
_ROW_KG = "6"
_SINGLE_LEG_ROW_KG = "4"
_BACK_EXT_KG = "0"
_RDL_KG = "20"


def _hold(exercise: str, sets: int, hold_s: int, tempo: str, rest_s: int, notes: str = "") -> dict:
    return {
        "exercise": exercise,
        "sets": sets,
        "reps_min": None,
        "reps_max": None,
        "hold_s": hold_s,
        "tempo": tempo,
        "rest_s": rest_s,
        "start_load_kg": None,
        "notes": notes,
    }


def _reps(
    exercise: str,
    sets: int,
    reps: tuple[int, int],
    tempo: str,
    rest_s: int,
    load: str | None = None,
    notes: str = "",
) -> dict:
    return {
        "exercise": exercise,
        "sets": sets,
        "reps_min": reps[0],
        "reps_max": reps[1],
        "hold_s": None,
        "tempo": tempo,
        "rest_s": rest_s,
        "start_load_kg": load,
        "notes": notes,
    }


STARTER_PROGRAM: dict = {
    "slug": "inner-back-foundations",
    "name": "Inner Back Foundations",
    "description": (
        "Eight weeks, three days a week, building the deep muscles that hold each vertebra in "
        "place. The first two weeks teach slow, unloaded control; from week three, rows, back "
        "extensions and Romanian deadlifts join in, but each one opens only after you have "
        "logged clean foundational sessions, and its load drops the moment your form slips."
    ),
    "weeks": [
        {
            "number": 1,
            "focus": "Find the muscles",
            "days": [
                {
                    "title": "Learn neutral",
                    "items": [
                        _reps(
                            "pelvic-tilt",
                            2,
                            (10, 10),
                            _TILT,
                            30,
                            notes="Find the range: flat back, slight arch, hips never lift.",
                        ),
                        _hold(
                            "bird-dog",
                            4,
                            8,
                            _BIRD_DOG,
                            20,
                            notes="A short reach is fine; a still trunk matters more.",
                        ),
                        _hold(
                            "segmental-bridge",
                            3,
                            5,
                            _BRIDGE,
                            30,
                            notes="If the back lifts as one block, tilt the pelvis first.",
                        ),
                    ],
                },
                {
                    "title": "Learn the small lift",
                    "items": [
                        _hold("bird-dog", 4, 8, _BIRD_DOG, 20),
                        _reps(
                            "prone-back-extension",
                            2,
                            (6, 8),
                            _PRONE,
                            45,
                            notes="A few centimeters is the whole lift.",
                        ),
                        _reps("pelvic-tilt", 2, (10, 10), _TILT, 30),
                    ],
                },
                {
                    "title": "Link the pieces",
                    "items": [
                        _reps("pelvic-tilt", 2, (10, 10), _TILT, 30),
                        _hold("segmental-bridge", 3, 5, _BRIDGE, 30),
                        _hold("bird-dog", 4, 8, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (6, 8), _PRONE, 45),
                    ],
                },
            ],
        },
        {
            "number": 2,
            "focus": "Hold it steady",
            "days": [
                {
                    "title": "Longer holds",
                    "items": [
                        _hold(
                            "bird-dog",
                            5,
                            10,
                            _BIRD_DOG,
                            20,
                            notes="Ten seconds each side, breathing the whole time.",
                        ),
                        _hold("segmental-bridge", 4, 8, _BRIDGE, 30),
                        _reps("prone-back-extension", 3, (8, 10), _PRONE, 45),
                    ],
                },
                {
                    "title": "Slow reps",
                    "items": [
                        _reps("pelvic-tilt", 2, (10, 12), _TILT, 30),
                        _reps(
                            "prone-back-extension",
                            3,
                            (8, 10),
                            _PRONE,
                            45,
                            notes="Hold the top two seconds; lower for three.",
                        ),
                        _hold("bird-dog", 5, 10, _BIRD_DOG, 20),
                    ],
                },
                {
                    "title": "Control check",
                    "items": [
                        _hold("bird-dog", 5, 10, _BIRD_DOG, 20),
                        _reps("pelvic-tilt", 2, (10, 12), _TILT, 30),
                        _hold(
                            "segmental-bridge",
                            4,
                            8,
                            _BRIDGE,
                            30,
                            notes="Tick each check honestly; next week's loads depend on it.",
                        ),
                        _reps("prone-back-extension", 2, (8, 10), _PRONE, 45),
                    ],
                },
            ],
        },
        {
            "number": 3,
            "focus": "Earn the first load",
            "days": [
                {
                    "title": "First row",
                    "items": [
                        _hold("bird-dog", 4, 10, _BIRD_DOG, 20, notes="Activation, not a workout."),
                        _reps("pelvic-tilt", 2, (10, 12), _TILT, 30),
                        _hold("segmental-bridge", 3, 10, _BRIDGE, 30),
                        _reps(
                            "standing-dumbbell-row",
                            2,
                            (8, 12),
                            _ROW,
                            60,
                            load=_ROW_KG,
                            notes="Pick a weight you could row 15 times; stop at 12 anyway.",
                        ),
                    ],
                },
                {
                    "title": "First back extension",
                    "items": [
                        _reps("pelvic-tilt", 2, (10, 12), _TILT, 30),
                        _reps("prone-back-extension", 2, (8, 10), _PRONE, 45),
                        _hold("segmental-bridge", 3, 10, _BRIDGE, 30),
                        _reps(
                            "back-extension-45",
                            2,
                            (8, 12),
                            _BACK_EXT,
                            75,
                            load=_BACK_EXT_KG,
                            notes="Bodyweight, arms crossed. Check the pad sits on the pelvis.",
                        ),
                    ],
                },
                {
                    "title": "Row and extend",
                    "items": [
                        _hold("bird-dog", 4, 10, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (8, 10), _PRONE, 45),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                        _reps("back-extension-45", 2, (8, 12), _BACK_EXT, 75, load=_BACK_EXT_KG),
                    ],
                },
            ],
        },
        {
            "number": 4,
            "focus": "Own the hinge",
            "days": [
                {
                    "title": "Row and bridge",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _hold("segmental-bridge", 3, 12, _BRIDGE, 30),
                        _reps(
                            "standing-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_ROW_KG,
                            notes="Same hinge angle on the last rep as on the first.",
                        ),
                    ],
                },
                {
                    "title": "Extension day",
                    "items": [
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _reps("prone-back-extension", 3, (10, 12), _PRONE, 45),
                        _hold("segmental-bridge", 3, 12, _BRIDGE, 30),
                        _reps(
                            "back-extension-45",
                            3,
                            (8, 12),
                            _BACK_EXT,
                            75,
                            load=_BACK_EXT_KG,
                            notes="Lower back uncurls first, upper back last.",
                        ),
                    ],
                },
                {
                    "title": "Row and extend",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (10, 12), _PRONE, 45),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                        _reps("back-extension-45", 3, (8, 12), _BACK_EXT, 75, load=_BACK_EXT_KG),
                    ],
                },
            ],
        },
        {
            "number": 5,
            "focus": "Narrow the base",
            "days": [
                {
                    "title": "Hinge and row",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _hold(
                            "segmental-bridge",
                            3,
                            15,
                            _BRIDGE,
                            30,
                            notes="Primes the hips for the hinge that follows.",
                        ),
                        _reps(
                            "romanian-deadlift",
                            2,
                            (6, 10),
                            _RDL,
                            120,
                            load=_RDL_KG,
                            notes="Empty bar. Four seconds down; stop where the back would round.",
                        ),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
                {
                    "title": "Extend and balance",
                    "items": [
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _reps("prone-back-extension", 2, (10, 12), _PRONE, 45),
                        _hold("segmental-bridge", 3, 15, _BRIDGE, 30),
                        _reps("back-extension-45", 3, (8, 12), _BACK_EXT, 75, load=_BACK_EXT_KG),
                        _reps(
                            "single-leg-dumbbell-row",
                            2,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                            notes="Lighter than your standing row. Balance first, then pull.",
                        ),
                    ],
                },
                {
                    "title": "Balance and hinge",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (10, 12), _PRONE, 45),
                        _reps(
                            "single-leg-dumbbell-row",
                            2,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                            notes="Do this first while balance is fresh.",
                        ),
                        _reps("romanian-deadlift", 2, (6, 10), _RDL, 120, load=_RDL_KG),
                        _reps("standing-dumbbell-row", 2, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
            ],
        },
        {
            "number": 6,
            "focus": "Build volume",
            "days": [
                {
                    "title": "Hinge and row",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _hold("segmental-bridge", 4, 15, _BRIDGE, 30),
                        _reps(
                            "romanian-deadlift",
                            3,
                            (6, 10),
                            _RDL,
                            120,
                            load=_RDL_KG,
                            notes="Add a set, not speed: every rep still takes four seconds down.",
                        ),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
                {
                    "title": "Extend and balance",
                    "items": [
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _reps("prone-back-extension", 2, (10, 12), _PRONE, 45),
                        _hold("segmental-bridge", 3, 15, _BRIDGE, 30),
                        _reps(
                            "back-extension-45",
                            3,
                            (8, 12),
                            _BACK_EXT,
                            75,
                            load=_BACK_EXT_KG,
                            notes="Hug a plate only once all sets reach 12 clean reps.",
                        ),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                    ],
                },
                {
                    "title": "Balance and hinge",
                    "items": [
                        _hold("bird-dog", 4, 12, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (10, 12), _PRONE, 45),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                        _reps("romanian-deadlift", 2, (6, 10), _RDL, 120, load=_RDL_KG),
                        _reps("standing-dumbbell-row", 2, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
            ],
        },
        {
            "number": 7,
            "focus": "Longer under tension",
            "days": [
                {
                    "title": "Hinge and row",
                    "items": [
                        _hold(
                            "bird-dog",
                            4,
                            15,
                            _BIRD_DOG,
                            20,
                            notes="Fifteen-second holds; keep the hips square to the end.",
                        ),
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _hold("segmental-bridge", 3, 20, _BRIDGE, 30),
                        _reps("romanian-deadlift", 3, (6, 10), _RDL, 120, load=_RDL_KG),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
                {
                    "title": "Extend and balance",
                    "items": [
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _reps(
                            "prone-back-extension",
                            2,
                            (10, 12),
                            "3-1-2-3",
                            45,
                            notes="Hold the top a full three seconds.",
                        ),
                        _hold("segmental-bridge", 3, 20, _BRIDGE, 30),
                        _reps("back-extension-45", 4, (8, 12), _BACK_EXT, 75, load=_BACK_EXT_KG),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                    ],
                },
                {
                    "title": "Balance and hinge",
                    "items": [
                        _hold("bird-dog", 4, 15, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (10, 12), "3-1-2-3", 45),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                        _reps(
                            "romanian-deadlift",
                            3,
                            (6, 10),
                            _RDL,
                            120,
                            load=_RDL_KG,
                            notes="Third RDL set only if the second was fully clean.",
                        ),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
            ],
        },
        {
            "number": 8,
            "focus": "Consolidate",
            "days": [
                {
                    "title": "Hinge and row",
                    "items": [
                        _hold("bird-dog", 5, 15, _BIRD_DOG, 20),
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _hold("segmental-bridge", 4, 20, _BRIDGE, 30),
                        _reps("romanian-deadlift", 4, (6, 10), _RDL, 120, load=_RDL_KG),
                        _reps("standing-dumbbell-row", 3, (8, 12), _ROW, 60, load=_ROW_KG),
                    ],
                },
                {
                    "title": "Extend and balance",
                    "items": [
                        _reps("pelvic-tilt", 2, (12, 15), _TILT, 30),
                        _reps("prone-back-extension", 2, (10, 12), "3-1-2-3", 45),
                        _hold("segmental-bridge", 4, 20, _BRIDGE, 30),
                        _reps("back-extension-45", 4, (8, 12), _BACK_EXT, 75, load=_BACK_EXT_KG),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                    ],
                },
                {
                    "title": "Balance and hinge",
                    "items": [
                        _hold("bird-dog", 5, 15, _BIRD_DOG, 20),
                        _reps("prone-back-extension", 2, (10, 12), "3-1-2-3", 45),
                        _reps(
                            "single-leg-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_SINGLE_LEG_ROW_KG,
                        ),
                        _reps("romanian-deadlift", 3, (6, 10), _RDL, 120, load=_RDL_KG),
                        _reps(
                            "standing-dumbbell-row",
                            3,
                            (8, 12),
                            _ROW,
                            60,
                            load=_ROW_KG,
                            notes="Last day: compare your form checks with week 5 before "
                            "planning what comes next.",
                        ),
                    ],
                },
            ],
        },
    ],
}
