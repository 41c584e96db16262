"""Start the GUI: one QApplication, the crash hook, the store, the main window.

Imported only when the GUI starts (planner.cli imports it lazily), and kept lean: heavy
modules (ReportLab, QtPdf, jsonschema) load when a feature first needs them.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import planner
from planner.domain.errors import DomainError
from planner.ui import crash

if TYPE_CHECKING:
    from planner.store.lazy import LazyDatabase

ORGANIZATION = "Needleplan"
APPLICATION = "Needleplan"
EXIT_BAD_DATABASE = 2


def application() -> QApplication:
    """The one QApplication (created here, or the existing one, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(planner.__version__)
    return app


def _startup_error(message: str, *, dialog: bool) -> None:
    sys.stderr.write(f"needleplan: cannot open the database: {message}\n")
    if dialog and crash.SHOW_DIALOGS:
        QMessageBox.critical(
            None,
            "Needleplan cannot start",
            f"The database could not be opened.\n\n{message}\n\n"
            "Check the --database-url option or the NEEDLEPLAN_DATABASE_URL setting.",
        )


def run(
    database_url: str | None,
    *,
    exit_after_startup: bool = False,
    started: float | None = None,
) -> int:
    """Run the GUI until the main window closes; the process exit code.

    exit_after_startup prints one line `startup_ms=N` (since `started`, a perf_counter()
    value, or since this call) once the window is shown and the event loop is idle, then
    quits with 0: the start-up benchmark and the smoke test of a frozen build use it.
    """
    t0 = started if started is not None else time.perf_counter()
    app = application()
    previous_hook = sys.excepthook
    crash.install()
    try:
        return _run(app, database_url, exit_after_startup, t0)
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, database_url: str | None, exit_after_startup: bool, t0: float) -> int:
    from planner.store.lazy import LazyDatabase

    try:
        database = LazyDatabase(database_url)
    except DomainError as exc:
        # A scripted run (exit_after_startup) must never wait on a dialog nobody sees.
        _startup_error(str(exc), dialog=not exit_after_startup)
        return EXIT_BAD_DATABASE

    # Imported after the store opens so a bad URL fails fast.
    from planner.ui.main_controller import MainController
    from planner.ui.main_window import MainWindow
    from planner.ui.shared.settings import Settings

    try:
        window = MainWindow()
        controller = MainController(window, database, Settings())
        controller.start()
        window.show()
        if not gc.isenabled():  # planner.cli turned it off for start-up
            gc.freeze()  # start-up's objects live as long as the app: never scan them again
            gc.enable()
        # Once the window is up: a Python filter on every event would slow start-up, and
        # no spin box or combo exists before a page or dialog opens.
        QTimer.singleShot(0, lambda: install_input_guard(app))
        if not exit_after_startup:
            # The write path (SQLAlchemy, ~0.3 s of imports) loads once the window is up,
            # so the first save does not wait for it.
            QTimer.singleShot(0, lambda: _open_store_quietly(database))
            # Catalog, rules and chart load in the background, so no page waits on them.
            QTimer.singleShot(0, controller.reference.preload)
            # The first start asks for the clinic's details (once, skippable), then who is
            # working (the store is open by then: the timer above ran first).
            QTimer.singleShot(0, controller.ask_at_start)
            # Automatic backups: on exit, and soon after start-up when one is a day old.
            QTimer.singleShot(0, controller.backups.start_automatic)
        else:

            def report_and_quit() -> None:
                elapsed_ms = round((time.perf_counter() - t0) * 1000)
                print(f"startup_ms={elapsed_ms}", flush=True)
                # exit(), not quit() + close(): each of those posts a Quit event, and a
                # second one left in the queue would end the next event loop at once.
                app.exit(0)

            # A zero timer fires once the loop has handled the pending show/paint events.
            QTimer.singleShot(0, report_and_quit)
        code = app.exec()
        if window.isVisible():  # exit_after_startup: close now, so settings are saved
            window.close()
        window.deleteLater()
        return 0 if exit_after_startup else code
    finally:
        database.close()


def install_input_guard(app: QApplication) -> None:
    from planner.ui.shared.input_guard import install

    install(app)


def _open_store_quietly(database: LazyDatabase) -> None:
    """Open the full store ahead of need; a failure now is reported at the first write."""
    with contextlib.suppress(DomainError):
        database.open_store()
