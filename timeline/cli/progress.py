"""The progress line the long-running commands (ingest, build, import) draw on stderr."""
from __future__ import annotations


class ProgressLine:
    """``[####----]  3/8  path`` redrawn in place on a terminal; silent when stderr is not one."""

    WIDTH = 24

    def __init__(self, stream) -> None:
        self.stream = stream
        self.active = bool(getattr(stream, "isatty", lambda: False)())
        self.drawn = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.active or total <= 0:
            return
        filled = round(self.WIDTH * done / total)
        path = path or "done"
        name = path if len(path) <= 50 else "…" + path[-49:]
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {done}/{total} {name}"
        self.stream.write("\r" + line.ljust(90)[:120])
        self.stream.flush()
        self.drawn = True

    def done(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
