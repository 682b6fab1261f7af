from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and logs"

    def ready(self) -> None:
        from programs.models import (
            GateOverride,
            Prescription,
            PrescriptionAdjustment,
            Program,
            ProgramDay,
            ProgramWeek,
            SessionComment,
            SetLog,
        )
        from programs.stamps import (
            on_adjustment_saved,
            on_comment_changed,
            on_engine_input_saved,
            on_program_part_changed,
        )

        # Sets are soft-deleted with a save; they are only removed for good along with their
        # session or person, and a delete receiver would make those cascades row by row.
        receivers = [(post_save, SetLog), (post_save, GateOverride), (post_delete, GateOverride)]
        for signal, model in receivers:
            signal.connect(
                on_engine_input_saved,
                sender=model,
                dispatch_uid=f"training-stamp-{model.__name__}-{signal is post_save}",
            )
        for signal in (post_save, post_delete):
            signal.connect(
                on_adjustment_saved,
                sender=PrescriptionAdjustment,
                dispatch_uid=f"training-stamp-adjustment-{signal is post_save}",
            )
        for model in (Program, ProgramWeek, ProgramDay, Prescription):
            for signal in (post_save, post_delete):
                signal.connect(
                    on_program_part_changed,
                    sender=model,
                    dispatch_uid=f"training-stamp-{model.__name__}-{signal is post_save}",
                )
        for signal in (post_save, post_delete):
            signal.connect(
                on_comment_changed,
                sender=SessionComment,
                dispatch_uid=f"training-stamp-comment-{signal is post_save}",
            )
