"""What a visitor's browser pays: load an article page, then search from the header box.

The built site is served by `http.server` on 127.0.0.1 (an ephemeral port) and driven with
Playwright through Debian's chromium (never a downloaded browser), with a fresh profile so
nothing is cached. Bytes are counted by the server as it writes them (headers and bodies):
Pagefind fetches its WebAssembly and index from a worker, which page-level DevTools events do
not see. `http.server` does not compress, so these are the uncompressed figures; the gzip
figure is what a host that compresses would send (Pagefind's index files are gzip already).
"""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULT = ".archive-search__result"
# search.js marks its first use (focus) and its first result shown: the visitor's wait, without
# the automation's own overhead. The query is typed at once, so nothing overlaps the loading.
FIRST_RESULT_MS = """() => performance.getEntriesByName("archive-search:first-result")[0].startTime
                         - performance.getEntriesByName("archive-search:first-use")[0].startTime"""
INPUT = "[data-archive-search-input]"


@dataclass
class SearchCost:
    load_bytes: int
    load_requests: list[str]
    search_first_ms: float  # from focusing the box (query typed at once) to the first result shown
    search_bytes_first: int  # transferred until then
    search_bytes_settled: int  # and once the network is idle again
    search_requests: list[str] = field(default_factory=list)
    first_result: str = ""
    search_bytes_gzip: int = 0  # the settled search transfer from a host that gzips

    @property
    def index_fetched_on_load(self) -> list[str]:
        return [path for path in self.load_requests if path.startswith("/pagefind/") or "/pagefind/" in path]


class Log:
    """Every request the server answered: (path, bytes written), in order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: list[list] = []

    def snapshot(self) -> int:
        with self.lock:
            return len(self.entries)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return [tuple(entry) for entry in self.entries[mark:]]


class _Counting:
    def __init__(self, stream, entry: list, lock: threading.Lock):
        self.stream, self.entry, self.lock = stream, entry, lock

    def write(self, data) -> int:
        with self.lock:
            self.entry[1] += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    log: Log

    def handle_one_request(self) -> None:
        entry = ["", 0]
        self.wfile = _Counting(self.wfile if not isinstance(self.wfile, _Counting) else self.wfile.stream,
                               entry, self.log.lock)
        super().handle_one_request()
        if getattr(self, "path", None) and entry[1]:
            entry[0] = self.path
            with self.log.lock:
                self.log.entries.append(entry)

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's 404.html with status 404, as GitHub Pages and most
        static hosts serve it (the page sends old topic addresses on: assets/archive.js)."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(directory: Path, log: Log | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (an ephemeral port); yields the base URL."""
    handler = type("Handler", (_Handler,), {"log": log or Log()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def gzip_bytes(site: Path, paths: list[str]) -> int:
    """What the same files would weigh from a host that gzips text (already-gzip files as they are)."""
    total = 0
    for path in paths:
        file = site / path.split("?")[0].lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            continue
        data = file.read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))
    return total


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure_search(site: Path, article_url: str, query: str, *, color_scheme: str = "light",
                   screenshot: Path | None = None) -> SearchCost:
    """Load `article_url` (relative to the site root), then search for `query`."""
    log = Log()
    with serve(site, log) as base, chromium() as browser:
        context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + article_url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if screenshot:
            page.screenshot(path=str(screenshot))
        loaded = log.since(0)
        mark = log.snapshot()

        page.focus(INPUT)
        page.fill(INPUT, query)
        page.wait_for_selector(RESULT, state="visible", timeout=30_000)
        first_ms = page.evaluate(FIRST_RESULT_MS)
        first = log.since(mark)
        page.wait_for_timeout(500)  # let the rest of the first page of results arrive
        settled = log.since(mark)
        href = page.locator(RESULT).first.get_attribute("href") or ""
        context.close()
    return SearchCost(sum(n for _, n in loaded), [p for p, _ in loaded], first_ms,
                      sum(n for _, n in first), sum(n for _, n in settled), [p for p, _ in settled], href,
                      gzip_bytes(site, [p for p, _ in settled]))
