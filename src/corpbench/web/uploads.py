"""Uploaded files onto disk, safely: a size limit over everything uploaded, plain file names
only, and only the kinds of file a bundle can be (a workbook, a zip, CSV files). What the
files contain is then read by the same readers as the command line (no macros, no external
entities, zip limits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from corpbench.web.errors import BadRequest, PayloadTooLarge
from corpbench.web.security import mebibytes

ALLOWED_SUFFIXES = (".xlsx", ".zip", ".csv")
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]")


@dataclass(frozen=True)
class SavedUpload:
    """Where the upload lies (a file, or a folder of CSV files) and the name to record."""

    path: Path
    source: str


def safe_name(filename: str | None) -> str:
    """The upload's base name with anything but letters, digits, ``._ -`` replaced."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    clean = _UNSAFE.sub("_", base).lstrip(".")
    if not clean:
        raise BadRequest("an uploaded file has no name")
    return clean[:120]


async def save_uploads(files: list[UploadFile], folder: Path, max_bytes: int) -> SavedUpload:
    """Write the uploads into ``folder``: one workbook or zip, or one or more CSV files (then
    ``path`` is the folder). Refuses more than ``max_bytes`` in all."""
    files = [f for f in files if f.filename]
    if not files:
        raise BadRequest("choose a workbook (.xlsx), a zip or the CSV files of your return")
    names = [safe_name(f.filename) for f in files]
    suffixes = {Path(n).suffix.lower() for n in names}
    bad = [n for n in names if Path(n).suffix.lower() not in ALLOWED_SUFFIXES]
    if bad:
        raise BadRequest(
            f"{bad[0]} is not a return file: upload a .xlsx workbook, a .zip or .csv files"
        )
    if len(files) > 1 and suffixes != {".csv"}:
        raise BadRequest("upload one workbook or one zip, or several CSV files, not a mixture")
    if len(set(n.lower() for n in names)) != len(names):
        raise BadRequest("two uploaded files have the same name")
    total = 0
    for upload, name in zip(files, names, strict=True):
        with (folder / name).open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise PayloadTooLarge(
                        f"the upload is larger than the limit of {mebibytes(max_bytes)}"
                    )
                out.write(chunk)
    if len(files) == 1 and suffixes != {".csv"}:
        return SavedUpload(folder / names[0], names[0])
    return SavedUpload(folder, ", ".join(names))
