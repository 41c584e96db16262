"""A long records job (File › Import records…, Export all records…) on a worker thread,
so the window repaints and Cancel works while it runs; the progress dialog polls it.

The worker calls the store, whose every call opens its own session: no session crosses
threads. Cancel is seen where the worker next reads a record (RecordsJob.counted).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 100  # how often the progress dialog learns the worker's count
SWITCH_INTERVAL_S = 0.001  # the GIL's switch interval while a job runs (see RecordsJob.start)
_T = TypeVar("_T")


class Cancelled(Exception):
    """Raised in the worker where it next reads a record once Cancel was pressed."""


class RecordsJob(QObject):
    """`work(job)` on a worker thread; `done` and `total` are its progress, `phase` what it
    is doing. `finished` comes on the GUI thread once it stopped: `result`, or `error` (a
    Cancelled one after cancel())."""

    ticked = Signal()
    finished = Signal()

    def __init__(self, work: Callable[[RecordsJob], Any], parent: QObject) -> None:
        super().__init__(parent)
        self.done = 0
        self.total = 0
        self.phase = ""
        self.saving = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._switch_interval = sys.getswitchinterval()
        self._thread = threading.Thread(
            target=self._run, args=(work,), name="needleplan-records", daemon=True
        )
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        # The worker is CPU-bound Python. At the default 5 ms switch interval each of the
        # GUI thread's many takes of the GIL waited up to 5 ms, and a 20,000-patient import
        # left the window 100-500 ms between repaints; at 1 ms under 30 ms, in the same time.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL_S))
        self._thread.start()
        self._timer.start()

    def _run(self, work: Callable[[RecordsJob], Any]) -> None:
        try:
            self.result = work(self)
        except BaseException as exc:  # handed to the GUI thread, which reports or re-raises
            self.error = exc

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, Cancelled)

    def counted(
        self,
        items: Iterable[_T],
        counts: Callable[[_T], bool] | None = None,
        *,
        last_pass: bool = True,
    ) -> Iterator[_T]:
        """`items` as they come, each one counted (those `counts` accepts); Cancelled once
        cancel() was called. After the last pass's last item `saving` is set: the file is
        being finished or the transaction committed, too late to cancel."""
        for item in items:
            if self._cancel.is_set():
                raise Cancelled
            yield item
            if counts is None or counts(item):
                self.done += 1
        if self._cancel.is_set():
            raise Cancelled
        self.saving = last_pass

    def wait(self) -> None:
        """Block until the worker stops (the window closing), then report as usual."""
        self._thread.join()
        self._poll()

    def _poll(self) -> None:
        if self._thread.is_alive():
            self.ticked.emit()
        elif self._timer.isActive():
            self._timer.stop()
            sys.setswitchinterval(self._switch_interval)
            self.finished.emit()
