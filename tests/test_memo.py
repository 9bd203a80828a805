"""The memo recomputes only what changed, keeps order, and forgets what a build no longer uses."""
from __future__ import annotations

import pickle

from generator.incremental import Memo


def stored(path) -> dict:
    """Every entry the memo folder holds, over its segments."""
    entries = {}
    for segment in sorted(path.glob("*.pickle")):
        entries.update(pickle.loads(segment.read_bytes())[1])
    return entries

calls: list[int] = []


def square(n: int) -> int:
    calls.append(n)
    return n * n


def test_only_new_items_are_computed_and_order_is_kept(tmp_path):
    path = tmp_path / "memo.pickle"
    calls.clear()
    memo = Memo(path)
    assert memo.wrap(map)(square, [3, 1, 2]) == [9, 1, 4]
    memo.save()
    again = Memo(path)
    assert again.wrap(map)(square, [2, 5, 3]) == [4, 25, 9]
    assert calls == [3, 1, 2, 5] and (again.hits, again.misses) == (2, 1)
    again.save()
    assert len(stored(path)) == 3, "the entry for 1, unused by the last build, is gone"


def test_a_different_salt_or_a_damaged_file_starts_afresh(tmp_path):
    path = tmp_path / "memo.pickle"
    path.mkdir()
    (path / "00.pickle").write_bytes(pickle.dumps(("another generator version", {b"k": 1})))
    assert Memo(path).entries == {}
    (path / "00.pickle").write_bytes(b"not a pickle")
    calls.clear()
    assert Memo(path).wrap(map)(square, [4]) == [16] and calls == [4]


def test_keys_are_the_same_in_every_process():
    """A key that followed per-process hashing would make every build miss."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    script = ("import sys; from generator.incremental import memo_key; from generator.readers import read_archive;"
              "from generator.topics.extract import extract_article; from pathlib import Path;"
              "a = read_archive(Path('content'))[0][0]; sys.stdout.write(memo_key(extract_article, a).hex())")
    keys = {
        subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1 and len(keys.pop()) == 64


def test_a_released_memo_keeps_what_it_saved(tmp_path):
    path = tmp_path / "memo.pickle"
    memo = Memo(path)
    assert memo.wrap(map)(str, [1, 2]) == ["1", "2"]
    memo.save()
    saved = stored(path)
    memo.release()
    assert memo.entries == {}
    memo.save()  # nothing to write: the files on disk stay as saved
    assert stored(path) == saved
    assert Memo(path).wrap(map)(str, [1, 2]) == ["1", "2"]


def parity(n: int) -> int:
    return n % 2


def test_combining_is_skipped_when_every_result_comes_out_as_before(tmp_path):
    """Early cutoff: new inputs with the same per-item results reuse the combined value, and
    a changed result or a changed description of what the combination reads recombines."""
    from generator.incremental import map_and_combine

    path = tmp_path / "memo.pickle"
    combined: list[list[int]] = []

    def total(results: list[int]) -> int:
        combined.append(results)
        return sum(results)

    def build(items, reads="sum v1"):
        memo = Memo(path)
        value = map_and_combine(memo.wrap(map), parity, items, total, reads)
        memo.save()
        return value

    assert build([1, 2, 3]) == 2 and combined == [[1, 0, 1]]
    assert build([5, 4, 7]) == 2 and len(combined) == 1, "same parities: the sum is not made again"
    assert build([5, 4, 8]) == 1 and combined[-1] == [1, 0, 0]
    assert build([5, 4, 8], reads="sum v2") == 1 and len(combined) == 3
    assert map_and_combine(map, parity, [1, 1], total, "no memo") == 2 and len(combined) == 4


def test_a_remembered_value_is_reused_while_what_it_reads_is_the_same(tmp_path):
    """Early cutoff: a value is made again only when the description of what it reads changes,
    compared by value (a shared string and an equal separate one are the same reads), and
    without the memo it is always made."""
    from generator.incremental import remembered

    path = tmp_path / "memo"
    made: list[int] = []

    def build(reads):
        memo = Memo(path)
        value = remembered(memo.wrap(map), reads, lambda: made.append(1) or len(made))
        memo.save()
        return value

    name = "".join(["Ky", "iv"])  # an equal string that is not the literal's object
    assert build(("sum v1", ("Kyiv", "Kyiv"))) == 1
    assert build(("sum v1", ("Kyiv", name))) == 1 and len(made) == 1, "equal reads: not made again"
    assert build(("sum v1", ("Kyiv", "Lviv"))) == 2
    assert build(("sum v2", ("Kyiv", "Lviv"))) == 3
    assert remembered(map, "no memo", lambda: made.append(1) or len(made)) == 4


def test_an_edit_rewrites_only_the_segments_it_changes(tmp_path):
    """A few new and dropped entries rewrite their segments only; the rest of the memo (as
    large as the archive's results) is left as it is, and reads back whole."""
    path = tmp_path / "memo"
    first = Memo(path)
    first.wrap(map)(square, list(range(400)))
    first.save()
    inodes = {p.name: p.stat().st_ino for p in path.glob("*.pickle")}  # a rewrite is a new file
    assert len(inodes) == Memo.SEGMENTS
    again = Memo(path)
    again.wrap(map)(square, list(range(1, 400)) + [1000])  # 0 dropped, 1000 added
    again.save()
    changed = [p.name for p in path.glob("*.pickle") if p.stat().st_ino != inodes[p.name]]
    assert 1 <= len(changed) <= 2
    calls.clear()
    assert Memo(path).wrap(map)(square, list(range(1, 400)) + [1000])[-1] == 1000 * 1000 and calls == []
    assert len(stored(path)) == 400


def test_the_salt_covers_the_build_code_and_not_the_benchmark():
    """A change to any module a build runs starts the memo afresh; the benchmark's code, which no
    build imports, is left out, so editing it keeps a kept bench archive's memo."""
    import ast
    from pathlib import Path

    from generator import incremental

    root = Path(incremental.__file__).resolve().parent
    salted = {p.relative_to(root).as_posix() for p in incremental.salted_sources()}
    assert {"incremental.py", "pipeline.py", "topics/extract.py", "pages/article.py"} <= salted
    assert not any(name.startswith("bench/") for name in salted)
    assert {p.relative_to(root).as_posix() for p in root.rglob("*.py")} - salted == {
        p.relative_to(root).as_posix() for p in (root / "bench").rglob("*.py")}
    for path in incremental.salted_sources():  # nothing the build runs imports the benchmark
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "bench" not in (node.module or "").split("."), f"{path} imports {node.module}"
            elif isinstance(node, ast.Import):
                assert not any("bench" in a.name.split(".") for a in node.names), path
