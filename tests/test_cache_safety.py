"""The content cache loses nothing and writes only where it belongs: its folder is never
linted (wherever it is, however it is reached), it stays within its limits, it never writes
through a symbolic link, and a cache it cannot use costs time, never a finding."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tonelint import cache as cache_module
from tonelint.cache import ContentCache, settings_key
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.styleguide import load_styleguide

ROOT = Path(__file__).resolve().parents[1]
cli = CliRunner()


def _tree(root: Path) -> Path:
    tree = root / "tree"
    shutil.copytree(ROOT / "examples", tree)
    return tree


def _check(*args: str) -> tuple[int, dict[str, Any], str]:
    result = cli.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def _folder_bytes(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*"))


@pytest.mark.parametrize(
    "cache_dir",
    ["tlcache", ".tonelint_cache", "tree/tlcache", "tree/sms/cache.json", "tree/deep/er/c"],
)
def test_the_cache_folder_is_never_linted_wherever_it_is(
    cache_dir: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, plain, _ = _check(".", "--jobs", "1")
    sizes = []
    for _ in range(3):
        _, cached, _ = _check("--cache-dir", cache_dir, ".")
        assert cached == plain  # the cache's reports are never among the files linted
        sizes.append(_folder_bytes(tmp_path / cache_dir))
    assert sizes[0] > 0 and sizes == [sizes[0]] * 3  # it does not grow by linting itself
    assert len(list((tmp_path / cache_dir).glob("reports-*.json"))) == 1
    assert (tree / "sms").is_dir()


def test_the_cache_folder_is_not_linted_through_links_or_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, plain, _ = _check("tree")
    _check("tree", "--cache-dir", "tree/tlcache")
    (report,) = (tmp_path / "tree" / "tlcache").glob("reports-*.json")
    (tree / "linked.json").symlink_to(report)
    (tree / "hard.json").hardlink_to(report)
    _, again, _ = _check("tree", "--cache-dir", "tree/tlcache")
    assert again == plain
    for named in ("tree/tlcache", str(report), "tree/tlcache/../tlcache", "tree/linked.json"):
        code, result, stderr = _check(named, "--cache-dir", str(tmp_path / "tree" / "tlcache"))
        assert (code, result["findings"], result["errors"]) == (0, [], [])
        assert f"tonelint: warning: {named}: in the cache folder; not linted" in stderr


def _reports(folder: Path) -> list[Path]:
    return sorted(folder.glob("reports-*.json"))


def test_the_cache_keeps_to_its_limits_and_evicts_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    monkeypatch.setattr(cache_module, "MAX_FILES", 2)
    linter = Linter(load_styleguide(name="default"))
    report = linter.lint_text("Hey bestie!!!", name="a.txt")

    cache = ContentCache(tmp_path, "one")
    for key in "abcde":
        cache.put(key, report)
    cache.save()
    assert list(json.loads((tmp_path / "reports-one.json").read_text())) == ["c", "d", "e"]
    used = ContentCache(tmp_path, "one")
    assert used.get("c") == report  # used now: it outlives d and e
    used.put("f", report)
    used.save()
    assert list(json.loads((tmp_path / "reports-one.json").read_text())) == ["e", "c", "f"]

    written = ["one"]
    for name in ("two", "three", "four"):
        for age, older in enumerate(written):  # no two written in the same clock tick
            if (tmp_path / f"reports-{older}.json").exists():
                os.utime(tmp_path / f"reports-{older}.json", (1000 + age, 1000 + age))
        more = ContentCache(tmp_path, name)
        more.put("a", report)
        more.save()
        written.append(name)
    assert _reports(tmp_path) == [tmp_path / "reports-four.json", tmp_path / "reports-three.json"]

    monkeypatch.setattr(cache_module, "MAX_FILES", 10)
    size = (tmp_path / "reports-four.json").stat().st_size
    monkeypatch.setattr(cache_module, "MAX_BYTES", 2 * size + 1)
    for name in ("five", "six"):
        for age, older in enumerate(written):
            if (tmp_path / f"reports-{older}.json").exists():
                os.utime(tmp_path / f"reports-{older}.json", (1000 + age, 1000 + age))
        written.append(name)
        more = ContentCache(tmp_path, name)
        more.put("a", report)
        more.save()
    assert len(_reports(tmp_path)) == 2  # the bytes cap: only the newest two fit
    assert (tmp_path / "reports-six.json").exists()


def test_a_report_too_large_for_the_cache_is_trimmed_not_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linter = Linter(load_styleguide(name="default"))
    report = linter.lint_text("Hey bestie!!!", name="a.txt")
    monkeypatch.setattr(cache_module, "MAX_BYTES", 40_000)
    cache = ContentCache(tmp_path, "one")
    for key in range(200):
        cache.put(str(key), report)
    cache.save()
    written = tmp_path / "reports-one.json"
    assert 0 < written.stat().st_size <= 20_000
    assert "199" in json.loads(written.read_text())  # the newest are kept


def _cache_for(folder: Path) -> ContentCache:
    return ContentCache(folder, settings_key(load_styleguide(name="default")))


def _save_one(cache: ContentCache) -> None:
    report = Linter(load_styleguide(name="default")).lint_text("Hey bestie!!!", name="a.txt")
    cache.put("k", report)
    cache.save()


def test_the_cache_never_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(outside / "planted")  # dangling
    cache = _cache_for(folder)
    (folder / cache._name).symlink_to(outside / "victim")
    (outside / "victim").write_text("keep me", encoding="utf-8")
    _save_one(cache)
    assert sorted(path.name for path in outside.iterdir()) == ["victim"]
    assert (outside / "victim").read_text(encoding="utf-8") == "keep me"
    written = folder / cache._name
    assert not written.is_symlink() and "k" in json.loads(written.read_text())
    assert cache.notice is None
    assert [path.name for path in folder.iterdir() if path.name.endswith(".tmp")] == []


@pytest.mark.parametrize("kind", ["link", "dangling link", "another user's", "a file"])
def test_an_unsafe_cache_folder_is_refused_and_the_run_goes_on(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, plain, _ = _check("tree")
    target = tmp_path / "elsewhere"
    folder = tmp_path / "cache"
    if kind == "link":
        target.mkdir()
        folder.symlink_to(target)
    elif kind == "dangling link":
        folder.symlink_to(target)
    elif kind == "a file":
        folder.write_text("not a folder", encoding="utf-8")
    else:
        folder.mkdir()
        real = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: real + 1)
    for _ in range(2):
        _, result, stderr = _check("tree", "--cache-dir", "cache")
        assert result == plain
        assert stderr.count("\n") == 1 and stderr.startswith(
            "tonelint: warning: the cache folder cache "
        )
        assert stderr.endswith("; running without the cache\n")
    assert not target.exists() or list(target.iterdir()) == []
    if kind in ("another user's", "a file"):
        assert not folder.is_dir() or list(folder.iterdir()) == []
    assert (tree / "sms").is_dir()


def test_a_refused_cache_folder_does_not_keep_its_files_from_being_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, plain, _ = _check("tree")
    real = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: real + 1)  # tree: someone else's folder
    _, result, stderr = _check("tree", "--cache-dir", "tree")
    assert result == plain
    assert stderr.splitlines() == [
        "tonelint: warning: the cache folder tree belongs to another user; "
        "running without the cache"
    ]


def test_a_folder_linked_after_the_check_is_refused_when_writing(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    folder = tmp_path / "cache"
    cache = _cache_for(folder)
    folder.symlink_to(target)  # swapped in between reading and writing
    _save_one(cache)
    assert list(target.iterdir()) == []
    assert cache.notice is not None and "is a symbolic link" in cache.notice


def test_cache_entries_with_fields_of_the_wrong_type_are_not_used(tmp_path: Path) -> None:
    cache = _cache_for(tmp_path)
    _save_one(cache)
    written = tmp_path / cache._name
    good = json.loads(written.read_text(encoding="utf-8"))
    (finding, *_) = good["k"]["findings"]
    for name, value in finding.items():
        if name in ("fix", "severity", "suggestions"):
            continue
        for wrong in ([1], {"a": 1}, 1.5, "7" if isinstance(value, int) else 7):
            entry = {**good["k"], "findings": [{**finding, name: wrong}]}
            written.write_text(json.dumps({"k": entry}), encoding="utf-8")
            assert _cache_for(tmp_path).get("k") is None, (name, wrong)
    written.write_text(json.dumps(good), encoding="utf-8")
    assert _cache_for(tmp_path).get("k") is not None


@pytest.mark.parametrize(
    "damage",
    [b"[" * 100_000, b"{not json", b'{"k": 5}', b'{"k": {"path": 1, "messages": "x"}}', b"\xff"],
)
def test_a_damaged_or_unwritable_cache_never_fails_the_lint(
    damage: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, plain, _ = _check("tree")
    _check("tree", "--cache-dir", "cache")
    (report,) = (tmp_path / "cache").glob("reports-*.json")
    report.write_bytes(damage)
    assert _check("tree", "--cache-dir", "cache")[1] == plain
    assert json.loads(report.read_text(encoding="utf-8"))  # replaced by a good one
    (tmp_path / "file").write_text("", encoding="utf-8")
    _, result, stderr = _check("tree", "--cache-dir", "file/cache")  # cannot be made
    assert result == plain and stderr.count("\n") <= 1 and "Traceback" not in stderr
