"""A real Needleplan window in its own process, for the kill-and-recover test.

python -m tests.ui.draft_driver edit DB_URL DRAFTS_DIR
    opens the first patient's assessment, types into it, waits for the autosave,
    prints "ready" and keeps running until it is killed.
python -m tests.ui.draft_driver check DB_URL DRAFTS_DIR
    opens the window again, restores the offered draft and prints what the form holds
    as one JSON line, then exits.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from planner import resources
from planner.catalog import load_catalog
from planner.catalog.rules import load_rules, shipped_rules
from planner.domain.chart import View
from planner.store.lazy import LazyDatabase
from planner.ui.app import application
from planner.ui.assessment import ASSESSMENT_PAGE
from planner.ui.assessment.controller import AssessmentController
from planner.ui.main_controller import MainController
from planner.ui.main_window import MainWindow
from planner.ui.reference import Reference, Screening
from planner.ui.shared.drafts import ASSESSMENT, DraftStore
from planner.ui.shared.settings import Settings
from planner.ui.workspace import RESTORE

COMPLAINT = "Neck pain since the fall"


def _screening() -> Screening:
    catalog = load_catalog(resources.path("catalog"))
    return Screening(catalog, load_rules(shipped_rules(), catalog))


def main(mode: str, url: str, drafts_dir: str) -> int:
    app = application()
    window = MainWindow()
    database = LazyDatabase(url)
    settings = Settings(
        QSettings(str(Path(drafts_dir).parent / "driver.ini"), QSettings.Format.IniFormat)
    )
    drafts = DraftStore(Path(drafts_dir))
    controller = MainController(
        window, database, settings, drafts=drafts, reference=Reference(_screening)
    )
    controller.start()
    window.show()
    patient_id = controller.selected_id()
    assert patient_id is not None

    if mode == "edit":
        page = cast(AssessmentController, controller.workspace.open(ASSESSMENT_PAGE))
        form = page.form
        QTest.keyClicks(form.visit.complaint_edit, COMPLAINT)
        form.scores.pain_now.setValue(7)
        form.flags.red_flag_boxes["trauma"].setChecked(True)
        chart = form.drawing.chart_widget
        x0, y0, x1, y1 = chart.chart.back.regions["neck-left"].bounds()
        point = chart.widget_point(View.BACK, ((x0 + x1) / 2, (y0 + y1) / 2))
        QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)

        def ready() -> None:
            draft = drafts.load(patient_id, ASSESSMENT)
            if draft is not None and draft.data.get("pain_regions"):
                print("ready", flush=True)
                poll.stop()

        poll = QTimer()
        poll.timeout.connect(ready)
        poll.start(50)
        return app.exec()  # until SIGKILL

    notice = window.workspace.notice_text()
    button = window.workspace.notice_button(RESTORE)
    result: dict[str, object] = {"notice": notice}
    if button is not None:
        button.click()
        page = cast(AssessmentController, controller.workspace.page(ASSESSMENT_PAGE))
        form = page.form
        result |= {
            "complaint": form.visit.complaint_edit.text(),
            "pain_now": form.scores.pain_now.value(),
            "red_flags": [f for f, box in form.flags.red_flag_boxes.items() if box.isChecked()],
            "regions": form.drawing.intensities(),
            "editing": page.editing,
        }
    print(json.dumps(result), flush=True)
    window.close()
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
