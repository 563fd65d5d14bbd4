"""`_files.replacing`: a file written beside its target and renamed over it only on success."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from partyreview import generate_example, iter_bundles, write_bundles
from partyreview._bundles import dataset_bundles
from partyreview._files import replacing, replacing_bytes


def test_the_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    """On success the target holds the text; on failure the old file is untouched and nothing is left beside."""
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def fail_half_way() -> None:
        with replacing(target) as file:
            file.write("half")
            assert "old" == target.read_text(encoding="utf-8")  # not yet replaced
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert ("old", ["report.json"]) == (target.read_text(encoding="utf-8"), [p.name for p in tmp_path.iterdir()])

    with replacing(target) as file:
        file.write("new\n")
    assert ("new\n", ["report.json"]) == (target.read_text(encoding="utf-8"), [p.name for p in tmp_path.iterdir()])


def test_a_file_named_like_the_old_partial_one_is_left_alone(tmp_path: Path) -> None:
    """The file written beside has a name of its own: a user's ``X.partial`` (even the input) is never touched."""
    own = tmp_path / "report.json.partial"
    own.write_text("mine", encoding="utf-8")

    with replacing(tmp_path / "report.json") as file:
        file.write("new")

    assert "mine" == own.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_are_kept_and_a_new_file_gets_the_usual_ones(tmp_path: Path) -> None:
    """A private report stays private; a new one is created as `open` would create it."""
    private, new = tmp_path / "private.json", tmp_path / "new.json"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    umask = os.umask(0o022)
    try:
        for target in (private, new):
            with replacing(target) as file:
                file.write("new")
    finally:
        os.umask(umask)

    assert (0o600, 0o644) == (stat.S_IMODE(private.stat().st_mode), stat.S_IMODE(new.stat().st_mode))


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and pipes")
def test_a_link_keeps_pointing_at_the_file_and_a_pipe_is_written_directly(tmp_path: Path) -> None:
    """A symbolic link's target is replaced, not the link; a pipe (like a device) cannot be renamed over."""
    real, link, pipe = tmp_path / "real.json", tmp_path / "link.json", tmp_path / "pipe"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()

    with replacing(link) as file:
        file.write("new")
    with replacing(pipe) as file:
        file.write("through the pipe")
    reader.join(timeout=10)

    assert (True, "new") == (link.is_symlink(), real.read_text(encoding="utf-8"))
    assert (["through the pipe"], True) == (received, stat.S_ISFIFO(pipe.stat().st_mode))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux's /proc")
def test_an_anonymous_pipe_named_through_proc_is_written_directly() -> None:
    """``--out /dev/stdout`` when standard output is a pipe: the name leads to ``pipe:[N]``, which no path reaches
    (it was taken for a directory to write beside, and failed)."""
    read_end, write_end = os.pipe()
    try:
        with replacing_bytes(f"/proc/self/fd/{write_end}") as file:
            file.write(b"through the pipe")
        assert b"through the pipe" == os.read(read_end, 100)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_bundle_file_can_be_rewritten_from_itself(tmp_path: Path) -> None:
    """write_bundles(iter_bundles(p), p) reads the whole file before it is replaced: the same bytes."""
    path = tmp_path / "demo.jsonl"
    write_bundles(dataset_bundles(generate_example("demo", seed=1, year=2025)), path)
    before = path.read_bytes()

    with iter_bundles(path) as stream:
        write_bundles(stream, path)

    assert before == path.read_bytes()
