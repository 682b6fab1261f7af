"""/readyz tells a load balancer whether this app server can serve pages; X-Served-By names
the server that answered."""

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from innerback.home.readiness import expected_migrations

pytestmark = pytest.mark.django_db


def test_readyz_says_ready_in_two_queries_when_migrations_are_applied_and_the_queue_answers(
    client, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get("/readyz")

    assert (response.status_code, response.text) == (200, "ready")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_answers_503_naming_a_migration_the_database_lacks(client):
    app, name = next(node for node in expected_migrations() if node[0] == "programs")
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == f"migrations not applied: {app}.{name}"


def test_readyz_answers_503_when_the_database_does_not_answer(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")

    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text.startswith("database unreachable: OperationalError connection to")


def test_readyz_answers_503_when_the_task_queue_does_not_answer(client):
    def refuse_the_queue(execute, sql, params, many, context):
        if "django_tasks_database_dbtaskresult" in sql:
            raise OperationalError("permission denied for table django_tasks_database_dbtaskresult")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_queue):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text.startswith("task queue unreachable: OperationalError permission denied")


def test_readyz_answers_head_but_refuses_writes(client):
    assert client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_readyz_answers_over_plain_http_with_the_https_redirect_on(client):
    assert client.get("/readyz").status_code == 200


@override_settings(APP_SERVER_NAME="app2")
def test_each_response_names_the_app_server_that_answered(client):
    assert client.get("/healthz")["X-Served-By"] == "app2"
    assert client.get("/no-such-page/")["X-Served-By"] == "app2"


def test_no_server_is_named_when_the_app_runs_alone(client):
    assert "X-Served-By" not in client.get("/healthz").headers
