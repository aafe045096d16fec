"""A download the browser saves as a file: its bytes (or text), its media type and its name;
the media types of the app's downloads by their file ending."""

from __future__ import annotations

from fastapi.responses import Response

#: The media type of each kind of download, by file ending.
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "toml": "application/toml; charset=utf-8",
}


def attachment(data: bytes | str, name: str) -> Response:
    """``data`` as the file ``name``, its media type that of the name's ending (one of
    ``MEDIA_TYPES``)."""
    kind = name.rsplit(".", 1)[-1]
    return Response(
        data,
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
