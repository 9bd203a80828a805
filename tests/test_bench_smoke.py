"""`make bench` at a size that runs in seconds: it must build, measure, and print one table."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO
from generator.bench import synthetic
from generator.bench.browser import CHROMIUM
from generator.bench.measure import STAGES


def _table(stdout: str) -> dict[str, list[str]]:
    rows = [line.strip().strip("|").split("|") for line in stdout.splitlines() if line.startswith("|")]
    header, rows = [c.strip() for c in rows[0]], rows[2:]
    assert header[0] == "measure" and header[-1] == "target"
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


def test_bench_prints_every_figure(tmp_path):
    keep = tmp_path / "keep"  # as an earlier run left it, and a run stopped half-way
    (keep / "n30").mkdir(parents=True)
    (keep / "n30" / "from-before").write_text("x")
    (keep / "n30.old-1").mkdir()
    result = subprocess.run([sys.executable, "-m", "generator.bench", "--articles", "30", "--keep", str(keep),
                             "--rounds", "2"],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    # The earlier archive was set aside and deleted with the stale one; this run's is kept.
    assert sorted(p.name for p in keep.iterdir()) == ["n30"]
    assert (keep / "n30" / "content").is_dir() and not (keep / "n30" / "from-before").exists()
    table = _table(result.stdout)
    for stage in STAGES:
        assert all(re.fullmatch(r"\d+\.\d\d s", cell) for cell in table[f"stage {stage}"][:2]), table[f"stage {stage}"]
    assert float(table["total (wall, full build)"][0].split()[0]) > 0
    for cell in table["CPU time, all processes"][:2]:  # measured, and no more cores than there are
        busy = re.fullmatch(r"(\d+) s = (\d+\.\d\d) cores busy", cell)
        assert busy and 0.2 < float(busy[2]) <= len(os.sched_getaffinity(0)) + 0.05, cell
    for row in ("generator", "mkdocs phase", "pagefind"):
        assert int(table[f"peak memory: {row}"][0].split()[0]) > 0
    assert "MISSED" not in table["largest HTML page"][0]
    # Three edits per K; the figure is their median rebuild, against the full build.
    for column in range(2):
        edits = [float(cell.split()[0]) for cell in table["incremental: each edit"][column].split(", ")]
        figure = re.fullmatch(r"(\d+\.\d) s = (\d+\.\d)% of full(?: MISSED)?", table["incremental (1 article edited)"][column])
        assert len(edits) == 3 and figure, (edits, table["incremental (1 article edited)"])
        assert float(figure[1]) == sorted(edits)[1]
        full, edit = float(table["total (wall, full build)"][column].split()[0]), sorted(edits)[1]
        # The share of the unrounded times: within what the printed, rounded ones allow.
        assert _within(float(figure[2]) / 100, edit, full, rounding=0.0005), (figure[0], full)
    # One MkDocs process, then two (K=1, K=2): each reports its pages per second and memory.
    assert re.fullmatch(r"\d+", table["mkdocs: pages/s per process"][0]), table["mkdocs: pages/s per process"]
    assert re.fullmatch(r"\d+, \d+", table["mkdocs: pages/s per process"][1])
    assert re.fullmatch(r"\d+, \d+ MB", table["mkdocs: peak memory per process"][1])
    assert table["same site as the first K"][1] == "yes"  # in both rounds
    # Two rounds (K=1, K=2, then K=2, K=1): K=2 against K=1 is the ratio of their means.
    walls = [[float(w) for w in re.findall(r"(\d+\.\d) s \(\d+ s CPU\)", cell)]
             for cell in table["full builds, every round"][:2]]
    assert len(walls[0]) == len(walls[1]) == 2 and walls[0][0] == float(table["total (wall, full build)"][0].split()[0])
    against = re.fullmatch(r"(\d\.\d\d) of K=1 \(means of 2 rounds; each round (\d\.\d\d), (\d\.\d\d)\)(?: MISSED)?",
                           table["total against the first K"][1])
    assert against, table["total against the first K"]
    # Each within what the printed walls (to 0.1 s) and ratios (to 0.01) allow.
    assert _within(float(against[1]), sum(walls[1]), sum(walls[0]), slack=0.1), against[0]
    assert _within(float(against[2]), walls[1][0], walls[0][0]) and _within(float(against[3]), walls[1][1], walls[0][1]), against[0]
    # The machine's CPU seconds in each full build: stolen, idle, busy outside the build.
    for column in range(2):
        cells = table["machine, every full build"][column].split(", ")
        assert len(cells) == 2 and all(re.fullmatch(r"\d+/\d+/-?\d+", cell) for cell in cells), cells
        assert re.fullmatch(r"\d+/\d+, \d+/\d+", table["machine, mkdocs phase"][column]), table["machine, mkdocs phase"]
    assert sorted(p.name for p in (keep / "n30").glob("k*")) == ["k1", "k1-round2", "k2", "k2-round2"]
    if CHROMIUM.exists():  # measured on the last K's site
        assert table["article page load"][1].endswith("0 from pagefind/")
        assert re.match(r"\d+ ms", table["first search: first result"][1])
        assert re.match(r"\d+ KB at first result", table["first search: transferred"][1])


def _within(printed: float, mine: float, theirs: float, slack: float = 0.05, rounding: float = 0.005) -> bool:
    """Whether `printed` (rounded to within `rounding`: two decimals by default) can be
    mine / theirs, each given to within `slack`."""
    return (mine - slack) / (theirs + slack) - rounding <= printed <= (mine + slack) / (theirs - slack) + rounding


def test_synthetic_archives_are_deterministic(tmp_path):
    first = synthetic.write_archive(tmp_path / "a", 40, seed=3)
    second = synthetic.write_archive(tmp_path / "b", 40, seed=3)
    names = sorted(p.relative_to(first.root) for p in first.root.rglob("*"))
    assert names == sorted(p.relative_to(second.root) for p in second.root.rglob("*"))
    assert all((first.root / n).read_bytes() == (second.root / n).read_bytes() for n in names if (first.root / n).is_file())
    suffixes = {p.suffix for p in first.root.rglob("*.*")}
    assert suffixes == {".txt", ".yml", ".md"}
    text = "".join(p.read_text(encoding="utf-8") for p in first.root.rglob("*.txt"))
    assert "See also : " in text and "See more : " in text


def test_a_kept_archive_is_set_aside_for_deleting_after_the_run(tmp_path):
    """The earlier run's archive is moved out of the way at once (a rename) and named for the
    deletion that follows the run, so no build of this run pays for the file system's freeing."""
    from generator.bench.__main__ import set_aside

    root = tmp_path / "n30"
    (root / "k1").mkdir(parents=True)
    (root / "k1" / "page.html").write_text("x")
    aside = set_aside(root)
    assert not root.exists() and (aside / "k1" / "page.html").read_text() == "x"
    assert aside.parent == tmp_path and aside.name.startswith("n30.old-")
    assert set_aside(root) == aside and not root.exists()  # nothing there: nothing moved


def test_a_shards_line_is_read_with_its_thousands_grouped():
    """The build prints '30,013 pages'; the bench read only ungrouped digits and left its
    pages-per-second row empty at 10,000 articles."""
    from generator.bench.measure import shard_figures

    line = "[mkdocs] shard 1/2: 30,013 pages in 210.57 s = 142.5 pages/s, peak memory 1215 MB"
    figures = shard_figures(line)
    assert figures is not None and figures.pages == 30013 and figures.pages_per_second == 142.5
    assert shard_figures("[mkdocs] shard 2/2: 1 page in 0.50 s = 2.0 pages/s, peak memory 90 MB").pages == 1
    assert shard_figures("[mkdocs] done in 3.00 s") is None
