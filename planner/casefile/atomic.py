"""Writing a file whole or not at all: the one way Needleplan writes patient data to disk."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or chunks as they come) to `path` through a temporary file in the
    same folder, then rename it.

    A reader (a print queue, the command line reading clinic.json) never sees half a file;
    mkstemp creates the file 0600, fit for patient data. On any failure the temporary file is
    removed and `path` is left as it was.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                out.writelines(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename: a power cut leaves old or new
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
