"""Every URL of the project, with plausible arguments, for sweeps that must cover them all.

`endpoints()` walks Django's URL resolver, so an endpoint someone adds tomorrow is swept
without anyone editing a list. `World` creates one small, connected set of data — a coach,
their client, programs, sessions, sets, comments, overrides, invitations — and
`World.path_for(endpoint, actor)` fills each URL argument with an object that actor may
reach: their own program and sessions, or, under `clients/<client_id>/`, the client's.

An argument the sweep cannot place fails loudly with the route's name: teach `_OBJECTS`
about the new kind of object rather than skipping the endpoint.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from innerback.accounts.models import User
from innerback.api.models import PersonalAccessToken
from innerback.coaching.models import Invitation
from innerback.notifications.mail import unsubscribe_token
from innerback.notifications.models import Kind as MailKind
from programs.imports import importing
from programs.models import PrescriptionAdjustment
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import (
    EnrolmentFactory,
    GateOverrideFactory,
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SessionCommentFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Param:
    name: str
    converter: str
    # The literal path segment just before the argument: "sessions" in "sessions/<int:pk>/".
    segment: str

    @property
    def kind(self) -> str:
        """What the argument names: `session` for `sessions/<pk>` or `<session_id>`."""
        if self.name.endswith("_id"):
            return self.name.removesuffix("_id")
        if self.name == "pk":
            return _singular(self.segment)
        return self.name


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str
    callback: Callable
    params: tuple[Param, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.route})"

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    def kinds(self) -> set[str]:
        return {param.kind for param in self.params}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _params(route: str) -> tuple[Param, ...]:
    params = []
    for match in _PARAM.finditer(route):
        before = [part for part in route[: match.start()].split("/") if part]
        params.append(
            Param(
                name=match["name"],
                converter=match["converter"] or "str",
                segment=before[-1] if before else "",
            )
        )
    return tuple(params)


def endpoints(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project as an `Endpoint`, admin's regex catch-alls aside.

    Django's admin adds regex patterns (an app index and a catch-all redirect); the rest of
    the project uses path() routes only, and a new regex route outside the admin is refused
    so it cannot slip past the sweeps.
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in [namespace, pattern.namespace or ""] if part)
            yield from endpoints(pattern, route, inner)
            continue
        assert isinstance(pattern, URLPattern)
        name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        if "(?P<" in route or route.startswith("^") or "$" in route:
            assert namespace == "admin", f"{name}: use path(), not a regex route ({route})"
            continue
        yield Endpoint(route=route, name=name, callback=pattern.callback, params=_params(route))


def project_endpoints() -> list[Endpoint]:
    return list(endpoints())


@dataclass
class Scope:
    """One person's own things: what their own URLs point at."""

    person: User
    program: object
    week: object
    day: object
    prescription: object
    enrolment: object
    session: object
    setlog: object
    # A Strong file uploaded, its preview waiting.
    upload: object
    api_token: object


class World:
    """A coach, their client and a stranger, each with a program they own and follow, a
    session with logged sets, plus the coaching objects between coach and client.

    `texts` fills every field a person types; the escaping sweep passes attack strings.
    """

    def __init__(self, texts: Callable[[str], str] | None = None) -> None:
        text = texts or (lambda field: f"Sample {field.replace('_', ' ')}")
        self.text = text
        self.foundational = ExerciseFactory(name="Sweep bird-dog", slug="sweep-bird-dog", hold=True)
        self.resistance = ExerciseFactory(name="Sweep row", slug="sweep-row", resistance=True)
        PrerequisiteFactory(exercise=self.resistance, required=self.foundational)

        self.coach = CoachFactory(
            email="sweep-coach@example.com", display_name=text("coach display_name")
        )
        self.trainee = UserFactory(
            email="sweep-trainee@example.com", display_name=text("trainee display_name")
        )
        self.stranger = UserFactory(email="sweep-stranger@example.com", display_name="Stranger")
        self.coaching = CoachingFactory(coach=self.coach, client=self.trainee)

        self.scopes = {
            person.pk: self._own_things(person)
            for person in (self.coach, self.trainee, self.stranger)
        }
        trainee_scope = self.scopes[self.trainee.pk]
        trainee_scope.enrolment.assigned_by = self.coach
        trainee_scope.enrolment.save()
        self.comment = SessionCommentFactory(
            session=trainee_scope.session, author=self.coach, body=text("comment body")
        )
        self.override = GateOverrideFactory(
            trainee=self.trainee,
            exercise=self.resistance,
            granted_by=self.coach,
            reason=text("override reason"),
        )
        self.adjustment = PrescriptionAdjustment.objects.create(
            enrolment=trainee_scope.enrolment,
            prescription=trainee_scope.prescription,
            sets=2,
            note=text("adjustment note"),
            created_by=self.coach,
        )
        self.invitation = Invitation.objects.create(coach=self.coach, note=text("invitation note"))

    def _own_things(self, person: User) -> Scope:
        today = person.local_today()
        program = ProgramFactory(
            owner=person,
            name=self.text(f"program name {person.pk}"),
            description=self.text("program description"),
        )
        week = ProgramWeekFactory(program=program, number=1, focus=self.text("week focus"))
        day = ProgramDayFactory(week=week, position=1, title=self.text("day title"))
        prescription = PrescriptionFactory(
            day=day, position=0, exercise=self.foundational, notes=self.text("prescription notes")
        )
        PrescriptionFactory(
            day=day,
            position=1,
            exercise=self.resistance,
            reps_min=8,
            reps_max=12,
            hold_s=None,
            start_load_kg=Decimal("10"),
        )
        enrolment = EnrolmentFactory(
            trainee=person,
            program=program,
            start_date=today - datetime.timedelta(days=today.weekday()),
            training_days=[0, 1, 2, 3, 4, 5, 6],
        )
        session = TrainingSessionFactory(
            enrolment=enrolment, trainee=person, program_day=day, scheduled_on=today
        )
        setlog = SetLogFactory(
            session=session,
            trainee=person,
            exercise=self.foundational,
            prescription=prescription,
            set_number=1,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=10,
            reps=None,
            hold_s=10,
            note=self.text("set note"),
        )
        quoted_exercise = self.text("import exercise").replace('"', '""')
        upload = importing.upload(
            trainee=person,
            file_name=self.text("import file name")[:100],
            data=(
                "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
                f'2026-01-05,W,"{quoted_exercise}",1,20,8\n'
            ).encode(),
        )
        api_token, _ = PersonalAccessToken.objects.issue(
            user=person, name=self.text("api token name")[:80], scope="write"
        )
        return Scope(
            person, program, week, day, prescription, enrolment, session, setlog, upload, api_token
        )

    # -- placing URL arguments -------------------------------------------------------------

    def _value(self, param: Param, endpoint: Endpoint, actor: User) -> str:
        kinds = endpoint.kinds()
        own = self.scopes[actor.pk]
        # Under clients/<client_id>/ the coach works on the client's things.
        subject = self.scopes[self.trainee.pk] if "client" in kinds else own
        kind = param.kind
        if endpoint.is_admin:
            # Admin object pages: any id resolves; the view itself checks staff access.
            return "1"
        values: dict[str, Callable[[], object]] = {
            "client": lambda: self.trainee.pk,
            "program": lambda: subject.program.pk,
            "week": lambda: subject.week.pk,
            "day": lambda: subject.day.pk,
            "prescription": lambda: subject.prescription.pk,
            "item": lambda: subject.prescription.pk,
            "enrolment": lambda: subject.enrolment.pk,
            "session": lambda: subject.session.pk,
            "set": lambda: subject.setlog.pk,
            "setlog": lambda: subject.setlog.pk,
            "comment": lambda: self.comment.pk,
            "override": lambda: self.override.pk,
            "adjustment": lambda: self.adjustment.pk,
            "invitation": lambda: self.invitation.pk,
            "import": lambda: subject.upload.pk,
            "api_token": lambda: own.api_token.pk,
            "invite": lambda: self.invitation.pk,
            "code": lambda: self.invitation.code,
            "exercise": lambda: self.foundational.pk,
            "slug": lambda: (
                self.foundational.slug
                if "exercise" in endpoint.route
                else (subject.program.slug or "no-slug")
            ),
            "uidb64": lambda: urlsafe_base64_encode(force_bytes(actor.pk)),
            "token": lambda: default_token_generator.make_token(actor),
            "signed": lambda: unsubscribe_token(actor, MailKind.REMINDER),
            "date": lambda: actor.local_today().isoformat(),
            "week_of": lambda: actor.local_today().isoformat(),
            "start": lambda: actor.local_today().isoformat(),
        }
        if kind not in values:
            raise LookupError(
                f"The URL sweep cannot place argument <{param.converter}:{param.name}> of "
                f"{endpoint}: add the kind {kind!r} to World._value in tests/url_sweep.py."
            )
        value = values[kind]()
        if param.converter == "int" and isinstance(value, str):
            raise LookupError(f"{endpoint}: {param.name} wants a number, the sweep has {value!r}")
        return str(value)

    def arguments(self, endpoint: Endpoint, actor: User) -> dict[str, str]:
        """The endpoint's URL arguments for `actor`, by name."""
        return {param.name: self._value(param, endpoint, actor) for param in endpoint.params}

    def path_for(self, endpoint: Endpoint, actor: User) -> str:
        """The endpoint's path for `actor`, checked to resolve back to the same view."""
        path = fill(endpoint, self.arguments(endpoint, actor))
        match = resolve(path)
        assert match.func == endpoint.callback, f"{path} resolved to {match.view_name}"
        return path


def fill(endpoint: Endpoint, arguments: dict[str, str]) -> str:
    """The endpoint's path with these arguments (already URL-safe) in place."""
    return "/" + _PARAM.sub(lambda match: arguments[match["name"]], endpoint.route)


def paths(world: World, actor: User) -> Iterator[tuple[Endpoint, str]]:
    for endpoint in project_endpoints():
        yield endpoint, world.path_for(endpoint, actor)


def html_pages(world: World, actor: User | None) -> list[str]:
    """Every page `actor` can open (None: someone signed out): each endpoint outside the
    admin that answers a GET with HTML. A signed-out visitor's arguments are the trainee's,
    so the pages that need a sign-in send them to log in and are left out."""
    client = Client()
    if actor is not None:
        client.force_login(actor)
    pages = []
    for endpoint in project_endpoints():
        if endpoint.is_admin:
            continue
        path = world.path_for(endpoint, actor or world.trainee)
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(path)
    return pages
