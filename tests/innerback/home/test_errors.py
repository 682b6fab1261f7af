"""A failure shows the person a reference to quote and logs one line that carries it."""

import json
import logging

import pytest
from django.test import Client

from innerback.home.errors import OneLineFormatter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.innerback.home.raising_urls"),
]


def _fail(**headers):
    return Client(raise_request_exception=False).get("/fails/?x=1", headers=headers)


def test_the_error_page_shows_the_request_id_it_answers(db):
    response = _fail(**{"X-Request-ID": "lb-42-abc"})

    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-42-abc"
    assert '<code class="request-id">lb-42-abc</code>' in response.text
    assert "Something went wrong on our side" in response.text
    assert "a bug" not in response.text


def test_the_error_page_keeps_the_strict_content_security_policy(db):
    response = _fail()

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in response.text
    assert response["X-Request-ID"] in response.text


def test_a_failure_is_logged_as_one_json_line_with_the_request_id(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = _fail(**{"X-Request-ID": "lb-42-abc"})
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # The formatter the settings give Django's request log.
    [formatter] = [
        handler.formatter
        for handler in logging.getLogger("django.request").handlers
        if isinstance(handler.formatter, OneLineFormatter)
    ]

    line = formatter.format(record)

    assert "\n" not in line
    event = json.loads(line)
    assert event["request_id"] == response["X-Request-ID"] == "lb-42-abc"
    assert (event["method"], event["path"], event["status"]) == ("GET", "/fails/", 500)
    assert event["exception"] == "builtins.ZeroDivisionError"
    assert "a bug" in event["traceback"]


def test_the_request_log_is_not_repeated_by_the_root_logger_over_several_lines():
    assert logging.getLogger("django.request").propagate is False
