"""Writing files safely: atomic replacement, stale temporaries cleaned up, and OS errors in plain words.

Every file factcheck produces (exports, reports, copies, backups, new projects) is written to a temporary
file beside its target and renamed over it only when complete, so a kill, a full disk or an error never
leaves a half-written file or destroys the previous one. The temporary file's name carries the host and
process id, so a later write to the same target removes what a killed process left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO

from factcheck.domain import FactcheckError

PARTIAL_SUFFIX = ".partial"
#: A temporary file whose writer cannot be checked (another host, an older factcheck) is stale after this.
STALE_AFTER_S = 3600


class WriteError(FactcheckError):
    """A file could not be written; the previous file (if any) is untouched."""


def describe_os_error(exc: OSError) -> str:
    """Why a file operation failed, in words that tell a full disk from read-only media and permissions."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "the folder or file does not exist"
    if code == errno.EIO:
        return "the disk reported an input/output error (it may be failing or was removed)"
    return str(exc.strerror or exc).rstrip(".").lower() if exc.strerror else str(exc)


def temporary_sibling(target: Path, suffix: str = PARTIAL_SUFFIX) -> tuple[int, Path]:
    """A new temporary file (fd, path) in ``target``'s folder, after removing stale ones of ``target``."""
    remove_stale_temporaries(target, suffix)
    prefix = f".{target.name}.{_host()}-{os.getpid()}-"
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    return fd, Path(name)


def remove_stale_temporaries(target: Path, suffix: str = PARTIAL_SUFFIX) -> list[Path]:
    """Delete temporary files of ``target`` whose writer is gone (killed): same host and a dead process,
    or, when that cannot be told, older than STALE_AFTER_S. Returns what was removed."""
    start = f".{target.name}."
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(start) and entry.name.endswith(suffix)):
            continue
        if _is_stale(entry, entry.name[len(start) : -len(suffix)]):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _is_stale(entry: os.DirEntry, middle: str) -> bool:
    parts = middle.rsplit("-", 2)
    if len(parts) == 3 and parts[0] == _host() and parts[1].isdigit():
        return not _alive(int(parts[1]))
    try:
        return time.time() - entry.stat().st_mtime > STALE_AFTER_S
    except OSError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


@cache
def _host() -> str:
    return socket.gethostname().replace(os.sep, "_") or "localhost"


@cache
def _default_mode() -> int:
    # The only way to read the umask is to set it; done once, on the first write.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(target: Path | str, *, error: type[FactcheckError] = WriteError) -> Iterator[BinaryIO]:
    """A binary file that becomes ``target`` only when the block ends without an exception.

    The bytes go to a temporary file in the target's folder, which is flushed, fsynced and renamed over
    ``target`` (os.replace) at the end; any exception removes the temporary file and leaves a previous
    ``target`` exactly as it was. OSErrors become ``error`` with one sentence (a full disk, read-only media
    and permissions told apart).
    """
    target = Path(target).expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise error(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise error(f"{target} is a folder; choose a file name.")
    try:
        fd, temp = temporary_sibling(target)
    except OSError as exc:
        raise error(f"Cannot write in {folder}: {describe_os_error(exc)}.") from exc
    try:
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
            os.fchmod(fd, mode)
        except (OSError, AttributeError):
            pass  # permissions are a nicety (and fchmod is POSIX only)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
        sync_folder(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise error(f"Could not write {target.name}: {describe_os_error(exc)}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(target: Path | str, *, error: type[FactcheckError] = WriteError) -> Iterator[Path]:
    """For writers that want a file name (QImage.save, QSvgGenerator): a temporary path beside ``target``,
    fsynced and renamed over ``target`` when the block ends without an exception, removed otherwise.

    The writer must raise if it failed; the caller checks what it cannot (an SVG's completeness).
    """
    target = Path(target).expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise error(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise error(f"{target} is a folder; choose a file name.")
    try:
        fd, temp = temporary_sibling(target)
        os.close(fd)
    except OSError as exc:
        raise error(f"Cannot write in {folder}: {describe_os_error(exc)}.") from exc
    try:
        yield temp
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
        sync_folder(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise error(f"Could not write {target.name}: {describe_os_error(exc)}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes_atomically(
    target: Path | str, data: bytes, *, error: type[FactcheckError] = WriteError
) -> Path:
    with atomic_output(target, error=error) as out:
        out.write(data)
    return Path(target).expanduser()


def write_text_atomically(
    target: Path | str, text: str, *, error: type[FactcheckError] = WriteError, encoding: str = "utf-8"
) -> Path:
    return write_bytes_atomically(target, text.encode(encoding), error=error)


def sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a folder cannot be opened for syncing everywhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
