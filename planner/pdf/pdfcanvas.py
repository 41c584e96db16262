"""The canvas the handout is built on: its streams are Flate-compressed binary, never ASCII85.

ReportLab picks a page's stream filters from the process-wide `rl_config.useA85` (on by
default: ASCII85 on top of Flate, a quarter larger and slow to encode in pure Python).
Changing that setting would change it for every document any thread is building. This
canvas decides for its own document only: it turns off the per-page choice (page
compression, which is what reads useA85) and gives its document Flate as the filter of
every stream that names none, which is every page and font stream. (An image, such as a
clinic's logo, names its own filters, which ReportLab chooses as usual: it reads
rl_config and nothing here writes it.)

Imported only while a handout is rendered: it imports ReportLab.
"""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
from reportlab.pdfgen.canvas import Canvas

# A fast zlib level: 40 % less time than the default (6) for 4 % more bytes on a typical
# handout (about 49 kB instead of 47 kB of streams; the two font subsets are most of it).
LEVEL = 3


class FastFlate(PDFStreamFilterZCompress):  # type: ignore[misc]  # reportlab has no type hints
    """Flate (what every PDF reader decodes) at a fast zlib level."""

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return zlib.compress(data, LEVEL)


FAST_FLATE = FastFlate()


class FlateCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A Canvas whose document writes every page and font stream with Flate alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per document: PDFStream.format applies these to a stream with no filters of its own.
        self._doc.defaultStreamFilters = [FAST_FLATE]
        # Pages, forms and fonts then set no filters of their own (with compression on, a
        # page would take ASCII85 from rl_config.useA85, and fonts Flate explicitly).
        self.setPageCompression(0)
