"""Production's HTTPS redirect spares the health check, and a client cannot claim HTTPS
through X-Forwarded-Proto unless a proxy is configured to say so."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_health_check_answers_over_plain_http_with_the_https_redirect_on(client):
    health = client.get("/healthz")
    page = client.get("/exercises/")

    assert (health.status_code, health.text) == (200, "ok")
    assert page.status_code == 301
    assert page.url.startswith("https://")


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=None)
def test_a_client_cannot_claim_https_with_a_header_when_no_proxy_is_trusted(client):
    response = client.get("/exercises/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 301


def _settings_with(**env: str) -> str:
    code = (
        "from innerback import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_REDIRECT_EXEMPT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "trusted"),
    [
        ({}, False),
        ({"TRUSTED_PROXY_COUNT": "1"}, True),
        ({"TRUSTED_PROXY_COUNT": "1", "TRUST_X_FORWARDED_PROTO": "false"}, False),
        ({"TRUST_X_FORWARDED_PROTO": "true"}, True),
    ],
)
def test_x_forwarded_proto_is_trusted_only_as_configured(env, trusted):
    printed = _settings_with(**env)

    assert printed.startswith("('HTTP_X_FORWARDED_PROTO', 'https')" if trusted else "None")
    assert "'^healthz$'" in printed
