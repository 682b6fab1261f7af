from django.contrib import admin

from .models import Preferences, SentMail


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "reminder", "comment", "quiet_start", "quiet_end"]
    raw_id_fields = ["user"]


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    list_display = ["key", "sent", "at"]
    search_fields = ["key"]
