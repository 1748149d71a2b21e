"""The portal's own settings with the baseline server's bench-only URLs (bench/baseline.py)."""

from qogam.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline"
