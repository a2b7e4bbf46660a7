"""A backup on disk: a directory with the dump, the media tar and the manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.dump"
MEDIA = "media.tar"
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[Path]:
    """Regular files under the media root, in a stable order (symlinks skipped)."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


class _Hashing:
    """Reads exactly `size` bytes of a file for tarfile while hashing them."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def write_media(root: Path, target: Path) -> dict[str, dict[str, Any]]:
    """Tar the media root into `target`; each file's size and SHA-256, by path."""
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in media_files(root):
            name = path.relative_to(root).as_posix()
            info = tar.gettarinfo(str(path), arcname=name)
            with path.open("rb") as handle:
                reader = _Hashing(handle)
                # The hash is of exactly the bytes that went into the tar.
                tar.addfile(info, reader)  # type: ignore[arg-type]
            files[name] = {"bytes": info.size, "sha256": reader.digest.hexdigest()}
    return files


def sync(folder: Path) -> None:
    """Flush a folder's files and the folder itself to disk."""
    for path in folder.iterdir():
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json, flushed to disk."""
    path = folder / MANIFEST
    with path.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, ensure_ascii=False, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def opened(archive: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A backup's folder and manifest, its files checked against their checksums.

    Accepts the backup directory or a .tar of it (unpacked into a temporary folder).
    """
    if not archive.exists():
        raise BackupError(_("%(path)s: no such backup.") % {"path": archive})
    if archive.is_dir():
        yield archive, _checked(archive)
        return
    with tempfile.TemporaryDirectory(prefix="birge-restore-") as temporary:
        folder = _unpack(archive, Path(temporary))
        yield folder, _checked(folder)


def _unpack(archive: Path, into: Path) -> Path:
    try:
        with tarfile.open(archive) as tar:
            # The "data" filter refuses absolute paths, "..", devices and links out.
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            _("%(path)s is not a readable backup archive (%(error)s).")
            % {"path": archive, "error": error}
        ) from None
    manifests = sorted(into.rglob(MANIFEST))
    if not manifests:
        raise BackupError(
            _("%(path)s holds no %(manifest)s: it is not a Birge backup.")
            % {"path": archive, "manifest": MANIFEST}
        )
    return manifests[0].parent


def _checked(folder: Path) -> dict[str, Any]:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            _("%(path)s holds no %(manifest)s: it is not a Birge backup.")
            % {"path": folder, "manifest": MANIFEST}
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(
            _("%(path)s is damaged: %(error)s")
            % {"path": manifest_path, "error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s is not a manifest this version of Birge can read.")
            % {"path": manifest_path}
        )
    for part in ("database", "media"):
        entry = manifest.get(part) or {}
        path = folder / str(entry.get("file", ""))
        if not entry.get("file") or not path.is_file():
            raise BackupError(
                _("The backup is incomplete: %(file)s is missing.")
                % {"file": entry.get("file") or part}
            )
        if sha256_of(path) != entry.get("sha256"):
            raise BackupError(
                _(
                    "The backup is corrupt: %(file)s does not match the checksum in "
                    "its manifest (truncated or altered). Use another backup."
                )
                % {"file": path.name}
            )
    return manifest


def read_media(tar_path: Path, root: Path, *, force: bool) -> None:
    """Unpack media into `root`; without force, never overwrite a different file."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar_path) as tar:
        members = tar.getmembers()
        if not force:
            clashes = [
                m.name
                for m in members
                if m.isfile()
                and (root / m.name).is_file()
                and not _same(tar, m, root / m.name)
            ]
            if clashes:
                raise BackupError(
                    _(
                        "%(count)s media files in %(root)s differ from the backup "
                        "(e.g. %(first)s). Restore into an empty media folder, or pass "
                        "--force to overwrite them."
                    )
                    % {"count": len(clashes), "root": root, "first": clashes[0]}
                )
        tar.extractall(root, members=members, filter="data")


def _same(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> bool:
    if path.stat().st_size != member.size:
        return False
    extracted = tar.extractfile(member)
    if extracted is None:
        return False
    digest = hashlib.sha256()
    while chunk := extracted.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest() == sha256_of(path)
