"""The house's plan holds: the core imports no app, the apps neither each other nor the
project layer (pyproject.toml's import-linter contracts, run by `make lint`)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["qogam", "portal", "petitions", "platforms"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def house(tmp_path):
    """A copy of the four packages and the contracts, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(folder):
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=folder, capture_output=True, text=True, check=False
    )


def test_the_house_keeps_every_contract(house):
    result = lint_imports(house)

    assert result.returncode == 0, result.stdout
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("portal/rules.py", "petitions.models", "The core imports no app"),
        ("portal/validators.py", "qogam.views", "The core imports no app"),
        ("petitions/services.py", "platforms.models", "The two apps never import each other"),
        ("platforms/views/meetings.py", "petitions.models", "The two apps never import each other"),
        ("petitions/views.py", "qogam.settings", "The apps do not import the project layer"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(house, module, forbidden, contract):
    with open(house / module, "a") as source:
        source.write(f"\nimport {forbidden}  # noqa\n")

    result = lint_imports(house)

    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout
