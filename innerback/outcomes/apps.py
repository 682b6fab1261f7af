from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Weekly outcome measures: average back pain and the Patient-Specific Functional Scale."""

    name = "innerback.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
