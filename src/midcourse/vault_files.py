"""The files of a vault, touched safely: only regular files inside the vault are read, and
midcourse writes only into real folders inside it.

A FIFO named `note.md` would block a read forever, a link to /dev/zero would fill memory, a link to
/etc/passwd named like a daily note would become a journal entry, and a `Midcourse` link would send
a report out of the vault; each is refused with a warning or an error that names it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class VaultFileError(ValueError):
    """A vault file that cannot be read or written safely; the message says why (and names it
    when writing)."""


@dataclass(frozen=True)
class FileState:
    """Enough of a file's status to tell whether it changed."""

    mtime_ns: int
    size: int


def inside(root: Path, path: Path) -> bool:
    """Whether a path, every link resolved, lies inside the (resolved) vault root."""
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def walk(root: Path, skip_dir: object) -> tuple[list[str], list[str]]:
    """(relative paths of candidate files, warnings) under root, in sorted order; folders for which
    `skip_dir(rel_folder, name)` is true and linked folders are not entered."""
    found: list[str] = []
    warnings: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        rel_folder = Path(folder).relative_to(root)
        keep = []
        for d in sorted(dirs):
            if skip_dir(rel_folder, d):  # type: ignore[operator]
                continue
            if os.path.islink(os.path.join(folder, d)) and not inside(root, Path(folder) / d):
                warnings.append(f"{(rel_folder / d).as_posix()}/: a link to a folder outside the vault; skipped")
                continue
            keep.append(d)
        dirs[:] = keep
        found.extend((rel_folder / name).as_posix() for name in sorted(files))
    return found, warnings


def status(root: Path, rel: str) -> FileState:
    """The state of a regular file inside the vault; raises VaultFileError for anything else."""
    path = root / rel
    try:
        info = os.stat(path)
    except OSError as exc:
        raise VaultFileError(f"cannot be read ({exc.strerror})") from None
    if os.path.islink(path) and not inside(root, path):
        raise VaultFileError("a link to a file outside the vault; skipped")
    if not stat.S_ISREG(info.st_mode):
        raise VaultFileError(f"not a regular file ({_kind(info.st_mode)}); skipped")
    return FileState(info.st_mtime_ns, info.st_size)


def read(root: Path, rel: str, limit: int) -> tuple[bytes, FileState]:
    """The bytes of a regular file inside the vault, at most `limit` + 1 of them (more means too
    large), and its state; never blocks on a FIFO and never follows a link out of the vault."""
    path = root / rel
    if os.path.islink(path) and not inside(root, path):
        raise VaultFileError("a link to a file outside the vault; skipped")
    try:
        fd = os.open(os.path.realpath(path), os.O_RDONLY | _NONBLOCK | _NOFOLLOW)
    except OSError as exc:
        raise VaultFileError(f"cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise VaultFileError(f"not a regular file ({_kind(info.st_mode)}); skipped")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), FileState(info.st_mtime_ns, info.st_size)
    finally:
        os.close(fd)


def write(root: Path, folder: str, name: str, text: str, replace: bool = True) -> Path:
    """Write a file into a real folder inside the vault (created if missing), never through a link,
    never into a FIFO or device; with replace=False an existing file is left alone (FileExistsError)."""
    root = Path(os.path.realpath(root))
    parts = [p for p in Path(folder).parts if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise VaultFileError(f"{folder}: not a folder inside the vault")
    dir_fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        where = Path(root)
        for part in parts:
            where = where / part
            try:
                os.mkdir(part, 0o755, dir_fd=dir_fd)
            except FileExistsError:
                pass
            try:
                next_fd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=dir_fd)
            except OSError:
                raise VaultFileError(f"{where}: not a real folder inside the vault (a link, or "
                                                "not a folder); nothing was written") from None
            os.close(dir_fd)
            dir_fd = next_fd
        flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _NONBLOCK | (os.O_TRUNC if replace else os.O_EXCL)
        target = where / name
        try:
            fd = os.open(name, flags, 0o644, dir_fd=dir_fd)
        except FileExistsError:
            raise
        except OSError as exc:
            raise VaultFileError(f"{target}: cannot be written ({exc.strerror}; a link, FIFO or "
                                            "device is never written through)") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise VaultFileError(f"{target}: not a regular file; nothing was written")
            os.ftruncate(fd, 0)
            data = text.encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return target
    finally:
        os.close(dir_fd)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"
