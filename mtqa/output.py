"""Writing files safely: atomic replacement and report file names."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import: ``os.umask`` can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_read_umask()


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` so that readers see the old
    file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _FILE_MODE)  # mkstemp makes 0600; reports are ordinary files
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class AtomicFile:
    """A file written in pieces that appears under its name only when ``commit`` is called:
    until then the text goes to a hidden temporary file beside it, which ``discard`` (or
    leaving a ``with`` block by an exception) removes. Readers never see half of it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.path = path
        self.temp = Path(temp)
        self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self.stream.write(text)

    def commit(self) -> None:
        """Flush the text to disk and put the file in place."""
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.chmod(self.temp, _FILE_MODE)
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        self.stream.close()
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def report_stem(doc_id: str) -> str:
    """A file name for a document's report: readable, unique per id, and never starting
    with "-" (a name like "--3bc15c8a.json" reads as an option to every shell command)."""
    slug = _UNSAFE.sub("_", doc_id).strip("._-")[:80] or ("stdin" if doc_id == "-" else "document")
    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"
