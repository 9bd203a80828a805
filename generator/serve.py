"""`make serve`: MkDocs's live-reloading server over the generated pages, regenerated on change.

The generator watches the content folder (polling: portable, and cheap at one stat per file)
and rewrites only the pages that changed; `mkdocs serve --dirty` then rebuilds just those.
Search needs the Pagefind index of a full build, so it works in `make build` output, not here.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .incremental import Layout
from .pipeline import generate
from .report import report
from .timing import Timer

POLL_SECONDS = 1.0


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file: enough to notice an edit, an addition or a removal."""
    state = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:
                continue
            state[path] = (info.st_mtime_ns, info.st_size)
    return state


def serve(content: Path, layout: Layout, mkdocs_yml: Path, dev_addr: str, config) -> int:
    """Generate the pages into `layout.docs` (the staged and published sites are not used)."""
    docs = layout.docs
    result = generate(content, layout, config, Timer())
    report(result.checked.diagnostics)
    # A terminated preview must take its server with it: turn SIGTERM into a normal exit so
    # the `finally` below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    command = [sys.executable, "-m", "generator.serve", str(mkdocs_yml), str(docs.resolve()), dev_addr]
    server = subprocess.Popen(command)
    seen = snapshot(content)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot(content)
            if current != seen:
                seen = current
                result = generate(content, layout, config, Timer(stream=None))
                report(result.checked.diagnostics)
                if result.written:
                    print(f"regenerated: {result.written.docs.summary()}", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return 0


def mkdocs_server(config_file: str, docs_dir: str, dev_addr: str) -> None:
    """MkDocs's own live-reloading server, over the docs folder the generator writes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file=config_file, build_type="dirty", docs_dir=docs_dir, dev_addr=dev_addr)


if __name__ == "__main__":  # the server process that `serve` starts
    mkdocs_server(*sys.argv[1:4])
