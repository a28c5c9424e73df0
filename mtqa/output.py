"""Writing files safely: atomic replacement, report file names, and the clean-up of what an
interrupted run left behind.

Every file is written to a hidden temporary file beside its final name and renamed into
place, so a reader sees the old file or the whole new one. Any failure to write (a full
disk, a folder that cannot be written) is a ``WriteError`` that names the destination; the
temporary file is removed, and files already in place stay whole. A temporary file's name
holds the host and process that wrote it, so a later run can remove what a killed run
(SIGKILL, power loss) left behind without touching a file another run is still writing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import socket
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HOST = _UNSAFE.sub("_", socket.gethostname())[:40] or "host"
#: ``.NAME.HOST-PID.RANDOM.tmp``: what ``_temporary`` creates (RANDOM is mkstemp's).
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<host>[A-Za-z0-9._-]+)-(?P<pid>\d+)\.\w{8}\.tmp$")
#: A temporary file untouched for this long is left over, whichever process wrote it.
STALE_AFTER_S = 24 * 3600


class WriteError(OSError):
    """A file could not be written; ``str()`` names the destination and the reason."""

    def __init__(self, path: Path, error: OSError, folder: bool = False) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.path = path
        self.folder = folder

    def __str__(self) -> str:
        reason = self.strerror or "cannot be written"
        if self.errno in (errno.ENOSPC, errno.EDQUOT):
            reason += " (the disk is full; reports already written are complete)"
        what = "reports to " if self.folder else ""
        return f"cannot write {what}{self.path}: {reason}"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import: ``os.umask`` can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_read_umask()


def _temporary(path: Path) -> tuple[int, Path]:
    """A new hidden temporary file beside ``path`` (its folder created if needed)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{path.name}.{_HOST}-{os.getpid()}."
        handle, temp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(path, error) from None
    return handle, Path(temp)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` so that readers see the old
    file or the whole new one. Raises ``WriteError``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temp = _temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _FILE_MODE)  # mkstemp makes 0600; reports are ordinary files
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise WriteError(path, error) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise ``WriteError`` now if the file ``path`` cannot be written later (its folder
    cannot be created or written, or it is a folder), so a run does not find out after
    checking every document."""
    if path.is_dir():
        raise WriteError(path, IsADirectoryError(errno.EISDIR, "it is a folder"))
    handle, temp = _temporary(path)
    os.close(handle)
    temp.unlink(missing_ok=True)


def check_writable_folder(folder: Path) -> None:
    """``check_writable`` for a folder that reports will be written into."""
    if folder.exists() and not folder.is_dir():
        raise WriteError(folder, NotADirectoryError(errno.ENOTDIR, "it is a file"), folder=True)
    try:
        check_writable(folder / "report")
    except WriteError as error:
        raise WriteError(folder, error, folder=True) from None


class AtomicFile:
    """A file written in pieces that appears under its name only when ``commit`` is called:
    until then the text goes to a hidden temporary file beside it, which ``discard`` (or
    leaving a ``with`` block by an exception) removes. Readers never see half of it.
    Every failure to write is a ``WriteError`` naming ``path``."""

    def __init__(self, path: Path) -> None:
        handle, self.temp = _temporary(path)
        self.path = path
        self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        try:
            self.stream.write(text)
        except OSError as error:
            raise WriteError(self.path, error) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise WriteError(self.path, error) from None

    def commit(self) -> None:
        """Flush the text to disk and put the file in place."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self.temp, _FILE_MODE)
            os.replace(self.temp, self.path)
        except OSError as error:
            self.discard()
            raise WriteError(self.path, error) from None

    def discard(self) -> None:
        """Remove the temporary file; never raises (it runs while another error is handled,
        and closing a file on a full disk fails again as its buffer is flushed)."""
        with contextlib.suppress(OSError):
            self.stream.close()
        with contextlib.suppress(OSError):
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


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave its files alone
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Remove the temporary files in ``folder`` that a run which no longer exists left
    behind (killed before it could clean up): those written on this host by a process that
    is gone, and any untouched for ``STALE_AFTER_S``. Returns how many were removed."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = int(match["pid"])
        ours = match["host"] == _HOST and pid != os.getpid()
        if age > STALE_AFTER_S or (ours and not _running(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def report_stem(doc_id: str) -> str:
    """A file name for a document's report: readable, unique per id, and never starting
    with "-" (a name like "--3bc15c8a.json" reads as an option to every shell command)."""
    slug = _UNSAFE.sub("_", doc_id).strip("._-")[:80] or ("stdin" if doc_id == "-" else "document")
    # surrogatepass: an id with a lone surrogate still has a name (readers refuse such ids,
    # but a report must never be lost to its file name)
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"
