"""The built-in exercise catalog as plain data: muscles, equipment, exercises and unlock gates.

Nothing here touches Django, so a data migration or the ``seed_demo`` command can load it, and
the progression engine's tests can read it without a database.

Conventions a loader relies on:

* Slugs are stable identifiers; names and texts may be reworded freely.
* ``steps`` are listed in order and carry no numbers; the template numbers them.
* ``form_checks`` are phrased as what went right, so a set is clean when every box is ticked.
* Tempo is four digits, eccentric first: lowering, pause at the bottom, lifting, pause at the
  top. ``"3-1-1-0"`` means three seconds down, one second still, one second up, no top pause.
* For ``measure == "hold"`` the held position is the top of the movement, and its length lives
  in ``hold_s`` (a single tempo digit cannot say ten seconds). Their tempo therefore describes
  only the way in and out of the hold and ends in ``0``.
* One-sided exercises (bird-dog and both rows) count a set as both sides: reps or hold time are
  per side, and the set is logged once.
* Loads are kilograms or pounds as decimal strings, meant for ``Decimal(...)``.
  ``"0"`` means bodyweight.
* ``progressions`` is exactly the reverse of ``GATES``: an exercise leads to each exercise it
  is a prerequisite for. Regressions are the same links read the other way round.
"""

UNIVERSAL_CUES: list[str] = [
    "Set your brace before every rep: draw the belly button in a little and firm up the whole "
    "waist, as if someone were about to poke your stomach.",
    "Move under control. No swinging, no jerking, no bouncing out of the bottom.",
    "Take two to three seconds on every lowering phase; the slow half is where the deep back "
    "muscles earn their keep.",
    "Hold a neutral spine whenever the exercise is not deliberately moving it: no sagging, "
    "arching or rounding, even on the last rep when you are tired.",
    "The moment you cannot keep the pattern, make it lighter straight away. A lighter set done "
    "well beats a heavier one done badly.",
]

MUSCLES: list[tuple[str, str]] = [
    ("multifidus", "Multifidus"),
    ("deep-erector-spinae", "Deep erector spinae"),
    ("transversus-abdominis", "Transversus abdominis"),
    ("obliques", "Obliques"),
    ("glutes", "Glutes"),
    ("hamstrings", "Hamstrings"),
    ("lats-upper-back", "Lats and upper back"),
    ("rhomboids", "Rhomboids"),
]

EQUIPMENT: list[tuple[str, str]] = [
    ("mat", "Mat"),
    ("dumbbell", "Dumbbell"),
    ("roman-chair", "Roman chair (45° hyperextension bench)"),
    ("barbell", "Barbell"),
]

EXERCISES: list[dict] = [
    # --- Foundational: bodyweight motor control -------------------------------------------
    {
        "slug": "bird-dog",
        "name": "Bird-dog",
        "kind": "foundational",
        "summary": (
            "On hands and knees, reach one arm and the opposite leg out long and hold them there "
            "while the trunk stays completely still."
        ),
        "muscles": ["multifidus", "deep-erector-spinae", "transversus-abdominis", "glutes"],
        "equipment": ["mat"],
        "setup": (
            "Kneel on a mat with your hands under your shoulders and your knees under your hips. "
            "Let the back settle into neutral, neither sagging nor humped, and rest your eyes on "
            "the floor a little ahead of your hands. Picture a full cup of tea balanced on your "
            "lower back."
        ),
        "steps": [
            "Brace lightly and spread your weight evenly over both hands and both knees.",
            "Send one hand forward along the floor and the other side's leg straight back, then "
            "raise them until they line up with your trunk, roughly level with the floor.",
            "Stay in that long line for the prescribed time, reaching away through fingertips and "
            "heel while both hips keep facing the floor.",
            "Bring the hand and knee back down just as slowly, without letting the trunk dip or "
            "turn.",
            "Switch to the other arm and leg; one hold on each side makes one set.",
        ],
        "cues": [
            "Reach long, not high: the leg stops at hip height.",
            "Keep both hip bones pointing at the floor, like headlights.",
            "Push the floor away with the supporting hand so that shoulder does not sink.",
            "Breathe quietly through the hold and keep the brace switched on.",
        ],
        "faults": [
            "Kicking the leg above hip height, which arches the lower back. Stop at hip level "
            "and think about reaching backwards instead.",
            "The hip of the moving leg rolling up toward the ceiling. Shorten the reach until the "
            "pelvis stays square.",
            "Rushing into and out of the hold. Count about two seconds for the lift and two for "
            "the return.",
            "Sinking between the shoulder blades. Press the floor away through the supporting "
            "hand.",
        ],
        "form_checks": [
            "Torso stayed still — no rotation or shift",
            "Lower back stayed neutral — no sag or arch",
            "Hips stayed level, both facing the floor",
            "Arm and leg moved slowly in and out",
        ],
        "measure": "hold",
        "default_tempo": "2-1-2-0",
        "default_sets": 5,
        "reps_min": None,
        "reps_max": None,
        "hold_s": 10,
        "rest_s": 20,
        "load_increment_kg": "0",
        "load_increment_lb": "0",
        "progressions": ["standing-dumbbell-row", "single-leg-dumbbell-row"],
    },
    {
        "slug": "prone-back-extension",
        "name": "Prone back extension (controlled superman)",
        "kind": "foundational",
        "summary": (
            "Lying face down, raise the chest and arms just a few centimeters in a slow, small "
            "lift powered by the muscles running beside the spine."
        ),
        "muscles": ["multifidus", "deep-erector-spinae"],
        "equipment": ["mat"],
        "setup": (
            "Lie face down on a mat, legs straight and hip-width apart, with the tops of your "
            "feet resting on the floor. Keep your arms by your sides, or bend them so your hands "
            "sit near your temples. A folded towel under the forehead keeps the neck in line if "
            "the floor feels hard."
        ),
        "steps": [
            "Brace gently and let your hip bones sink softly into the mat.",
            "Raise your chest and both arms just a few centimeters, slowly, with the chin lightly "
            "tucked and the feet staying down.",
            "Pause at the top of this small lift and notice the long muscles on either side of "
            "the spine doing the work.",
            "Lower the chest back to the mat over about three seconds and relax for a moment "
            "before the next rep.",
        ],
        "cues": [
            "Think long, not high: grow out through the crown of your head.",
            "Legs stay heavy on the mat from the first rep to the last.",
            "Stop well before the lower back feels pinched.",
            "Keep the back of the neck long, with your eyes on the mat.",
        ],
        "faults": [
            "Flinging the chest up with a swing. Begin every rep from stillness and lift slowly.",
            "Chasing height into a big arch. Cut the range to a few centimeters; the small lift "
            "is the whole exercise.",
            "Clenching the buttocks and lifting the legs, which hands the work to the hips. Leave "
            "the feet resting on the mat.",
            "Throwing the head back to look forward. Keep the gaze down and the chin tucked.",
        ],
        "form_checks": [
            "Lift stayed small — chest only a few cm up",
            "No swing or jerk to start the lift",
            "Feet and legs stayed down on the mat",
            "Neck stayed long, eyes on the mat",
        ],
        "measure": "reps",
        "default_tempo": "3-1-2-2",
        "default_sets": 3,
        "reps_min": 8,
        "reps_max": 12,
        "hold_s": None,
        "rest_s": 45,
        "load_increment_kg": "0",
        "load_increment_lb": "0",
        "progressions": ["back-extension-45"],
    },
    {
        "slug": "pelvic-tilt",
        "name": "Pelvic tilt",
        "kind": "foundational",
        "summary": (
            "On your back with knees bent, rock the pelvis so the lower back flattens gently "
            "toward the floor, then let it lift into a slight arch, slowly and under control."
        ),
        "muscles": ["transversus-abdominis", "multifidus", "deep-erector-spinae"],
        "equipment": ["mat"],
        "setup": (
            "Lie on your back on a mat with your knees bent and feet flat, hip-width apart, arms "
            "resting at your sides. Notice the small natural gap between your lower back and "
            "the floor: that is neutral, and every rep passes through it."
        ),
        "steps": [
            "Breathe out and set a light brace.",
            "Rock the pelvis back so the lower back presses softly into the mat, as if curling "
            "the tailbone up a little.",
            "Hold the flat position for a moment without lifting the hips or shoving through the "
            "feet.",
            "Roll the pelvis the other way over about three seconds until the lower back rises "
            "into a slight arch.",
            "Pause briefly, then travel back through neutral into the next flattening.",
        ],
        "cues": [
            "Small movement: only the pelvis rocks, and the ribs stay heavy.",
            "Your buttocks never leave the mat.",
            "Feel the lower back change shape one small section at a time.",
            "Keep breathing; do not hold your breath to force the tilt.",
        ],
        "faults": [
            "Lifting the hips off the floor to flatten the back. Keep the buttocks down and make "
            "the rock smaller.",
            "Pressing hard through the feet so the thighs take over. Relax the legs and start the "
            "tilt from the lower belly.",
            "Arching far off the floor on the way back. Stop at an arch just big enough to slide "
            "a flat hand under.",
            "Ribs flaring up as the back arches. Keep the lower ribs soft and pointing down.",
        ],
        "form_checks": [
            "Hips stayed on the mat the whole time",
            "Only the pelvis moved — ribs and legs quiet",
            "Arch stayed slight, never forced",
            "Every tilt was slow and smooth",
        ],
        "measure": "reps",
        "default_tempo": "3-1-3-1",
        "default_sets": 2,
        "reps_min": 10,
        "reps_max": 15,
        "hold_s": None,
        "rest_s": 30,
        "load_increment_kg": "0",
        "load_increment_lb": "0",
        "progressions": ["romanian-deadlift"],
    },
    {
        "slug": "segmental-bridge",
        "name": "Segmental bridge",
        "kind": "foundational",
        "summary": (
            "From lying on your back, peel the hips up vertebra by vertebra, hold the bridge, "
            "and roll back down just as gradually."
        ),
        "muscles": [
            "multifidus",
            "deep-erector-spinae",
            "transversus-abdominis",
            "glutes",
            "hamstrings",
        ],
        "equipment": ["mat"],
        "setup": (
            "Lie on your back with knees bent and feet flat, hip-width apart, heels about a "
            "hand's length from your buttocks. Rest your arms by your sides with palms down. "
            "Begin with the lower back in neutral."
        ),
        "steps": [
            "Brace gently and tilt the pelvis so the lower back flattens into the mat.",
            "Keep curling upward: tailbone first, then the lower back, then the middle back, "
            "each section leaving the mat after the one before.",
            "Stop when knees, hips and shoulders make a straight line, and hold there with the "
            "hips level.",
            "Roll down in reverse, setting the upper back down first, then the middle, then the "
            "lower back, with the tailbone touching last.",
            "Let the pelvis settle back into neutral before the next bridge.",
        ],
        "cues": [
            "Lift the spine like a bicycle chain coming off the floor, one link at a time.",
            "Keep your weight even through both feet.",
            "At the top the line runs knee to hip to shoulder, with no arch beyond it.",
            "Take longer coming down than going up.",
        ],
        "faults": [
            "Heaving the trunk up as one stiff plank. Slow down and start with a pelvic tilt so "
            "the spine peels up in sections.",
            "Pushing the hips too high and arching at the top. Stop at a straight line from knee "
            "to shoulder.",
            "Hips sagging or tipping to one side during the hold. Press evenly through both "
            "heels, and shorten the hold if it keeps happening.",
            "Hamstrings cramping. Move the heels a little closer to the buttocks.",
        ],
        "form_checks": [
            "Rose and lowered one segment at a time",
            "Top was a straight line — no arch",
            "Hips stayed level through the hold",
            "Weight stayed even on both feet",
        ],
        "measure": "hold",
        "default_tempo": "4-1-3-0",
        "default_sets": 4,
        "reps_min": None,
        "reps_max": None,
        "hold_s": 10,
        "rest_s": 30,
        "load_increment_kg": "0",
        "load_increment_lb": "0",
        "progressions": ["back-extension-45", "romanian-deadlift"],
    },
    # --- Resistance: earned through the gates below -----------------------------------------
    {
        "slug": "standing-dumbbell-row",
        "name": "Standing bent-over dumbbell row",
        "kind": "resistance",
        "summary": (
            "Hinged forward with no bench to lean on, row a dumbbell with one arm while the trunk "
            "refuses to twist or tip sideways."
        ),
        "muscles": [
            "lats-upper-back",
            "rhomboids",
            "multifidus",
            "deep-erector-spinae",
            "obliques",
        ],
        "equipment": ["dumbbell"],
        "setup": (
            "Stand with feet hip-width apart and a dumbbell in one hand. Soften the knees and "
            "push the hips back until your trunk leans forward about 45 degrees or a little "
            "lower, back flat from hips to head. Let the loaded arm hang under the shoulder and "
            "put the free hand on your hip, not on your thigh."
        ),
        "steps": [
            "Brace, and check that the back is flat and both shoulders are level.",
            "Start the pull by drawing the shoulder blade toward the spine, then drive the elbow "
            "up and back toward the hip.",
            "Stop when the elbow reaches the line of the trunk and squeeze the shoulder blade "
            "for a moment.",
            "Lower the dumbbell over three seconds until the arm is long again, with the trunk "
            "fixed in place.",
            "Finish every rep on one side, then swap hands; both sides make one set.",
        ],
        "cues": [
            "The dumbbell moves; you do not. Shoulders and hips stay square to the floor.",
            "Lead with the shoulder blade, finish with the elbow.",
            "Keep the neck in line with the back and look at the floor just ahead of your feet.",
            "If the trunk starts to turn, the dumbbell is too heavy today.",
        ],
        "faults": [
            "Twisting the chest open to heave the weight up. Drop the load until the shoulders "
            "stay square.",
            "The trunk creeping upright as the set goes on. Reset the hinge between reps, or end "
            "the set there.",
            "Letting the shoulder slump and the upper back round at the bottom. Keep the arm "
            "long but the chest proud.",
            "Yanking with the biceps. Start each rep by moving the shoulder blade, then bend the "
            "elbow.",
        ],
        "form_checks": [
            "Torso stayed still — no rotation or shift",
            "Back stayed flat — no rounding or arching",
            "Hinge angle held from first rep to last",
            "Pulled from the shoulder blade, no jerk",
        ],
        "measure": "reps",
        "default_tempo": "3-0-1-1",
        "default_sets": 3,
        "reps_min": 8,
        "reps_max": 12,
        "hold_s": None,
        "rest_s": 60,
        "load_increment_kg": "1",
        "load_increment_lb": "2",
        "progressions": ["single-leg-dumbbell-row", "romanian-deadlift"],
    },
    {
        "slug": "single-leg-dumbbell-row",
        "name": "Single-leg bent-over dumbbell row",
        "kind": "resistance",
        "summary": (
            "Balanced on one leg in a hip hinge, row a dumbbell with the opposite arm so the "
            "deep trunk muscles have to fight both rotation and side-bending."
        ),
        "muscles": [
            "lats-upper-back",
            "rhomboids",
            "multifidus",
            "deep-erector-spinae",
            "obliques",
            "glutes",
            "hamstrings",
        ],
        "equipment": ["dumbbell"],
        "setup": (
            "Hold a light dumbbell in one hand and stand on the opposite leg with that knee "
            "softly bent. Hinge forward from the standing hip while the free leg reaches "
            "straight back, until head, trunk and back leg form one line tilted about 45 degrees "
            "or lower. Let the dumbbell hang under the shoulder and rest the free hand on your "
            "hip."
        ),
        "steps": [
            "Brace and square the hips, toes of the raised leg pointing at the floor.",
            "Row by drawing the shoulder blade back first, then the elbow toward the hip.",
            "Pause briefly at the top without letting the chest roll open.",
            "Lower over three seconds to a long arm, with the hips still level and the back leg "
            "still.",
            "Complete the reps, stand up under control, then repeat with the other hand and "
            "stance leg; both sides make one set.",
        ],
        "cues": [
            "Hips level, both pointing at the floor.",
            "Grip the floor with the whole standing foot and keep that knee soft.",
            "Let the heel and the crown of the head pull away from each other.",
            "Balance first, then row. If you wobble, pause and settle before the next rep.",
        ],
        "faults": [
            "The raised leg's hip swinging open toward the ceiling. Turn those toes down and let "
            "the back leg drop a little lower.",
            "The trunk turning as the dumbbell rises. Go lighter: rotation means the load has "
            "beaten the trunk.",
            "The lower back rounding as balance gets harder. Hinge less deeply until the spine "
            "stays flat.",
            "Putting the free foot down between reps. Tap the toes briefly to reset, and lower "
            "the load next set if it keeps happening.",
        ],
        "form_checks": [
            "Torso stayed still — no rotation or shift",
            "Hips stayed level — raised leg did not open",
            "Back stayed flat through every rep",
            "Kept my balance without touching down",
        ],
        "measure": "reps",
        "default_tempo": "3-0-1-1",
        "default_sets": 3,
        "reps_min": 8,
        "reps_max": 12,
        "hold_s": None,
        "rest_s": 60,
        "load_increment_kg": "1",
        "load_increment_lb": "2",
        "progressions": [],
    },
    {
        "slug": "back-extension-45",
        "name": "45° back extension with spinal articulation",
        "kind": "resistance",
        "summary": (
            "On a 45° Roman chair with the pads set low on the hips, curl the back down and "
            "uncurl it segment by segment, so the spinal erectors do the lifting rather than "
            "the hips."
        ),
        "muscles": ["deep-erector-spinae", "multifidus", "glutes", "hamstrings"],
        "equipment": ["roman-chair"],
        "setup": (
            "Adjust the pad so it supports you low on the hips, on the front of the pelvis just "
            "above the hip crease, which pins the pelvis and leaves the spine free to bend. Hook "
            "your heels under the foot rollers with the knees soft and cross your arms over your "
            "chest. Once bodyweight sets reach the top of the range, hug a plate to the chest to "
            "add load. Start each set with the body in one straight line."
        ),
        "steps": [
            "Brace, then let the head and shoulders drop as you round the spine down one segment "
            "at a time, taking about three seconds.",
            "Pause at the bottom with the back rounded and the pelvis still resting on the pad.",
            "Reverse the curl: extend the lower back first, then the middle back, then the upper "
            "back, until the body is straight again.",
            "Stop at a straight line from head to heels and hold it for a moment, without "
            "leaning back past it.",
        ],
        "cues": [
            "Curl down, uncurl up, with the hips pinned to the pad.",
            "Move through the spine like a wave, not like a hinge at the hips.",
            "Finish long and tall, not arched.",
            "Keep the chin gently tucked so the head follows the spine.",
        ],
        "faults": [
            "Folding at the hips with a stiff back, so the glutes and hamstrings take over. Check "
            "that the pad sits on the pelvis and let the back curl instead.",
            "Swinging up out of the bottom. Pause there and start each lift slowly.",
            "Overshooting into a big arch at the top. Stop as soon as the body is straight.",
            "Dropping quickly into the rounded position. Lowering is part of the exercise, so "
            "give it three full seconds.",
            "Adding a plate too soon. Stay at bodyweight until every rep is smooth at the top of "
            "the range.",
        ],
        "form_checks": [
            "Curled down and up one segment at a time",
            "Hips stayed pressed into the pad",
            "Stopped at straight — no arch at the top",
            "No swing or bounce out of the bottom",
        ],
        "measure": "reps",
        "default_tempo": "3-1-2-1",
        "default_sets": 3,
        "reps_min": 8,
        "reps_max": 12,
        "hold_s": None,
        "rest_s": 75,
        "load_increment_kg": "2.5",
        "load_increment_lb": "5",
        "progressions": [],
    },
    {
        "slug": "romanian-deadlift",
        "name": "Romanian deadlift (slow eccentric)",
        "kind": "resistance",
        "summary": (
            "Hinge at the hips with a barbell, lowering it slowly down the legs while the spine "
            "stays locked in neutral, then stand back up."
        ),
        "muscles": [
            "deep-erector-spinae",
            "multifidus",
            "glutes",
            "hamstrings",
            "lats-upper-back",
        ],
        "equipment": ["barbell"],
        "setup": (
            "Take the bar from a rack set at mid-thigh height, or deadlift it from the floor "
            "with a flat back. Stand tall with feet hip-width apart and hands just outside the "
            "thighs, overhand. Unlock the knees slightly and keep that same bend for the whole "
            "set, shoulders drawn down so the bar rests lightly against the thighs."
        ),
        "steps": [
            "Brace, then begin the descent by sending the hips back rather than bending at the "
            "waist.",
            "Let the bar slide down the thighs and past the knees over four seconds, shins close "
            "to vertical and back flat.",
            "Stop where the hamstrings are fully stretched or the trunk nears parallel to the "
            "floor, whichever comes first with the back still neutral, and hold for a second.",
            "Drive the hips forward to stand, keeping the bar close, and finish tall without "
            "leaning back.",
        ],
        "cues": [
            "Hips back, chest forward, spine unchanged.",
            "The bar stays in contact with, or within a finger's width of, your legs.",
            "Your back decides the depth, not the floor: stop where neutral ends.",
            "Count the four seconds down in your head on every rep.",
            "Squeeze the glutes to finish; do not lean back.",
        ],
        "faults": [
            "The lower back rounding near the bottom. Stop the descent higher, and reduce the "
            "load until depth and a flat back go together.",
            "Bending the knees into a squat. Keep the small knee bend fixed and move the hips "
            "backwards.",
            "Dropping the bar fast and bouncing out of the bottom. Count a full four-second "
            "descent and pause before rising.",
            "The bar drifting forward off the legs. Keep the arms straight and pull the bar in "
            "with the lats so it brushes the thighs.",
            "Leaning back at the top. Finish by squeezing the glutes with the ribs stacked over "
            "the pelvis.",
        ],
        "form_checks": [
            "Back stayed flat — no rounding at the bottom",
            "Lowered slowly — full count, no bounce",
            "Bar stayed close to the legs throughout",
            "Stood tall at the top — no lean back",
        ],
        "measure": "reps",
        "default_tempo": "4-1-1-0",
        "default_sets": 3,
        "reps_min": 6,
        "reps_max": 10,
        "hold_s": None,
        "rest_s": 120,
        "load_increment_kg": "2.5",
        "load_increment_lb": "5",
        "progressions": [],
    },
]

DEFAULT_GATE_SESSIONS = 3
DEFAULT_GATE_WINDOW_DAYS = 14

# (gated exercise, required exercise, qualifying sessions on distinct days, window in days).
# Every resistance exercise sits behind foundational work whose skill it loads; the graph is
# acyclic, at most three levels deep (bird-dog -> standing row -> single-leg row / RDL).
GATES: list[tuple[str, str, int, int]] = [
    # Bird-dog teaches a trunk that stays still while a limb moves, which is exactly what
    # an unsupported one-arm row asks for under load.
    ("standing-dumbbell-row", "bird-dog", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    # The single-leg row is the standing row on a narrower base: prove the loaded hinge first,
    # and keep bird-dog as a direct prerequisite so the anti-rotation basics stay in practice.
    (
        "single-leg-dumbbell-row",
        "standing-dumbbell-row",
        DEFAULT_GATE_SESSIONS,
        DEFAULT_GATE_WINDOW_DAYS,
    ),
    ("single-leg-dumbbell-row", "bird-dog", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    # The Roman chair loads two foundational skills: a small lift driven by the spinal
    # extensors (prone extension) and moving the spine one segment at a time (bridge).
    ("back-extension-45", "prone-back-extension", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    ("back-extension-45", "segmental-bridge", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    # The RDL asks for a spine held still while the hips move. Pelvic tilt teaches where
    # neutral is and how the pelvis moves apart from the lumbar spine; the bridge teaches hip
    # extension with the back under control. We deliberately do NOT gate it behind
    # back-extension-45: that exercise trains rounding and re-extending the spine, the very
    # motion an RDL must avoid, and it would make the RDL depend on a Roman chair that many
    # gyms lack. Instead the standing row is required too: it is the first time the trainee
    # holds a neutral hinge against an external load, set after set, before a barbell arrives.
    ("romanian-deadlift", "pelvic-tilt", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    ("romanian-deadlift", "segmental-bridge", DEFAULT_GATE_SESSIONS, DEFAULT_GATE_WINDOW_DAYS),
    (
        "romanian-deadlift",
        "standing-dumbbell-row",
        DEFAULT_GATE_SESSIONS,
        DEFAULT_GATE_WINDOW_DAYS,
    ),
]
