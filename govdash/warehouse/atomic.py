"""The one way anything here writes a file that people or programs read: write beside the target,
then rename over it, so a reader sees the old file or the new one, never half of one.

Used by the warehouse build, snapshots, the scaled benchmark warehouses (tools/scale.py) and
every later writer (exports, published curated files)."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a path beside `target` that does not exist yet (DuckDB must create its own file);
    write the new content there. When the block ends without an exception, it becomes `target`
    in one rename. Any exception leaves `target` exactly as it was, and the temporary file (and
    a DuckDB .wal beside it) is removed either way.

    `overwrite=False` refuses to replace an existing target: FileExistsError, also when another
    writer created the target meanwhile (the final step is a link, which cannot clobber)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and target.exists():
        raise FileExistsError(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        yield tmp
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails with FileExistsError rather than replace a file made meanwhile
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
