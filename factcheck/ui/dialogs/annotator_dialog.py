"""Settings ▸ Annotator Name…: the name that goes on your annotations, links and record edits (kept in your
own settings, not in the project); greyed, with the reason, when the server decides who you are."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

#: Longest name kept (the services cut there too).
MAX_NAME = 200


class AnnotatorDialog(QDialog):
    """``name()`` is what was typed (blank: the default). With ``fixed_login`` the field is read-only."""

    def __init__(
        self, current: str, default: str, *, fixed_login: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotator Name")
        self.field = QLineEdit(current, self)
        self.field.setMaxLength(MAX_NAME)
        self.field.setAccessibleName("Annotator name")
        self.field.setPlaceholderText(default)
        self.field.setClearButtonEnabled(True)
        about = QLabel(
            "Your name goes on every annotation, link and record edit you make; in blind mode it also decides "
            "which annotations you see. It is kept in your settings on this computer, not in the project. "
            f"Left blank, it is {default} (the FACTCHECK_ANNOTATOR variable, else your user name).",
            self,
        )
        about.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Your name:", self.field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about)
        self.fixed_note = QLabel(self)
        self.fixed_note.setWordWrap(True)
        self.fixed_note.setAccessibleName("Why the name cannot be changed")
        layout.addWidget(self.fixed_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if fixed_login is not None:
            self.field.setText(fixed_login)
            self.field.setEnabled(False)
            self.fixed_note.setText(
                f"You are signed in to the database server as {fixed_login}, and the server decides who you are "
                "(its row-level security ties your annotations to your login), so your annotations carry that "
                "name. To work under another name, sign in with that name's login."
            )
            buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        else:
            self.fixed_note.hide()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def name(self) -> str:
        return " ".join(self.field.text().split())
