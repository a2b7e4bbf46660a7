"""ZIP archives (zipped shapefiles, XLSX) opened without trusting anything in them.

Before a byte is unpacked the directory is checked: no absolute paths, no ``..``,
no links, not too many members, not too much in total, no member deflated like a
zip bomb. Members are then unpacked while counting (the sizes in the directory
are the file's word, not a fact), under names Birge chooses.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .limits import ReadLimits
from .refusals import refusal
from .xml import check_xml_part

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_CHUNK = 64 * 1024


def members(path: Path, limits: ReadLimits) -> list[zipfile.ZipInfo]:
    """The archive's members after every check on its directory, or a refusal."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        refusal("bad_zip", _("The ZIP archive is damaged and cannot be opened."))
    with archive:
        infos = archive.infolist()
    if len(infos) > limits.max_zip_members:
        refusal(
            "zip_too_many_members",
            _("The archive holds %(count)s files; at most %(limit)s are read.")
            % {"count": len(infos), "limit": limits.max_zip_members},
        )
    total = 0
    for info in infos:
        _check_name(info)
        if info.flag_bits & 0x1:
            refusal(
                "zip_encrypted",
                _("The archive is protected by a password: pack it without one."),
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_zip_ratio:
            _bomb()
    if total > limits.max_unzipped_bytes:
        _too_much(limits)
    return infos


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    shown = name[:80]
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        refusal(
            "zip_absolute_path",
            _(
                "The archive holds “%(name)s”, a file with an absolute path. "
                "Birge does not unpack such archives: pack the files again "
                "without folders."
            )
            % {"name": shown},
        )
    if ".." in parts:
        refusal(
            "zip_parent_path",
            _(
                "The archive holds “%(name)s”, which points outside the archive "
                "(“..”). Birge does not unpack such archives."
            )
            % {"name": shown},
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        refusal(
            "zip_link",
            _(
                "The archive holds “%(name)s”, a link to another file. Birge "
                "unpacks only ordinary files."
            )
            % {"name": shown},
        )


def _bomb() -> None:
    refusal(
        "zip_bomb",
        _(
            "The archive unpacks to far more than it holds, as zip bombs do. "
            "Birge does not unpack it."
        ),
    )


def _too_much(limits: ReadLimits) -> None:
    refusal(
        "zip_too_large",
        _("The archive unpacks to more than %(size)s; split the data.")
        % {"size": filesizeformat(limits.max_unzipped_bytes)},
    )


def extract(
    path: Path,
    wanted: Iterable[tuple[zipfile.ZipInfo, Path]],
    limits: ReadLimits,
) -> None:
    """Unpack chosen members to chosen paths, counting every byte written."""
    written = 0
    with zipfile.ZipFile(path) as archive:
        for info, target in wanted:
            size = 0
            with archive.open(info) as source, target.open("xb") as out:
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    written += len(chunk)
                    if size > 1024 * 1024 and size > limits.max_zip_ratio * max(
                        info.compress_size, 1
                    ):
                        _bomb()
                    if written > limits.max_unzipped_bytes:
                        _too_much(limits)
                    out.write(chunk)


def zip_kind(infos: list[zipfile.ZipInfo]) -> str:
    """ "xlsx", "shapefile", "kmz" or "zip" (something else), by the members' names."""
    names = {info.filename.replace("\\", "/").casefold() for info in infos}
    if "[content_types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.endswith(".shp") for n in names):
        return "shapefile"
    if any(n.endswith(".kml") for n in names):
        return "kmz"
    return "zip"


def check_office_parts(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Every XML part of an XLSX, unpacked within the limits, without entities."""
    with zipfile.ZipFile(path) as archive:
        for info in infos:
            if not info.filename.casefold().endswith((".xml", ".rels")):
                continue
            with archive.open(info) as source:
                head = source.read(_CHUNK)
            check_xml_part(head, info.filename)


def shapefile_members(
    infos: list[zipfile.ZipInfo], folder: Path
) -> list[tuple[zipfile.ZipInfo, Path]]:
    """The one shapefile's parts, each with the path Birge gives it in folder."""
    shapes = [i for i in infos if i.filename.casefold().endswith(".shp")]
    if len(shapes) != 1:
        refusal(
            "zip_several_shapefiles",
            _(
                "The archive holds %(count)s shapefiles; pack one shapefile "
                "(its .shp, .shx, .dbf and .prj) per archive."
            )
            % {"count": len(shapes)},
        )
    stem = shapes[0].filename[: -len(".shp")].casefold()
    chosen: list[tuple[zipfile.ZipInfo, Path]] = []
    for info in infos:
        name = info.filename.casefold()
        for suffix in SHAPEFILE_PARTS:
            if name == stem + suffix:
                chosen.append((info, folder / f"concerns{suffix}"))
    found = {target.suffix for _info, target in chosen}
    missing = [s for s in (".shp", ".shx", ".dbf") if s not in found]
    if missing:
        refusal(
            "shapefile_incomplete",
            _("The shapefile in the archive has no %(parts)s file: pack it too.")
            % {"parts": ", ".join(missing)},
        )
    return chosen
