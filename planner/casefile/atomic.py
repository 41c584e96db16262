"""Writing a file whole or not at all: the one way Needleplan writes patient data to disk.

The temporary file sits beside the target under a name that says whose it is:
`.OUT.jsonl.needleplan-PID-RANDOM.tmp`. A process killed mid-write (kill -9, a power cut)
leaves it behind, holding patient data; the next write into that folder removes every such
file whose process is gone (its PID dead, or alive again but started after the file was
last written, a reused PID).

Only regular files are written: a target that is a symbolic link, a folder, a FIFO or a
device is refused (OutputPathError), never replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

TEMP_TAG = "needleplan"
# `.NAME.needleplan-PID-RANDOM.tmp`; mkstemp's random part is letters, digits and "_".
_TEMP = re.compile(rf"^\..+\.{TEMP_TAG}-(\d+)-[a-z0-9_]+\.tmp$")
# What earlier versions left: `.NAME.RANDOM.tmp` (no PID); removed once an hour untouched.
_OLD_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
OLD_TEMP_AGE = 3600.0


class OutputPathError(OSError):
    """The target cannot be written as a regular file: its folder is missing, or it is a
    folder, a symbolic link, a FIFO or a device. strerror says which."""


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or chunks as they come) to `path` through a temporary file in the
    same folder, then rename it.

    A reader (a print queue, the command line reading clinic.json) never sees half a file;
    mkstemp creates the file 0600, fit for patient data. On any failure (a full disk, a
    database gone mid-export) the temporary file is removed and `path` is left as it was.
    OutputPathError when `path` is not a place for a regular file; other OSErrors as the
    system reports them (no permission, no space left).
    """
    path = Path(path)
    check_target(path)
    remove_stale_temps(path.parent)
    fd, temp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{TEMP_TAG}-{os.getpid()}-", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                out.writelines(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename: a power cut leaves old or new
        check_target(path)  # a FIFO or link made meanwhile is not replaced either
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def check_target(path: Path) -> None:
    """OutputPathError unless `path` is a regular file or nothing, in an existing folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputPathError(errno.ENOENT, "no such folder", str(path.parent)) from None
        return
    except NotADirectoryError:
        raise OutputPathError(errno.ENOTDIR, "no such folder", str(path.parent)) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "is a folder, not a file"
    elif stat.S_ISLNK(mode):
        what = "is a symbolic link (only regular files are written)"
    elif stat.S_ISFIFO(mode):
        what = "is a named pipe, a FIFO (only regular files are written)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "is a device (only regular files are written)"
    else:
        what = "is not a regular file (only regular files are written)"
    raise OutputPathError(errno.EEXIST, what, str(path))


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files that killed writers left in `folder`; the ones removed.

    Best effort: a folder that cannot be listed, or a file already gone, is skipped.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        if not name.endswith(".tmp") or not name.startswith("."):
            continue
        match = _TEMP.match(name)
        if match is None and _OLD_TEMP.match(name) is None:
            continue
        temp = folder / name
        try:
            info = os.lstat(temp)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if match is not None:
            stale = not _writer_alive(int(match.group(1)), info.st_mtime)
        else:
            stale = now - info.st_mtime > OLD_TEMP_AGE
        if stale:
            try:
                temp.unlink()
            except OSError:
                continue
            removed.append(temp)
    return removed


def _writer_alive(pid: int, written: float) -> bool:
    """Whether process `pid` may still be writing a file last written at `written`."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    except OverflowError:
        return False
    started = _process_start(pid)
    if started is None:
        return True  # alive, and no way to tell when it started: leave the file
    return started <= written + 1.0  # a PID reused after the file was written: stale


def _process_start(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), from Linux's /proc; else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        with open("/proc/stat") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


def private_folder(folder: Path, app: str = "needleplan") -> Path:
    """`folder`, made if missing, readable by its owner alone (0700), as every folder above
    it up to and including the application's own (named `app`); returns it.

    A folder made here is 0700 from the start (mkdir's parents would take the umask's 0755);
    an application folder an earlier version made 0755 is closed now. Folders above the
    application's (~/.config, ~/.local/state) are left as they are when they exist.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            part.mkdir(mode=0o700)
    probe = folder
    while True:
        os.chmod(probe, 0o700)
        if probe.name == app or probe.parent == probe or app not in probe.parent.parts:
            break
        probe = probe.parent
    return folder
