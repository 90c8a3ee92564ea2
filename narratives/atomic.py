"""Replace output files whole, several together: readers see all the old files or all the new ones.

    >>> write_together(Path("reports/latest"), {"report.md": markdown, "report.json": data})

Each file is first written to a temporary file in the target folder (`tempfile.mkstemp`: a
unique name, created with O_EXCL, so it is never opened through a symlink someone left there,
nor shared with a second run), flushed to disk, then renamed over its target, which is atomic
within one folder. When a later rename fails, the targets already replaced get their old
versions back (or are removed, where there was none). Every OSError becomes an OutputError
naming the path that failed.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from narratives.errors import OutputError


def check_writable(folder: Path) -> None:
    """Fail now, before any model loads, where reports could not be written to `folder`; creates nothing.

    The folder, or the nearest of its parents that exists (where it would be created), must be a
    folder that takes a new file: a probe file is made there and removed.
    """
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        raise OutputError(f"cannot write {folder}: {existing} is not a folder")
    try:
        descriptor, probe = tempfile.mkstemp(dir=existing, prefix=".narratives-", suffix=".probe")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc


def _nearest_existing(folder: Path) -> Path:
    existing = Path(folder)
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    return existing


def write_atomically(path: Path, text: str) -> Path:
    """Write one file via a temporary file, so readers never see half of it."""
    return write_together(path.parent, {path.name: text})[0]


def write_together(folder: Path, texts: Mapping[str, str | bytes]) -> list[Path]:
    """Write file name → text (or bytes) into `folder`, all of them or none; returns the paths in the order given."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        existing = _nearest_existing(folder)
        why = f"{existing} is not a folder" if not existing.is_dir() else exc.strerror or exc
        raise OutputError(f"cannot write {folder / next(iter(texts), '')}: {why}") from exc
    temps: dict[Path, str] = {}
    try:
        for name, text in texts.items():
            parent = (folder / name).parent
            if parent != folder:  # "events/E….md": its folder, made here and never entered through a symlink
                if parent.is_symlink():
                    raise OutputError(f"cannot write {folder / name}: {parent} is a symbolic link")
                try:
                    parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise OutputError(f"cannot write {folder / name}: {exc.strerror or exc}") from exc
            temps[folder / name] = _write_temporary(folder / name, text)
        _replace_all(temps)
    finally:
        for temp in temps.values():
            if os.path.lexists(temp):
                os.unlink(temp)
    return [folder / name for name in texts]


def _write_temporary(target: Path, text: str | bytes) -> str:
    """`text` in a new file next to `target`, with the mode a plain new file (or the old target) would have."""
    try:
        descriptor, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        binary = isinstance(text, bytes)
        with (os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")) as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename makes it the report
        os.chmod(temp, _mode_for(target))  # mkstemp makes 0600; a report is as readable as any file
    except OSError as exc:
        os.unlink(temp)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return temp


def _mode_for(target: Path) -> int:
    try:
        old = os.lstat(target)
        if stat.S_ISREG(old.st_mode):
            return stat.S_IMODE(old.st_mode)
    except FileNotFoundError:
        pass
    umask = os.umask(0)  # the only way to read it; set straight back
    os.umask(umask)
    return 0o666 & ~umask


def _replace_all(temps: Mapping[Path, str]) -> None:
    """Rename each temporary file over its target; if one rename fails, undo those before it."""
    done: list[tuple[Path, str | None]] = []  # (target, its old version under a second name, or None: it was new)
    try:
        for target, temp in temps.items():
            old = _keep_old(target) if len(temps) > 1 else None
            try:
                os.replace(temp, target)
            except OSError as exc:
                if old is not None:
                    _put_back(old, target)
                restored = f"; {', '.join(str(t) for t, _ in done)} put back as before" if done else ""
                raise OutputError(f"cannot write {target}: {exc.strerror or exc}{restored}") from exc
            done.append((target, old))
    except BaseException:  # a failed rename, or Ctrl-C between two: the old set comes back
        for target, old in reversed(done):
            if old is None:
                os.unlink(target)
            else:
                os.replace(old, target)
        raise
    for _, old in done:
        if old is not None:
            os.unlink(old)


def _keep_old(target: Path) -> str | None:
    """A second name for the file now at `target`, to put it back later; None where there is none (or a folder)."""
    try:
        if stat.S_ISDIR(os.lstat(target).st_mode):
            return None  # the rename over it fails, and a folder is never moved aside
    except FileNotFoundError:
        return None
    while True:
        old = str(target.with_name(f".{target.name}.{secrets.token_hex(6)}.old"))
        try:
            os.link(target, old, follow_symlinks=False)  # the target stays in place: readers never miss it
            return old
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: move it aside, and put it back on failure
            os.replace(target, old)
            return old


def _put_back(old: str, target: Path) -> None:
    if not os.path.lexists(target):
        os.replace(old, target)
    else:
        os.unlink(old)
