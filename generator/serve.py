"""`make serve`: MkDocs's live-reloading server over the generated pages, regenerated on change.

The generator watches the content folder (polling: portable, and cheap at one stat per file)
and rewrites only the pages that changed; `mkdocs serve --dirty` then rebuilds just those.
Search needs the Pagefind index of a full build, so it works in `make build` output, not here.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .memo import Memo
from .pipeline import generate
from .stages import Stages

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


def serve(args, config) -> int:
    from .cli import memo_path, report

    memo_file = memo_path(args.docs)
    outcome = generate(args.content, args.docs, config, Stages(), Memo(memo_file))
    report(outcome.diagnostics)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(args.mkdocs), "-a", args.dev_addr]
    server = subprocess.Popen(command)
    seen = snapshot(args.content)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot(args.content)
            if current != seen:
                seen = current
                outcome = generate(args.content, args.docs, config, Stages(stream=None), Memo(memo_file))
                report(outcome.diagnostics)
                if outcome.written:
                    print(f"regenerated: {outcome.written.summary()}", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return 0
