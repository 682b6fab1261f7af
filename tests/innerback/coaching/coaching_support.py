"""Shared set-up for the coaching tests: a client on the starter program with logged sessions."""

from datetime import date, timedelta
from decimal import Decimal

from exercises.models import tempo_eccentric_seconds
from programs.models import Enrolment, Prescription, Program, SetLog, TrainingSession
from programs.planning import calendar

STARTER = "inner-back-foundations"


def enrol_on_starter(trainee, *, weeks_ago: int = 2, coach=None) -> Enrolment:
    """The trainee on the starter program from the Monday `weeks_ago` weeks back, Mon/Wed/Fri."""
    monday = calendar.week_start(trainee.local_today()) - timedelta(weeks=weeks_ago)
    return calendar.enrol(
        trainee=trainee,
        program=Program.objects.get(slug=STARTER),
        start_date=monday,
        training_days=[0, 2, 4],
        assigned_by=coach,
    )


def log_session(
    session: TrainingSession,
    *,
    failed_checks: tuple[str, ...] = (),
    on: date | None = None,
    load: Decimal | None = None,
) -> list[SetLog]:
    """Log every prescribed set of the session as prescribed: holds held, tempo kept, form
    clean unless `failed_checks` are given (then every set misses them)."""
    sets = []
    for prescription in Prescription.objects.filter(day=session.program_day).select_related(
        "exercise"
    ):
        for number in range(1, prescription.sets + 1):
            sets.append(
                SetLog.objects.create(
                    trainee=session.trainee,
                    session=session,
                    exercise=prescription.exercise,
                    prescription=prescription,
                    set_number=number,
                    performed_on=on or session.scheduled_on,
                    target_sets=prescription.sets,
                    target_reps_min=prescription.reps_min,
                    target_reps_max=prescription.reps_max,
                    target_hold_s=prescription.hold_s,
                    target_load=prescription.start_load_kg,
                    target_tempo=prescription.tempo,
                    reps=prescription.reps_max,
                    hold_s=prescription.hold_s,
                    load=load if load is not None else prescription.start_load_kg,
                    unit="kg",
                    eccentric_s=tempo_eccentric_seconds(prescription.tempo),
                    checks_total=len(prescription.exercise.form_check_list),
                    failed_checks=list(failed_checks),
                )
            )
    return sets
