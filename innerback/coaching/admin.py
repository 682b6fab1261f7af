from django.contrib import admin

from .models import Coaching, Invitation


@admin.register(Coaching)
class CoachingAdmin(admin.ModelAdmin):
    list_display = ["coach", "client", "started_at", "ended_at"]
    list_select_related = ["coach", "client"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["code", "coach", "created_at", "expires_at", "accepted_by"]
    list_select_related = ["coach", "accepted_by"]
