from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def _catalog_changed(**kwargs) -> None:
    from exercises import snapshot

    snapshot.clear()
    # Once more when the write commits: a read between the two would keep what it saw.
    transaction.on_commit(snapshot.clear)


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercise catalog"

    def ready(self) -> None:
        # Any catalog write in this process (admin, data migration, test factory) drops the
        # memoised catalog reads of `exercises.snapshot`. Connected per catalog model (the
        # many-to-many tables included): a receiver for every sender would run on every save
        # in the app and stop Django deleting any other model's rows in bulk.
        for model in self.get_models(include_auto_created=True):
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(
                    _catalog_changed,
                    sender=model,
                    dispatch_uid=f"catalog-changed-{model._meta.label}-{id(signal)}",
                )
