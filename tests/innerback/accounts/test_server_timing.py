"""The /healthz endpoint for load balancers, and the opt-in Server-Timing header."""

import logging
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.programs.factories import SetLogFactory

pytestmark = pytest.mark.django_db

TIMING = re.compile(r'^app;dur=(\d+\.\d\d), db;dur=(\d+\.\d\d);desc="(\d+) queries"$')


def test_healthz_says_ok_in_plain_text_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_answers_head_but_refuses_writes(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_server_timing_is_off_by_default(client):
    assert "Server-Timing" not in client.get("/healthz").headers


def test_server_timing_reports_app_time_and_the_exact_query_count(client, settings, trainee):
    settings.SERVER_TIMING = True
    client.force_login(trainee)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/exercises/")

    match = TIMING.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    assert int(match[3]) == len(queries) > 0
    assert float(match[1]) >= float(match[2]) > 0


def test_server_timing_counts_no_queries_for_healthz(client, settings):
    settings.SERVER_TIMING = True

    match = TIMING.match(client.get("/healthz")["Server-Timing"])

    assert match and match[3] == "0"


def test_a_streamed_response_logs_its_totals_when_the_stream_ends(
    client, settings, trainee, caplog
):
    settings.SERVER_TIMING = True
    SetLogFactory(session__enrolment__trainee=trainee)
    client.force_login(trainee)

    with caplog.at_level(logging.INFO, logger="innerback.server_timing"):
        response = client.get("/logs/export.csv")
        assert not caplog.records  # nothing yet: the body has not been read
        body = b"".join(response.streaming_content)

    assert body.count(b"\n") == 2  # the header row and the one set
    before_body = int(TIMING.match(response["Server-Timing"])[3])
    (record,) = caplog.records
    assert record.getMessage().startswith("GET /logs/export.csv streamed: app;dur=")
    streamed_total = int(re.search(r'"(\d+) queries"', record.getMessage())[1])
    assert streamed_total > before_body
