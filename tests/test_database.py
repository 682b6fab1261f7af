import os

import pytest
from django.db import connection


@pytest.mark.skipif("EXPECT_DB_VENDOR" not in os.environ, reason="only when CI names a database")
def test_the_suite_runs_on_the_database_ci_asked_for():
    # CI runs the suite twice; this proves the PostgreSQL run really used PostgreSQL.
    assert connection.vendor == os.environ["EXPECT_DB_VENDOR"]
