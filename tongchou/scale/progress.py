"""Progress for long commands: a tqdm bar on a terminal, one line per step otherwise (logs, CI)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import Any

from tqdm import tqdm


class Progress:
    def __init__(self, *, total: int, label: str, write: Callable[[str], Any], bar: bool) -> None:
        self.total, self.label, self.write = total, label, write
        self.done = 0
        self.started = time.perf_counter()
        # A terminal that reports no size (some ptys) would make tqdm hide the bar: give it one.
        size = shutil.get_terminal_size((100, 20))
        self._bar = tqdm(total=total, desc=label, unit=" rows", leave=True, ncols=min(size.columns or 100, 110),
                         nrows=max(size.lines, 5)) if bar else None

    def update(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            self.write(f"{self.label}: {self.done:,} ({time.perf_counter() - self.started:.1f} s)")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
