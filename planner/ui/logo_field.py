"""Settings' logo row: a thumbnail with Choose… and Remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner.ui.shared.file_dialogs import choose_open_path

THUMBNAIL = QSize(160, 64)
ChooseLogo = Callable[[QWidget], "Path | None"]


def choose_logo_file(parent: QWidget) -> Path | None:
    return choose_open_path(parent, "Choose the clinic logo", "Pictures (*.png *.jpg *.jpeg)")


def readable_image(path: Path) -> bool:
    # QImageReader checks the header without decoding the whole picture.
    return QImageReader(str(path)).canRead()


class LogoField(QWidget):
    """The chosen picture (`path`, None for no logo); `chosen` after Choose… picked one."""

    chosen = Signal()

    def __init__(self, choose: ChooseLogo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choose = choose
        self.path: Path | None = None
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(THUMBNAIL)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_button = QPushButton("Choose…")
        self.remove_button = QPushButton("Remove")
        for button in (self.choose_button, self.remove_button):
            button.setAutoDefault(False)  # Enter in a field saves; it never opens the chooser

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addStretch(1)

        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(lambda: self.set_path(None))

    def choose(self) -> None:
        path = self._choose(self.window())
        if path is not None:
            self.set_path(path)
            self.chosen.emit()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.remove_button.setEnabled(path is not None)
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No logo" if path is None else "Cannot show")
        else:
            inner = THUMBNAIL - QSize(8, 8)
            self.preview.setPixmap(
                pixmap.scaled(
                    inner,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.preview.setToolTip(str(path) if path is not None else "")
