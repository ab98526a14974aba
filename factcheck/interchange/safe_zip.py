"""Reading entries of an untrusted zip archive: streamed, stopped at a size cap and a compression-ratio
cap, and every way a damaged or hostile archive can fail turned into one BadInputError."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError

#: Most bytes one entry may unpack to, and all entries together.
MAX_ENTRY_BYTES = 4 * MAX_IMPORT_BYTES
MAX_TOTAL_BYTES = 5 * MAX_IMPORT_BYTES
#: Most bytes an entry may unpack to per compressed byte (text compresses 3–10:1; bombs 1000:1) once it
#: is past ``_RATIO_FREE`` bytes.
MAX_RATIO = 100
_RATIO_FREE = 8 << 20
_CHUNK = 1 << 20
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def size_words(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB" if size >= 1 << 20 else f"{size:,} bytes"


class SafeZip:
    """An archive opened for capped reading; names are looked up without regard to case."""

    def __init__(self, path: Path, cancelled: Callable[[], bool] | None = None) -> None:
        self.path = path
        self._cancelled = cancelled
        self.read_total = 0
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,  # "zip file version 23.5" from a damaged header
            RuntimeError,
            struct.error,
            KeyError,
            IndexError,
        ) as exc:
            raise BadInputError(f"{path.name} is not a readable zip archive ({exc}).") from exc
        self.names = {info.filename.lower(): info.filename for info in infos}

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def find(self, name: str) -> str | None:
        return self.names.get(name.lower())

    def read(self, name: str, cap: int = MAX_ENTRY_BYTES) -> bytes:
        """The bytes of entry ``name``, refused past ``cap`` bytes, past MAX_RATIO:1, or past the archive's
        total; decompression is streamed, so a bomb is stopped after ``cap`` bytes at most."""
        where = f"{name} in {self.path.name}"
        info = self.zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise BadInputError(f"{where} is encrypted; factcheck cannot read it.")
        if info.compress_type not in _METHODS:
            raise BadInputError(
                f"{where} is compressed with a method factcheck cannot read (method {info.compress_type}); "
                "save the archive again with ordinary (Deflate) compression."
            )
        limit = min(cap, MAX_TOTAL_BYTES - self.read_total)
        if info.file_size > limit:
            raise BadInputError(f"{where} is too large ({size_words(info.file_size)}).")
        ratio_limit = max(_RATIO_FREE, MAX_RATIO * max(info.compress_size, 1))
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise BadInputError(f"{where} unpacks to more than {size_words(limit)}; refused.")
                    if size > ratio_limit:
                        raise BadInputError(
                            f"{where} unpacks to over {MAX_RATIO} times its packed size, like a zip bomb; refused."
                        )
                    if self._cancelled is not None and self._cancelled():
                        raise ImportCancelled()
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error, KeyError) as exc:
            raise BadInputError(f"{where} is damaged ({exc}).") from exc
        except (RuntimeError, NotImplementedError) as exc:  # encrypted or unsupported, told by zipfile
            raise BadInputError(f"{where} cannot be read: {exc}.") from exc
        self.read_total += size
        return b"".join(chunks)


class ImportCancelled(BadInputError):
    """The user cancelled an import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was written.")
