"""Progress for long commands: a tqdm bar on a terminal, one line per step otherwise (logs, CI)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tqdm import tqdm


class Progress:
    def __init__(self, *, total: int, label: str, write: Callable[[str], Any], bar: bool) -> None:
        self.total, self.label, self.write = total, label, write
        self.done = 0
        self.started = time.perf_counter()
        self._bar = tqdm(total=total, desc=label, unit=" rows", leave=True, dynamic_ncols=True) if bar else None

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
