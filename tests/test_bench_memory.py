"""The benchmark's memory figures (a forked child's shared pages count once, not once per
process) and its reading of the machine's CPU times."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from generator.bench.measure import CLOCK_TICKS, MachineTimes, _Sampler, _pss, _rss, _split_tree, machine_times

MB = 1024 * 1024
# A parent that fills 200 MB, then forks a child that keeps the pages it shares unwritten.
_FORKING = """
import os, sys, time
data = b"x" * (200 * 1024 * 1024)
if os.fork() == 0:
    time.sleep(30)
    os._exit(0)
print("ready", flush=True)
time.sleep(30)
"""


@pytest.fixture
def forked():
    process = subprocess.Popen([sys.executable, "-c", _FORKING], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        builder, _ = _split_tree(process.pid)
        assert len(builder) == 2  # the parent and its forked child
        yield process.pid, builder
    finally:
        for pid in _split_tree(process.pid)[0][1:]:
            os.kill(pid, 9)
        process.kill()
        process.wait()


def test_proportional_sizes_count_the_shared_pages_once(forked):
    _, pids = forked
    resident = sum(_rss(pid) for pid in pids)
    proportional = sum(_pss(pid) for pid in pids)
    assert resident > 390 * MB  # both processes hold the 200 MB resident
    assert 195 * MB < proportional < 260 * MB  # once between them, and the interpreters


def test_the_generator_phase_of_a_forked_tree_is_measured_by_proportional_size(forked):
    pid, _ = forked
    sampler = _Sampler(pid, pss_every=0.2)
    sampler.stage = "read"  # a generator stage
    sampler.start()
    time.sleep(1.0)
    sampler.stage = "mkdocs"  # a phase of processes started afresh: resident sizes, added up
    time.sleep(0.5)
    sampler.stop()
    peaks = sampler.peaks_mb()
    assert 195 < peaks["generator"] < 260, peaks
    assert peaks["mkdocs"] > 390, peaks


def test_a_process_that_is_gone_measures_nothing():
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert _pss(int(finished.stdout)) == 0 and _rss(int(finished.stdout)) == 0


def test_the_machine_times_are_read_by_state_and_add_up_to_the_cores_time(tmp_path):
    stat = tmp_path / "stat"
    ticks = [10, 1, 20, 300, 4, 5, 6, 70, 0, 0]  # user nice system idle iowait irq softirq steal guest guest_nice
    stat.write_text("cpu  " + " ".join(str(t * CLOCK_TICKS) for t in ticks) + "\ncpu0 1 2 3\n")
    assert machine_times(str(stat)) == MachineTimes(busy=42, idle=300, iowait=4, steal=70)
    assert machine_times(str(tmp_path / "absent")) == MachineTimes()
    before, start = machine_times(), time.monotonic()
    time.sleep(1.0)
    spent, wall = machine_times() - before, time.monotonic() - start
    total = spent.busy + spent.idle + spent.iowait + spent.steal
    assert abs(total - wall * os.cpu_count()) < 0.2 * os.cpu_count(), (spent, wall)
