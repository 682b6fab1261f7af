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
        post_save.connect(
            on_engine_input_saved, sender=SetLog, dispatch_uid="training-stamp-SetLog-True"
        )
        saved_or_deleted = [
            (on_engine_input_saved, [GateOverride]),
            (on_adjustment_saved, [PrescriptionAdjustment]),
            (on_program_part_changed, [Program, ProgramWeek, ProgramDay, Prescription]),
            (on_comment_changed, [SessionComment]),
        ]
        for receiver, models in saved_or_deleted:
            for model in models:
                for signal in (post_save, post_delete):
                    signal.connect(
                        receiver,
                        sender=model,
                        dispatch_uid=f"training-stamp-{model.__name__}-{signal is post_save}",
                    )
