"""Start ``worker.py`` in a separate Python process, optionally with file permissions enforced for root."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")

_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore a file's mode bits.
_PERMISSION_CAPS = (1, 2, 3)


def worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _drop_permission_override() -> None:
    """In the child before exec: remove root's permission-bypass capabilities from the bounding set.

    After exec the process (still uid 0) has them neither permitted nor effective, so open(2) and
    access(2) obey the mode bits as for any user. Failure is ignored: the child then reports the file
    as writable and the caller skips, rather than the test passing for the wrong reason.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in _PERMISSION_CAPS:
            libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    except Exception:
        pass


def start_worker(*args: object, stdin: bool = False, enforce_permissions: bool = False) -> subprocess.Popen:
    preexec = _drop_permission_override if enforce_permissions and os.geteuid() == 0 else None
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=worker_env(),
        preexec_fn=preexec,
    )


def run_worker(*args: object, timeout: float = 60, enforce_permissions: bool = False) -> str:
    """Run the worker to completion and return its stdout; fail the test with its stderr otherwise."""
    child = start_worker(*args, enforce_permissions=enforce_permissions)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        pytest.fail(f"worker {args} timed out:\n{err}")
    if child.returncode != 0:
        pytest.fail(f"worker {args} exited with {child.returncode}:\n{err}")
    return out


def probe(path: Path) -> dict:
    """Open ``path`` in a process that obeys file permissions even as root; skip when that is impossible.

    The result says whether the file and its folder were writable to that process, how Project.open
    went and what each attempted write did.
    """
    report = json.loads(run_worker("probe", path, enforce_permissions=True))
    file_bypassed = path.exists() and report["writable"] and not path.stat().st_mode & 0o222
    folder_bypassed = report["folder_writable"] and not path.parent.stat().st_mode & 0o222
    if file_bypassed or folder_bypassed:
        pytest.skip(
            "Running as root and the permission-bypass capabilities could not be dropped "
            "(prctl PR_CAPBSET_DROP refused): a read-only file or folder is still writable here."
        )
    return report
