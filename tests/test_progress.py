"""Tests for astana_lib._progress (bars only where someone sees them)."""

from __future__ import annotations

import io
import sys

from astana_lib._progress import progress_enabled


def test_no_bar_when_stderr_is_a_file(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    assert progress_enabled(True) is False
    assert progress_enabled(False) is False


def test_bar_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    assert progress_enabled(True) is True
