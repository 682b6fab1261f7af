#!/usr/bin/env python
"""Build the load-test dataset in the database `DATABASE_URL` names (scripts/loadgen/seed.py).

.venv/bin/python scripts/seed_load.py --trainees 2000 --weeks 104 --clients 200
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerback.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from scripts.loadgen.seed import Command  # noqa: E402

if __name__ == "__main__":
    call_command(Command(), *sys.argv[1:])
