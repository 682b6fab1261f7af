from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from innerback.accounts import views
from innerback.accounts.forms import EmailLoginForm, EmailPasswordResetForm, ResetPasswordForm
from innerback.api import views as api_views
from innerback.coaching import views as coach_views
from innerback.home import views as home_views
from innerback.notifications import views as notification_views
from innerback.privacy import views as privacy_views

accounts = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", home_views.account, name="account"),
    path("data/", privacy_views.data_export, name="data_export"),
    path("api-tokens/", api_views.tokens, name="api_tokens"),
    path("api-tokens/<int:api_token_id>/revoke/", api_views.revoke, name="api_token_revoke"),
    path("delete/", privacy_views.delete_account, name="delete_account"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=EmailPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ResetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

handler500 = "innerback.home.errors.server_error"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("robots.txt", home_views.robots, name="robots"),
    path("accounts/", include(accounts)),
    path("exercises/", include("exercises.urls")),
    path("coach/", include("innerback.coaching.urls")),
    path("invite/", coach_views.invite_enter, name="invite_enter"),
    path("invite/<str:code>/", coach_views.invite, name="invite"),
    path("coaching/end/", coach_views.end_my_coaching, name="coaching_end"),
    path("comments/<int:pk>/read/", coach_views.comment_read, name="comment_read"),
    path("api/", include("innerback.api.urls")),
    path(
        "notifications/unsubscribe/<str:signed>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
    path("", include("programs.urls")),
    path("", include("innerback.outcomes.urls")),
    path("admin/", admin.site.urls),
]
