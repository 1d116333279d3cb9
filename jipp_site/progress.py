"""A dependency-free progress bar for long management commands (import, reindex)."""

import sys
import time


class ProgressBar:
    """Redraws one line on a terminal; prints a line every 10% when output is a file or pipe."""

    def __init__(self, total, label="", stream=None, width=30):
        self.total = max(int(total), 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self._is_tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def start(self, total):
        """(Re)start with a known total, for jobs that learn their size late."""
        self.total = max(int(total), 0)
        self.done = 0
        self.started = time.monotonic()
        self._last_decile = -1

    def advance(self, step=1):
        self.done += step
        self._draw()

    def finish(self):
        self._draw(final=True)
        if self._is_tty:
            self.stream.write("\n")
        self.stream.flush()

    def _draw(self, final=False):
        fraction = self.done / self.total if self.total else 1.0
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = (
            f"{self.label} {self.done}/{self.total} ({fraction:4.0%}) {rate:,.0f}/s {elapsed:,.1f}s"
        )
        if self._is_tty:
            filled = int(self.width * fraction)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {line}")
            self.stream.flush()
            return
        decile = int(fraction * 10)
        if decile != self._last_decile or final:
            if decile != self._last_decile:
                self.stream.write(line + "\n")
            self._last_decile = decile
