"""The short form of bench/bench_stress.py: two window-like processes and a CLI loop on one project for
~40 s (file dialogs, CSV apply/undo, new versions, labels deleted in use, QDPX imports, Save As), with
PRAGMA integrity_check every 10 s and the check that nothing any of them committed was lost."""

from __future__ import annotations

from bench.bench_stress import run_stress, summary


def test_several_processes_for_forty_seconds_lose_nothing_and_corrupt_nothing(tmp_path) -> None:
    lines: list[str] = []
    result = run_stress(tmp_path, 40, services=2, clis=1, round_seconds=10, seed=7, log=lines.append)
    report = "\n".join(lines) + summary(result)
    assert result.ok, report
    assert len(result.rounds) >= 3, report
    # It did something worth checking: every kind of action ran, and owned fields were compared.
    assert {"tag", "edit_note", "edit_rating", "csv_cycle", "version_cycle", "save_as"} <= set(
        result.actions
    ), report
    assert result.checked_fields >= 20 and result.checked_annotations >= 20, report
