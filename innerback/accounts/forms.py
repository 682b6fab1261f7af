from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import security
from .models import User, canonical_email, is_plain_address

ALREADY_REGISTERED = (
    "An account with this email already exists. Log in instead, or reset the password if you "
    "forgot it."
)
EMAIL_TAKEN = "Another account uses this address already."
# The longest address the email standard allows (RFC 5321: 254 characters).
EMAIL_MAX_LENGTH = 254


class CanonicalEmailField(forms.EmailField):
    """An email address in its canonical form, with the rule for which letters it may hold
    said in words (the email validator alone would only call it invalid)."""

    def to_python(self, value) -> str:
        return canonical_email(super().to_python(value))

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not is_plain_address(value):
            raise forms.ValidationError(
                "Type your address with plain letters a–z, digits and the signs . _ + - @ "
                "only: letters from other alphabets or with accents can't be used here.",
                code="plain_letters",
            )


class SignupForm(forms.ModelForm):
    """Sign up with email and password; Django's validators judge the password."""

    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["email", "display_name", "is_coach"]
        labels = {"display_name": "Your name"}
        field_classes = {"email": CanonicalEmailField}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(ALREADY_REGISTERED)
        return email

    def validate_unique(self) -> None:
        """Whether the address is taken is asked by clean_email and decided by the database
        on save(): one message for it, next to the field, however close two sign-ups come
        (the model's own checks would race the same way and word it differently)."""

    validate_constraints = validate_unique

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError("The two passwords do not match.")
        return second

    def _post_clean(self) -> None:
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)

    def save(self, commit: bool = True) -> User | None:
        """The new account, or None when the same address signed up a moment earlier (two
        tabs, a double tap): the unique email decides, and the form then says so."""
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:
                self.add_error("email", ALREADY_REGISTERED)
                return None
        return user


class EmailLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "That email and password do not match an account.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": EMAIL_MAX_LENGTH}
        )

    def clean_username(self) -> str:
        """The canonical address, so login, its throttling and the account lookup agree on
        who is meant. Too long to be an address: refused here, before any lookup or count."""
        email = canonical_email(self.cleaned_data["username"])
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                f"An email address has at most {EMAIL_MAX_LENGTH} characters."
            )
        return email


class EmailPasswordResetForm(PasswordResetForm):
    """Password reset by the canonical address, doing the same work for every address.

    A known address gets the reset link; any other gets one message saying that no account
    uses it. Both render and send one message, so the answer takes as long either way and
    says nothing about who has an account (docs/security.md, *Password reset*).
    """

    email = CanonicalEmailField(
        label="Email",
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str):
        return User.objects.filter(email=canonical_email(email), is_active=True)

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=default_token_generator,
        from_email=None,
        request=None,
        **kwargs,
    ) -> None:
        email = self.cleaned_data["email"]
        # The address is unique, so it names at most one person.
        user = next((u for u in self.get_users(email) if u.has_usable_password()), None)
        context = {
            "email": email,
            "domain": domain_override or get_current_site(request).domain,
            "protocol": "https" if use_https else "http",
            # Django's send_mail names the user's id when a message fails to send.
            "user": user or AnonymousUser(),
        }
        if user is None:
            template = "registration/password_reset_unknown_email.html"
        else:
            template = email_template_name
            context["uid"] = urlsafe_base64_encode(force_bytes(user.pk))
            context["token"] = token_generator.make_token(user)
        # Django's own sending: a failure is logged, and the page does not differ either way.
        self.send_mail(subject_template_name, template, context, from_email, email)


class ResetPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link also lifts the login pause on the account:
    whoever reads its mailbox is its owner, and a guesser does not know the new password."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit)
        security.forget_failed_logins(user.email)
        return user


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "display_name", "time_zone", "load_unit", "is_coach"]
        field_classes = {"email": CanonicalEmailField}
        labels = {
            "email": "Email",
            "display_name": "Your name",
            "time_zone": "Time zone",
            "load_unit": "Load unit",
        }
        help_texts = {
            "email": "You log in with it, and mail from innerback goes to it.",
            "time_zone": "Your weeks and 'today' follow this time zone, and so does your mail.",
            "load_unit": "Loads are shown and logged in this unit.",
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}
        error_messages = {
            "time_zone": {
                "invalid_choice": "Choose a time zone from the list, such as Europe/Berlin."
            }
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email

    def validate_unique(self) -> None:
        """Whether the address is taken is asked by clean_email and decided by the database
        on save (`save_settings`), with one message either way."""

    validate_constraints = validate_unique


def save_settings(account: AccountSettingsForm, *others: forms.ModelForm) -> bool:
    """Save the account settings and the forms shown beside them (mail preferences) in one
    transaction: all or nothing. False, with the message beside the email field, when the
    address was taken in the moment since the form was checked."""
    try:
        with transaction.atomic():
            account.save()
            for form in others:
                form.save()
    except IntegrityError:
        account.add_error("email", EMAIL_TAKEN)
        return False
    return True
