"""Skip rendering the pages whose inputs are what they were when their file was written.

After one edit in a 10,000-article archive all but a few dozen of its 40,000 pages come out
byte for byte as before, yet rendering them all took most of an incremental build's page
stage. A page that may be skipped is rendered from a key that holds everything it shows
beyond the code and the settings (for an article: its source file's fingerprint, the topics,
titles and URLs it links to). The key's fingerprint, salted with the generator's source and
the configuration, is kept in the writer's manifest beside the file (writer.Made); when a
page's fingerprint matches and its file is still as written, the page goes to the writer
unrendered. A key that leaves out something the page shows would leave that page stale, so
each page builder takes its inputs from the key's values only (see article.ArticleView).
"""
from __future__ import annotations

import hashlib
import pickle
from typing import Callable

from ..config import Config
from ..memo import code_salt
from ..model import Article
from ..writer import Made

Rendered = "dict[str, str | bytes | Made]"


class Reuse:
    def __init__(self, known: dict[str, bytes], config: Config, sources: dict[str, bytes]):
        self.known = known  # writer.reusable(): docs path -> fingerprint of the file as written
        self.salt = f"{code_salt()} {config!r}".encode()
        self.sources = sources  # article id -> fingerprint of its source files

    def article(self, article: Article) -> "bytes | Article":
        """What stands for an article in a key: an article is read from its source files alone
        (readers/), so their fingerprint stands for the whole Article; without one, the
        article itself."""
        return self.sources.get(article.id) or article

    def pages(self, paths: list[str], key: object, render: Callable[[], dict[str, str]]) -> Rendered:
        """`render()` makes exactly `paths` from what `key` holds; it is called only when one
        of them has other inputs than when it was written, or is not on disk as written."""
        fingerprint = hashlib.blake2b(self.salt + pickle.dumps(key, protocol=5), digest_size=16).digest()
        if paths and all(self.known.get(path) == fingerprint for path in paths):
            return {path: Made(fingerprint) for path in paths}
        return {path: Made(fingerprint, content) for path, content in render().items()}

    def page(self, path: str, key: object, render: Callable[[], str]) -> "str | Made":
        return self.pages([path], key, lambda: {path: render()})[path]


class RenderAll(Reuse):
    """Render every page, as plain content (tests, and whenever nothing is known)."""

    def __init__(self) -> None:
        self.known, self.salt, self.sources = {}, b"", {}

    def pages(self, paths, key, render):
        return render()


RENDER_ALL = RenderAll()
