"""Where things live: the user-data folder, the default project, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "factcheck"
SAMPLE_ARTICLE = "rust-crew-letter-2021-12-09.txt"
PROJECT_SUFFIX = ".factcheck"


def data_dir() -> Path:
    """The per-user data folder (FACTCHECK_DATA_DIR overrides it, for tests and portable installs)."""
    override = os.environ.get("FACTCHECK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return data_dir() / f"My project{PROJECT_SUFFIX}"


def resources_dir() -> Path:
    """The bundled resources: beside the package in a source tree, under share/ when installed, or frozen."""
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    package_dir = Path(__file__).resolve().parent
    installed = Path(sys.prefix) / "share" / APP_NAME / "resources"  # a wheel's data-files
    for candidate in (package_dir.parent / "resources", package_dir / "resources", installed):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("factcheck's resources folder is missing from this installation.")


def sample_article_path() -> Path:
    return resources_dir() / SAMPLE_ARTICLE
