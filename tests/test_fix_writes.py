"""What ``--fix`` writes, and what it never overwrites: an edit saved while the run is
between reading and writing a file, a link (the target is fixed), a hard-linked twin, a
file the user may not write, a folder the user may not write, and the files a run lints
when ``--output`` or ``--write-baseline`` names one of them. UTF-16 and UTF-32 files keep
their byte order and byte-order mark (or its absence) byte for byte."""

from __future__ import annotations

import codecs
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from explore import PROPERTY_SETTINGS
from tonelint import files, fixer
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.files import decode, encode
from tonelint.models import Applicability, SourceFile
from tonelint.styleguide import builtin_dir, load_styleguide

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and permissions")

runner = CliRunner()
LINTER = Linter(load_styleguide(name="default"))
SAFE = {Applicability.SAFE}
ROOT = Path(__file__).resolve().parents[1]

# One file per input format, each with a safe fix ("Thx" -> "Thanks", "!!!" -> "!").
SAMPLES = {
    "a.txt": "Thx for your order!!!\n",
    "a.md": "# Hi\n\nThx for your order!!!\n",
    "a.j2": "<p>Thx {{ name }}!!!</p>\n",
    "a.html": "<p>Thx for your order!!!</p>\n",
    "a.json": '{"a": "Thx for your order!!!"}\n',
    "a.yml": "a: Thx for your order!!!\n",
    "a.po": 'msgid "Thx for your order!!!"\nmsgstr ""\n',
    "a.ftl": "thanks = Thx for your order!!!\n",
    "a.properties": "thanks=Thx for your order!!!\n",
    "a.csv": "key,text\nthanks,Thx for your order!!!\n",
}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def fix_and_write(*paths: Path) -> fixer.FixRun:
    return fixer.fix_and_write(LINTER, list(paths), SAFE)


# ------------------------------------------------- edits saved while the run is fixing


def _append(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"Saved by an editor.\n")


def _rewrite_same_size(path: Path) -> None:
    """New content of the very same size (and the same second): only its bytes tell."""
    data = path.read_bytes()
    status = path.stat()
    path.write_bytes(data.swapcase())
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def _save_by_rename(path: Path) -> None:
    """As many editors save: a new file renamed over the old one."""
    new = path.with_name(path.name + ".new")
    new.write_bytes(path.read_bytes() + b"Saved by an editor.\n")
    new.replace(path)


EDITS: dict[str, Callable[[Path], None]] = {
    "append": _append,
    "rewrite": _rewrite_same_size,
    "rename": _save_by_rename,
}


def _edit_after_fixing(
    monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None], only: str | None = None
) -> None:
    """Edit a file on disk just after tonelint has read and fixed it in memory."""
    real = fixer.fix_source

    def fix_then_edit(
        lint: object, source: SourceFile, source_format: str, allowed: set[Applicability]
    ) -> fixer.FileFix:
        fixed = real(lint, source, source_format, allowed)
        if only is None or source.path.name == only:
            edit(source.path)
        return fixed

    monkeypatch.setattr(fixer, "fix_source", fix_then_edit)


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_edit_saved_while_a_file_is_fixed_is_never_overwritten(
    monkeypatch: pytest.MonkeyPatch, name: str, edit: str
) -> None:
    path = Path(name)
    path.write_text(SAMPLES[name], encoding="utf-8")
    clean = fix_and_write(path)
    assert [fixed.display_path for fixed in clean.written] == [name], "the sample has a fix"

    path.write_text(SAMPLES[name], encoding="utf-8")
    _edit_after_fixing(monkeypatch, EDITS[edit])
    reference = Path("reference")  # the same edit on a copy: what the file must hold
    reference.write_bytes(SAMPLES[name].encode())
    EDITS[edit](reference)
    run = fix_and_write(path)
    assert path.read_bytes() == reference.read_bytes(), "the saved edit is kept"
    assert run.written == ()
    assert [str(error) for error in run.unwritten] == [f"{name}: {files.CHANGED}"]
    assert sorted(p.name for p in Path().iterdir()) == sorted([name, "reference"])


def test_a_file_deleted_while_it_is_fixed_is_not_brought_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = Path("a.txt")
    path.write_text(SAMPLES["a.txt"], encoding="utf-8")
    _edit_after_fixing(monkeypatch, Path.unlink)
    run = fix_and_write(path)
    assert [str(error) for error in run.unwritten] == [f"a.txt: {files.REMOVED}"]
    assert list(Path().iterdir()) == []


@pytest.mark.parametrize("links", [1, 2])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_edit_saved_at_the_last_moment_before_the_rename_is_kept(
    monkeypatch: pytest.MonkeyPatch, name: str, links: int
) -> None:
    """The check runs after the new bytes are on disk, just before they replace the old."""
    path = Path(name)
    path.write_text(SAMPLES[name], encoding="utf-8")
    if links == 2:
        os.link(path, "twin")
    real_fsync = os.fsync

    def fsync_then_edit(descriptor: int) -> None:
        real_fsync(descriptor)
        if path.read_bytes() == SAMPLES[name].encode():
            _append(path)

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", fsync_then_edit)
        run = fix_and_write(path)
    if links == 1:
        assert path.read_bytes() == SAMPLES[name].encode() + b"Saved by an editor.\n"
        assert [error.message for error in run.unwritten] == [files.CHANGED]
    else:  # in place: the file is read and written through one handle, nothing to race
        assert run.unwritten == ()
        assert Path("twin").read_bytes() == path.read_bytes() != SAMPLES[name].encode()
    assert not [p for p in Path().iterdir() if "tonelint" in p.name], "no temporary file left"


def test_the_cli_reports_the_edited_file_and_fixes_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path("a.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("b.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("c.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    _edit_after_fixing(monkeypatch, _append, only="b.txt")
    code, stdout, stderr = check(".", "--fix")
    assert code == 2
    assert Path("a.txt").read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert Path("c.txt").read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert Path("b.txt").read_text(encoding="utf-8") == SAMPLES["a.txt"] + "Saved by an editor.\n"
    errors = [line for line in stderr.splitlines() if "error" in line]
    assert errors == [f"tonelint: error: b.txt: {files.CHANGED}"]
    assert "Fixed 4 problem(s) in 2 file(s)." in stderr
    assert "file error" in stdout, "the report is printed"


# ------------------------------------------------------------ links and ownership


def test_a_link_is_fixed_through_and_stays_a_link() -> None:
    Path("shared").mkdir()
    target = Path("shared/welcome.txt")
    target.write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("welcome.txt").symlink_to(target)
    code, _, stderr = check("welcome.txt", "--fix")
    assert code == 0, stderr
    assert Path("welcome.txt").is_symlink()
    assert Path("welcome.txt").readlink() == target
    assert target.read_text(encoding="utf-8") == "Thanks for your order!\n"


def test_hard_links_all_see_the_fix() -> None:
    Path("a.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    os.link("a.txt", "twin.txt")
    inode = Path("a.txt").stat().st_ino
    code, _, stderr = check("a.txt", "--fix")
    assert code == 0, stderr
    assert Path("a.txt").stat().st_ino == inode == Path("twin.txt").stat().st_ino
    assert Path("twin.txt").read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert sorted(p.name for p in Path().iterdir()) == ["a.txt", "twin.txt"]


def test_an_in_place_write_that_fails_puts_the_old_bytes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path("a.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    os.link("a.txt", "twin.txt")
    real_fsync = os.fsync
    calls: list[int] = []

    def full_disk_once(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:  # the first is the backup's, the second the new bytes'
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", full_disk_once)
        run = fix_and_write(Path("a.txt"))
    assert [str(error) for error in run.unwritten] == [
        f"a.txt: cannot write: {os.strerror(errno.ENOSPC)}; not fixed"
    ]
    assert Path("twin.txt").read_text(encoding="utf-8") == SAMPLES["a.txt"]
    assert sorted(p.name for p in Path().iterdir()) == ["a.txt", "twin.txt"], "backup removed"


def test_permission_bits_are_kept() -> None:
    path = Path("a.txt")
    path.write_text(SAMPLES["a.txt"], encoding="utf-8")
    path.chmod(0o640)
    check("a.txt", "--fix")
    assert path.read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
@pytest.mark.parametrize("links", [1, 2])
def test_root_keeps_the_owner_and_group_of_a_fixed_file(links: int) -> None:
    path = Path("a.txt")
    path.write_text(SAMPLES["a.txt"], encoding="utf-8")
    if links == 2:
        os.link(path, "twin.txt")
    os.chown(path, 65534, 65534)
    code, _, stderr = check("a.txt", "--fix")
    assert code == 0, stderr
    assert path.read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_a_read_only_file_is_never_fixed_and_the_rest_are() -> None:
    """Also for root, who could write it: a file without its owner's write bit is refused."""
    Path("locked.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("locked.txt").chmod(0o444)
    Path("open.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    code, stdout, stderr = check(".", "--fix")
    assert code == 2
    assert Path("locked.txt").read_text(encoding="utf-8") == SAMPLES["a.txt"]
    assert stat.S_IMODE(Path("locked.txt").stat().st_mode) == 0o444
    assert Path("open.txt").read_text(encoding="utf-8") == "Thanks for your order!\n"
    assert f"tonelint: error: locked.txt: {files.READ_ONLY}" in stderr.splitlines()
    assert "locked.txt" in stdout, "the report is printed, with the file's findings"


# --------------------------------------------- as a user without root's permissions


@pytest.fixture
def shared() -> Iterator[Path]:
    """A world-writable folder that the unprivileged user of ``fix_as_user`` can reach."""
    folder = Path(tempfile.mkdtemp(prefix="tonelint-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir():
                path.chmod(0o777)
        shutil.rmtree(folder)


# Run as root, the child lints and diffs the folder first, so that every module a run
# imports is loaded while the interpreter's own files (maybe root's alone) can be read;
# then it becomes ``nobody`` and fixes.
_AS_NOBODY = """
import os, sys
from tonelint.cli import app, main
args = sys.argv[1:]
saved = sys.stdout, sys.stderr
with open(os.devnull, "w") as sys.stdout, open(os.devnull, "w") as sys.stderr:
    for warm_up in (["check", "--diff", *args], ["check", *args]):
        try:
            app(args=warm_up, prog_name="tonelint")
        except SystemExit:
            pass
sys.stdout, sys.stderr = saved
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.argv = ["tonelint", "check", "--fix", *args]
main()
"""


def _readable_by_others(path: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can read ``path``."""
    folders = [path, *path.parents]
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in folders) and bool(
        path.stat().st_mode & stat.S_IROTH
    )


def fix_as_user(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``tonelint check --fix ARGS`` as an unprivileged user: ``nobody`` when the tests run
    as root (who may write anything), else the user running them."""
    if os.geteuid() == 0:
        if not _readable_by_others(builtin_dir()):
            pytest.skip(
                f"nobody cannot read tonelint's style guides in {builtin_dir()} (a private "
                "folder on the way); .ci/run makes its environment readable"
            )
        command = [sys.executable, "-c", _AS_NOBODY, *args]
    else:
        command = [sys.executable, "-m", "tonelint", "check", "--fix", *args]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )


def _user_owns(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)


def _someone_else_owns(path: Path) -> None:
    """A file the user of ``fix_as_user`` does not own (only root can make one)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a file of another user")


def test_another_users_read_only_file_in_a_shared_folder_is_left_alone(shared: Path) -> None:
    theirs = shared / "theirs.txt"
    theirs.write_text(SAMPLES["a.txt"], encoding="utf-8")
    _someone_else_owns(theirs)
    theirs.chmod(0o444)
    writable = shared / "theirs-but-open.txt"  # writable only by its owner
    writable.write_text(SAMPLES["a.txt"], encoding="utf-8")
    writable.chmod(0o644)
    mine = shared / "mine.txt"
    mine.write_text(SAMPLES["a.txt"], encoding="utf-8")
    _user_owns(mine)
    result = fix_as_user(".", cwd=shared)
    assert result.returncode == 2, result.stderr
    assert theirs.read_text(encoding="utf-8") == SAMPLES["a.txt"]
    assert writable.read_text(encoding="utf-8") == SAMPLES["a.txt"]
    assert (theirs.stat().st_uid, writable.stat().st_uid) == (0, 0), "owners unchanged"
    assert mine.read_text(encoding="utf-8") == "Thanks for your order!\n"
    errors = sorted(line for line in result.stderr.splitlines() if "error" in line)
    assert errors == [
        f"tonelint: error: theirs-but-open.txt: {files.NOT_WRITABLE}",
        f"tonelint: error: theirs.txt: {files.READ_ONLY}",
    ]


def test_someone_elses_file_the_user_may_write_keeps_its_owner(shared: Path) -> None:
    """A group-writable file of another user is written in place: a new file would be the
    user's own."""
    theirs = shared / "theirs.txt"
    theirs.write_text(SAMPLES["a.txt"], encoding="utf-8")
    _someone_else_owns(theirs)
    os.chown(theirs, 0, 65534)  # root's, in nobody's group, which may write it
    theirs.chmod(0o664)
    inode = theirs.stat().st_ino
    result = fix_as_user(".", cwd=shared)
    assert result.returncode == 0, result.stderr
    assert theirs.read_text(encoding="utf-8") == "Thanks for your order!\n"
    status = theirs.stat()
    assert (status.st_uid, status.st_gid, status.st_ino) == (0, 65534, inode)
    assert stat.S_IMODE(status.st_mode) == 0o664
    assert sorted(p.name for p in shared.iterdir()) == ["theirs.txt"], "backup removed"


def test_a_folder_the_user_cannot_write_is_one_line_and_the_run_goes_on(shared: Path) -> None:
    locked = shared / "a-locked"
    locked.mkdir()
    inside = locked / "welcome.txt"
    inside.write_text(SAMPLES["a.txt"], encoding="utf-8")
    _user_owns(inside)  # the file is the user's, its folder is not writable
    (shared / "b-open").mkdir()
    outside = shared / "b-open" / "welcome.txt"
    outside.write_text(SAMPLES["a.txt"], encoding="utf-8")
    for path in (shared / "b-open", outside):
        _user_owns(path)
    locked.chmod(0o555)
    result = fix_as_user(".", cwd=shared)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert inside.read_text(encoding="utf-8") == SAMPLES["a.txt"]
    assert outside.read_text(encoding="utf-8") == "Thanks for your order!\n"
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    reason = files.NO_TEMPORARY.format(reason=os.strerror(errno.EACCES).lower())
    assert errors == [f"tonelint: error: a-locked/welcome.txt: {reason}"]
    assert "a-locked/welcome.txt" in result.stdout, "the report is printed"
    assert list(locked.iterdir()) == [inside]


# ------------------------------------------- --output and --write-baseline vs inputs


def _inputs_and_outputs() -> list[tuple[str, list[str], str]]:
    """(how the output names an input, the paths linted, the output path)."""
    return [
        ("the same file", ["welcome.txt"], "welcome.txt"),
        ("inside a named folder", ["emails"], "emails/welcome.txt"),
        ("another spelling", ["emails/welcome.txt"], "emails/../emails/./welcome.txt"),
        ("a link to it", ["emails"], "link.txt"),
        ("a hard link to it", ["emails/welcome.txt"], "twin.txt"),
        ("a report file named as input", ["report.json"], "report.json"),
    ]


@pytest.mark.parametrize("option", ["--output", "-o", "--write-baseline"])
@pytest.mark.parametrize(("how", "paths", "output"), _inputs_and_outputs())
def test_an_output_that_is_an_input_is_refused(
    option: str, how: str, paths: list[str], output: str
) -> None:
    Path("welcome.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("emails").mkdir()
    Path("emails/welcome.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("link.txt").symlink_to("emails/welcome.txt")
    os.link("emails/welcome.txt", "twin.txt")
    Path("report.json").write_text('{"tool": {"name": "tonelint"}, "a": "Thx"}', "utf-8")
    before = {path: path.read_bytes() for path in Path().rglob("*") if path.is_file()}
    code, stdout, stderr = check(*paths, option, output)
    assert code == 2, how
    assert stdout == ""
    (line,) = stderr.splitlines()
    assert re.fullmatch(
        r"tonelint: error: --(output|write-baseline) \S+: is one of the files being linted "
        r"\(\S+\); refusing to overwrite it \(write it elsewhere, or --exclude it\)",
        line,
    ), line
    assert {path: path.read_bytes() for path in before} == before, "nothing written"


@pytest.mark.parametrize(
    ("option", "output"),
    [
        ("--write-baseline", "baseline.json"),
        ("--format=json", "report.json"),
        ("--format=sarif", "report.json"),
        ("--format=rdjson", "report.json"),
        ("--format=text", "report.txt"),
        ("--format=github", "report.txt"),
    ],
)
def test_the_last_runs_report_found_by_a_folder_walk_is_overwritten(
    option: str, output: str
) -> None:
    Path("welcome.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    args = [option, output] if option == "--write-baseline" else [option, "-o", output]
    first = check(".", *args)[0]
    written = Path(output).read_bytes()
    assert written
    second = check(".", *args)
    assert second[0] == first, second
    assert Path(output).read_bytes() == written
    assert output not in written.decode("utf-8"), "the last run's output is not linted"


def test_an_output_beside_the_inputs_is_written() -> None:
    Path("emails").mkdir()
    Path("emails/welcome.txt").write_text(SAMPLES["a.txt"], encoding="utf-8")
    Path("notes.txt").write_text("my notes\n", encoding="utf-8")
    code, _, _ = check("emails", "-o", "notes.txt")  # not linted: overwriting it is asked
    assert code == 1
    assert "Thx" in Path("notes.txt").read_text(encoding="utf-8")


# -------------------------------------------------------- byte order and the BOM

CODECS = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
WORDS = [
    "Thx", "thx", "Hey", "bestie", "!!!", "pls", "u", "order", "shipped", "Your", "café",
    "Grüße", "日本", "😊", "naïve", "ß", "{{ name }}", "%s", "Ω", "—", "\t",
]  # fmt: skip
COPY = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
LINES = st.lists(COPY, min_size=1, max_size=5)
SETTINGS = PROPERTY_SETTINGS


@SETTINGS
@given(
    lines=LINES,
    codec=st.sampled_from(CODECS),
    marked=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_utf16_and_utf32_keep_byte_order_and_mark_and_unflagged_bytes(
    lines: list[str], codec: str, marked: bool, newline: str
) -> None:
    text = newline.join(lines) + newline
    bom = BOMS[codec] if marked else b""
    data = bom + text.encode(codec)
    assert decode(data, "a.txt") == (text, f"{codec}-sig" if marked else codec)
    assert encode(*decode(data, "a.txt")) == data, "what is read is written back exactly"
    findings = LINTER.lint_file(SourceFile.from_text(Path("a.txt"), text), "text").findings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(data)
        run = fixer.fix_and_write(LINTER, [path], {Applicability.SAFE})
        after = path.read_bytes()
    assert run.unreadable == run.unwritten == ()
    fixed = after[len(bom) :].decode(codec)
    assert after == bom + fixed.encode(codec)
    assert decode(after, "a.txt")[1] == decode(data, "a.txt")[1], "the encoding is kept"
    edits = [
        edit
        for finding in findings
        if finding.fix is not None and finding.fix.applicability is Applicability.SAFE
        for edit in finding.fix.edits
    ]
    if not edits:
        assert after == data
        return
    start = min(edit.start for edit in edits)
    end = max(edit.end for edit in edits)
    assert after.startswith(bom + text[:start].encode(codec)), "bytes before the first fix"
    assert after.endswith(text[end:].encode(codec)), "bytes after the last fix"


@pytest.mark.parametrize("codec", CODECS)
def test_a_big_endian_file_is_fixed_without_changing_its_byte_order(codec: str) -> None:
    for marked in (True, False):
        path = Path(f"{codec}-{marked}.txt")
        bom = BOMS[codec] if marked else b""
        path.write_bytes(bom + "Thx, café!!!\n".encode(codec))
        check(str(path), "--fix")
        assert path.read_bytes() == bom + "Thanks, café!\n".encode(codec)


def test_binary_with_zero_bytes_is_still_refused() -> None:
    for data in (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x00\x01\x02\x03" * 16,
        "a\x00b\n".encode("utf-16-le"),
        bytes(range(256)) * 4,
    ):
        with pytest.raises(TonelintError, match="binary file skipped"):
            decode(data, "x.txt")


# ------------------------------------------------------- SECURITY.md stays true


def test_security_policy_states_every_reason_a_fixed_file_is_not_written() -> None:
    policy = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    section = policy.split("## What tonelint writes", 1)[1].split("\n## ", 1)[0]
    section = " ".join(section.split())  # as a reader sees it, whatever the line breaks
    reasons = [files.CHANGED, files.REMOVED, files.READ_ONLY, files.NOT_WRITABLE]
    reasons.append(files.NO_TEMPORARY.split(" (", 1)[0])
    assert [reason for reason in reasons if reason not in section] == []
    for claim in ("hard link", "symbolic link", "owner", "fsync", "--exclude"):
        assert claim in section, claim
