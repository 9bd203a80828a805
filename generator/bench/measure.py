"""What the benchmark measures: one real build (the CLI as a maintainer runs it), the site it
made, and what a browser pays to load an article and search.

The build runs as a subprocess, so the figures include everything a `make build` pays for. Its
progress lines on stderr ("[mkdocs] ...", "[mkdocs] done in 1.2 s") give the stage times and
tell a sampler thread which stage is running; the sampler reads the memory of the build's
process tree from /proc (`_Sampler` says how shared pages count) and keeps the peak of each
phase: the generator (every stage before MkDocs, the process-pool workers included) and
MkDocs (the build process itself, which still holds the generator's model), each without
Pagefind, whose processes (running beside MkDocs) have a peak of their own, also read from
the "[search] pagefind took" line (the build's own measure of its child, which a sampler may
miss on a tiny archive). Pagefind's time comes from that line too, as the search stage is
only what the build waited for after MkDocs.

The machine is shared and its speed drifts: the same sampler reads the whole machine's CPU
time from /proc/stat at each change of phase, so each phase also shows the time the
hypervisor took from our cores (steal), the time they were idle, and the busy time that was
not the build's (the kernel writing back files, other processes; the build's own CPU time is
known for the whole run only, so that figure is for the whole run).

Each build starts once the file system has written out what the previous one left in memory
(`os.sync`): a full build leaves a gigabyte and more of its site to be written back over the
next half minute, and the edit's rebuild that the benchmark starts right after it would
otherwise pay for that writing (17.0 s instead of 15.1 s, measured at 10,000 articles).
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATOR_STAGES = ("discover", "read", "duplicates", "topics", "references", "related", "derive", "pages", "write")
STAGES = GENERATOR_STAGES + ("mkdocs", "merge", "search", "publish")
PHASE = {**{name: "generator" for name in GENERATOR_STAGES}, "mkdocs": "mkdocs", "merge": "mkdocs", "search": "mkdocs"}
PAGEFIND = "pagefind"
_START = re.compile(r"^\[(\w+)\] (?!done in )")
_DONE = re.compile(r"^\[(\w+)\] done in ([0-9.]+) s")
# Counts as the build prints them: '30,013 pages' (generator/plural.py groups thousands).
_SHARD = re.compile(r"^\[mkdocs\] shard (\d+)/(\d+): ([\d,]+) pages? in ([0-9.]+) s = ([0-9.]+) pages/s, peak memory ([0-9]+) MB")
_PAGEFIND_TOOK = re.compile(r"^\[search\] pagefind took ([0-9.]+) s \(peak memory ([0-9]+) MB\)")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class ShardFigures:
    """One MkDocs process of the build, as it reported itself (site.py)."""

    pages: int
    seconds: float
    pages_per_second: float
    peak_mb: float


@dataclass
class BuildRun:
    wall: float
    times: dict[str, float]
    peaks_mb: dict[str, float]
    returncode: int
    stderr_tail: str
    shards: list[ShardFigures] = field(default_factory=list)
    cpu: float = 0.0  # user and system seconds of the build and every process it started
    machine: dict[str, "MachineTimes"] = field(default_factory=dict)  # per phase, and "all"

    @property
    def cores_busy(self) -> float:
        """The cores kept busy on average: with every core busy, a build gets shorter only by
        doing less work."""
        return self.cpu / self.wall if self.wall else 0.0

    @property
    def outside(self) -> float:
        """Busy CPU seconds of the machine during the build that were not the build's own."""
        whole = self.machine.get("all")
        return whole.busy - self.cpu if whole else 0.0

    @property
    def generator_seconds(self) -> float:
        return sum(self.times.get(name, 0.0) for name in GENERATOR_STAGES)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class MachineTimes:
    """CPU seconds of every core of the machine added up, by state, as /proc/stat counts them."""

    busy: float = 0.0  # user, nice, system, irq and softirq
    idle: float = 0.0
    iowait: float = 0.0
    steal: float = 0.0  # the hypervisor ran something else on our virtual core

    def __add__(self, other: "MachineTimes") -> "MachineTimes":
        return MachineTimes(*(a + b for a, b in zip(self._values(), other._values())))

    def __sub__(self, other: "MachineTimes") -> "MachineTimes":
        return MachineTimes(*(a - b for a, b in zip(self._values(), other._values())))

    def _values(self) -> tuple[float, ...]:
        return self.busy, self.idle, self.iowait, self.steal


def machine_times(stat: str = "/proc/stat") -> MachineTimes:
    """The machine's CPU times so far; zeros where /proc/stat cannot be read."""
    try:
        with open(stat, "rb") as file:
            fields = [int(value) / CLOCK_TICKS for value in file.readline().split()[1:9]]
    except (OSError, ValueError):
        return MachineTimes()
    user, nice, system, idle, iowait, irq, softirq, steal = fields + [0.0] * (8 - len(fields))
    return MachineTimes(user + nice + system + irq + softirq, idle, iowait, steal)


def shard_figures(line: str) -> "ShardFigures | None":
    """A MkDocs shard's figures from the build's line about it; None for any other line."""
    shard = _SHARD.match(line)
    if shard is None:
        return None
    return ShardFigures(int(shard[3].replace(",", "")), float(shard[4]), float(shard[5]), float(shard[6]))


def build_command(content: Path, out: Path, cli: list[str] | None = None, jobs: int = 1) -> list[str]:
    runner = cli or [sys.executable, "-m", "generator"]
    return [*runner, "--content", str(content), "build", "--jobs", str(jobs), "--docs", str(out / "docs"),
            "--staging", str(out / "staging"), "--site", str(out / "site")]


def run_build(command: list[str], cwd: Path = REPO, progress=None) -> BuildRun:
    """Run one build, following its stages; memory is sampled every 50 ms. Stage lines are
    passed to `progress` (warnings about the invented articles are not)."""
    os.sync()  # not this build's cost: what the previous one wrote (see the module's docstring)
    before = _cpu_of_children()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True, errors="replace", env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)})
    machine = machine_times()
    sampler = _Sampler(process.pid)
    sampler.start()
    times: dict[str, float] = {}
    reported_peak = 0.0  # Pagefind's own, as the build measured it (os.wait4)
    tail: list[str] = []
    shards: list[ShardFigures] = []
    for line in process.stderr:
        line = line.rstrip("\n")
        tail = (tail + [line])[-30:]
        started = None
        if done := _DONE.match(line):
            times[done[1]] = times.get(done[1], 0.0) + float(done[2])
        elif shard := shard_figures(line):
            shards.append(shard)
        elif took := _PAGEFIND_TOOK.match(line):
            times[PAGEFIND], reported_peak = float(took[1]), float(took[2])
        elif started := _START.match(line):
            sampler.stage = started[1]
        if progress and (done or started):
            progress(line)
    returncode = process.wait()
    wall = time.perf_counter() - start
    cpu = _cpu_of_children() - before
    sampler.stop()
    by_phase = {**sampler.machine, "all": machine_times() - machine}
    peaks = sampler.peaks_mb()
    peaks[PAGEFIND] = max(peaks.get(PAGEFIND, 0.0), reported_peak)  # a short run may fall between samples
    return BuildRun(wall, times, peaks, returncode, "\n".join(tail), shards, cpu, by_phase)


def _cpu_of_children() -> float:
    """User and system seconds of the children waited for so far. A process's figure includes
    the children it waited for in turn, and the build waits for all of its own (pool workers,
    forked page halves, MkDocs processes, Pagefind), so the build's figure is its whole tree's."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Sampler(threading.Thread):
    """Peak memory of a process tree, per phase of the build.

    Resident sizes, added up, count a page shared by several processes once per process. The
    generator forks (its pool's workers, the half of the pages rendered beside it) and its
    children share the parent's pages until they write to them, so while it has children its
    figure is their proportional set sizes added up (each shared page split between its
    sharers, /proc/PID/smaps_rollup), which the resident sizes overstated by a tenth at
    10,000 articles (README). That file costs the kernel a walk of every page of the process,
    tens of milliseconds for a large one, so it is read at most every `pss_every` seconds and
    only when the resident sum, an upper bound, passes the peak so far. MkDocs's and
    Pagefind's processes are started afresh, share little, and keep the resident sum."""

    def __init__(self, pid: int, interval: float = 0.05, rescan: int = 10, pss_every: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval, self.rescan, self.pss_every = pid, interval, rescan, pss_every
        self.stage = "discover"
        self._phase: str | None = None
        self.peaks: dict[str, int] = {}
        self._stopped = threading.Event()
        self._pss_read = 0.0
        self.machine: dict[str, MachineTimes] = {}  # the machine's CPU times, per phase
        self._machine_at = machine_times()

    def run(self) -> None:
        builder: list[int] = []
        pagefind: list[int] = []
        tick = 0
        while not self._stopped.is_set():
            phase = PHASE.get(self.stage)
            # Walking /proc for the tree costs more than reading a few statm files: do it
            # every few ticks, and at once when a phase starts.
            if tick % self.rescan == 0 or phase != self._phase:
                builder, pagefind = _split_tree(self.pid)
                if phase != self._phase:
                    self._count_machine()
                self._phase = phase
            if phase == "generator" and len(builder) > 1:
                self._peak_shared(phase, builder)
            elif phase:
                self._peak(phase, builder)
            self._peak(PAGEFIND, pagefind)
            tick += 1
            self._stopped.wait(self.interval)

    def _peak(self, name: str, pids: list[int]) -> None:
        rss = sum(_rss(pid) for pid in pids)
        if rss:
            self.peaks[name] = max(self.peaks.get(name, 0), rss)

    def _peak_shared(self, name: str, pids: list[int]) -> None:
        now = time.monotonic()
        if now - self._pss_read < self.pss_every or sum(_rss(pid) for pid in pids) <= self.peaks.get(name, 0):
            return
        self._pss_read = now
        pss = sum(_pss(pid) for pid in pids)
        if pss:
            self.peaks[name] = max(self.peaks.get(name, 0), pss)

    def _count_machine(self) -> None:
        """The machine's CPU times since the last change of phase, to the phase that ends."""
        now = machine_times()
        phase = self._phase or "other"  # before the first stage line, or after the search
        self.machine[phase] = self.machine.get(phase, MachineTimes()) + (now - self._machine_at)
        self._machine_at = now

    def stop(self) -> None:
        self._stopped.set()
        self.join()
        self._count_machine()

    def peaks_mb(self) -> dict[str, float]:
        return {phase: rss / 2**20 for phase, rss in self.peaks.items()}


def _split_tree(root: int) -> tuple[list[int], list[int]]:
    """The build's processes (root included) and Pagefind's, apart."""
    builder, pagefind = [root], []
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                args = cmdline.read().split(b"\0")
        except OSError:
            continue
        is_pagefind = os.path.basename(args[0]).startswith(b"pagefind") or args[1:3] == [b"-m", b"pagefind"]
        (pagefind if is_pagefind else builder).append(pid)
    return builder, pagefind


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The command name may hold spaces and parentheses: split after the last ')'.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """The process's proportional set size: its own pages, and its share of each page it
    shares with others."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        return 0
    return 0


@dataclass
class SiteStats:
    files: int
    bytes: int
    largest_html: tuple[str, int]
    pages_over: list[str] = field(default_factory=list)  # HTML pages above the size limit


def site_stats(site: Path, limit: int = 150 * 1024) -> SiteStats:
    files = total = 0
    largest = ("", 0)
    over = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        files += 1
        total += size
        if path.suffix == ".html":
            rel = path.relative_to(site).as_posix()
            if size > largest[1]:
                largest = (rel, size)
            if size > limit:
                over.append(rel)
    return SiteStats(files, total, largest, sorted(over))


def same_site(first: Path, second: Path) -> bool:
    """Whether two sites hold the same bytes, but Pagefind's filter and metadata chunks, which
    it names in hash-map order (see README); its page fragments are compared."""
    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
                and (p.relative_to(site).parts[0] != "pagefind" or "fragment" in p.parts)}
    return files(first) == files(second)


def edit_one_article(path: Path) -> None:
    """The smallest real change: one more sentence at the end of the article's lede."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("---", 1) + 1 if path.suffix == ".md" else 1  # past the front matter / title
    index = next(i for i in range(start, len(lines)) if lines[i].strip() and not lines[i].startswith("#"))
    lines[index] += " A correction was appended to this invented article for the benchmark."
    path.write_text("\n".join(lines), encoding="utf-8")
