"""File ▸ Open Server Project…: the address of a project database on a PostgreSQL server (never with a
password: that belongs in the PostgreSQL password file), checked before anything connects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from factcheck.domain import FactcheckError
from factcheck.store.backends import display_location, parse_location
from factcheck.ui.palette import ERROR

EXAMPLE = "postgresql+psycopg://you@db.example.org/factcheck"


class ServerDialog(QDialog):
    """``location()`` is the URL typed (or chosen from ``recent``), checked; the dialog only accepts a URL
    factcheck can use."""

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Server Project")
        self.address = QComboBox(self)
        self.address.setEditable(True)
        self.address.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.address.addItems(recent)
        self.address.setCurrentIndex(0 if recent else -1)
        self.address.lineEdit().setPlaceholderText(EXAMPLE)
        self.address.lineEdit().setClearButtonEnabled(True)
        self.address.setAccessibleName("Server project address")
        self.address.setMinimumContentsLength(len(EXAMPLE))
        about = QLabel(
            "The address of the team's project database, from whoever runs the server: "
            f"{EXAMPLE} (a port goes after the host: db.example.org:5433). Leave the password out — put it "
            "in your PostgreSQL password file (~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf on Windows), "
            "because factcheck remembers this address. A service name works too: postgresql+psycopg:///?service=NAME.",
            self,
        )
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the address")
        palette = self.problem.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR))
        self.problem.setPalette(palette)
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Address:", self.address)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 72)
        self.address.editTextChanged.connect(lambda _text: self.problem.hide())
        self._location = ""

    def location(self) -> str:
        """The checked address, as it is shown and remembered."""
        return self._location

    def _accept(self) -> None:
        text = self.address.currentText().strip()
        if not text:
            self._show_problem(f"Type the address of the project database, like {EXAMPLE}.")
            return
        if "://" not in text:
            self._show_problem(
                f"That is not a server address. Write it as {EXAMPLE}; a project file opens with File ▸ Open Project."
            )
            return
        try:
            location = parse_location(text)
        except FactcheckError as exc:
            self._show_problem(str(exc))
            return
        self._location = display_location(location)
        self.accept()

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.address.setFocus()
