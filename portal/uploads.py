"""Evidence uploads (complaint attachments, conduct-report evidence): one set of rules for every app.

A file is accepted by what its bytes are, never by its name: at most 10 MB each, at most 5 per item,
PDF, images, and Office documents. The name it is kept and downloaded under takes the extension of the
type found in its bytes (a PDF named notice.html is notice.pdf; an OLE2 file is accepted only when it is a
Word, Excel or PowerPoint document, so an installer named setup.msi is refused). Files are stored under
MEDIA_ROOT with random names and are only ever streamed by views that have checked who may see the item
they belong to (`private_response`: always an attachment, nosniff, the safe name).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import olefile
import puremagic
from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


@dataclass(frozen=True)
class Kind:
    ext: str
    content_type: str


KINDS = {
    ".pdf": Kind(".pdf", "application/pdf"),
    ".png": Kind(".png", "image/png"),
    ".jpg": Kind(".jpg", "image/jpeg"),
    ".gif": Kind(".gif", "image/gif"),
    ".webp": Kind(".webp", "image/webp"),
    ".bmp": Kind(".bmp", "image/bmp"),
    ".docx": Kind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": Kind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": Kind(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    # Legacy Office (OLE2 compound files), told apart by their main stream (WPS writes the same streams).
    ".doc": Kind(".doc", "application/msword"),
    ".xls": Kind(".xls", "application/vnd.ms-excel"),
    ".ppt": Kind(".ppt", "application/vnd.ms-powerpoint"),
}
_ALIASES = {".jpeg": ".jpg", ".jfif": ".jpg"}
_OOXML = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
_OLE2_STREAMS = {"worddocument": ".doc", "workbook": ".xls", "book": ".xls", "powerpoint document": ".ppt"}
_BY_CONTENT_TYPE = {k.content_type: k for k in KINDS.values()}
ALLOWED_HELP = gettext_lazy("支持 PDF、图片（JPG/PNG/GIF/WEBP/BMP）和 Office 文档（Word/Excel/PowerPoint），每个不超过10MB，最多5个。")


def sniff(upload) -> Kind | None:
    """What the file's content says it is, among the allowed kinds (None when not allowed)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for prefix, ext in _OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return KINDS[ext]
        return None
    if head.startswith(olefile.MAGIC):
        return _ole2_kind(upload)
    try:
        ext = puremagic.from_string(head)
    except puremagic.PureError:
        return None
    ext = _ALIASES.get(ext.lower(), ext.lower())
    return KINDS.get(ext)


def _ole2_kind(upload) -> Kind | None:
    """A Word, Excel or PowerPoint 97–2003 file by its main stream; any other compound file (an .msi
    installer, a .msg, a Visio drawing…) is not an allowed type."""
    try:
        upload.seek(0)
        ole = olefile.OleFileIO(io.BytesIO(upload.read()))
        try:
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=False)}
        finally:
            ole.close()
    except Exception:  # a malformed compound file is simply not an allowed type
        return None
    finally:
        upload.seek(0)
    for stream, ext in _OLE2_STREAMS.items():
        if stream in streams:
            return KINDS[ext]
    return None


def _stem(name: str) -> str:
    stem = PurePath(str(name).replace("\\", "/")).name
    suffix = PurePath(stem).suffix
    if suffix:
        stem = stem[: -len(suffix)]
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")[:100]
    return stem or "file"


def safe_name(name: str, kind: Kind) -> str:
    """The user's file name without any folder, with the extension of the type found by content."""
    return _stem(name) + kind.ext


def download_name(name: str, content_type: str) -> tuple[str, str]:
    """(file name, content type) a stored file is sent under: the extension follows the stored type, which
    was found by content, whatever name it was uploaded under (rows kept before this rule included)."""
    kind = _BY_CONTENT_TYPE.get(content_type)
    if kind is None:
        return _stem(name), "application/octet-stream"
    return safe_name(name, kind), kind.content_type


def check_uploads(files: list, *, already: int = 0) -> list[tuple[object, Kind]]:
    """Validate a batch before anything is saved; raises ValidationError listing every problem."""
    errors = []
    if already + len(files) > MAX_FILES:
        errors.append(_("最多只能上传%(max)d个附件（已有%(already)d个）。") % {"max": MAX_FILES, "already": already})
    checked = []
    for f in files:
        name = PurePath(f.name).name
        if f.size > MAX_BYTES:
            errors.append(_("文件“%(name)s”超过10MB，无法上传。") % {"name": name})
            continue
        if f.size == 0:
            errors.append(_("文件“%(name)s”是空文件。") % {"name": name})
            continue
        kind = sniff(f)
        if kind is None:
            errors.append(
                _("文件“%(name)s”的内容不是允许的类型（PDF、图片或 Office 文档），不能只靠改扩展名上传。") % {"name": name}
            )
            continue
        f.name = safe_name(f.name, kind)  # stored and downloaded under the extension of its real type
        checked.append((f, kind))
    if errors:
        raise ValidationError(errors)
    return checked


def private_upload_to(prefix: str):
    """An upload_to that keeps no user-chosen name on disk (the original name is stored separately)."""

    def upload_to(instance, filename: str) -> str:
        ext = PurePath(filename).suffix.lower()
        ext = ext if ext in KINDS else ""  # check_uploads gave it the extension of its real type
        return f"{prefix}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{ext}"

    upload_to.__qualname__ = upload_to.__name__ = f"upload_to_{prefix.replace('/', '_')}"
    return upload_to


def private_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream a stored file as a download; call only after checking access to its owner."""
    filename, content_type = download_name(filename, content_type)
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A form field for up to MAX_FILES evidence files, checked by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", ALLOWED_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return check_uploads(files)


# ---- files kept through a failed submit (issue 15) ------------------------------------------------------
#
# A browser cannot refill a file input, so a form shown again with an error in another field would make the user
# choose every attachment again. The files that passed check_uploads are kept instead: stored under HELD_FOLDER
# (random names, like every upload), listed in the session under the form's one-time submission token — so only
# this user's same form can claim them — and shown as "已上传：name" with a box to keep or remove each. The filing
# takes the kept ones; files nobody claims are deleted by the daily sweep after HELD_HOURS.

HELD_FOLDER = "held"
HELD_HOURS = 24


def _held_key(token) -> str:
    return f"held-uploads:{token}"


def held(request, token) -> list[dict]:
    """The files kept for this form (name, size, id), in the order they were chosen."""
    if not token:
        return []
    return list(request.session.get(_held_key(token), []))


def hold(request, token, checked: list[tuple[object, Kind]]) -> list[dict]:
    """Keep checked uploads of a form that failed validation; returns everything now kept for it."""
    from django.core.files.storage import default_storage

    if not token:
        return []
    entries = held(request, token)
    for f, kind in checked:
        if len(entries) >= MAX_FILES:
            break
        f.seek(0)
        path = default_storage.save(f"{HELD_FOLDER}/{uuid.uuid4().hex}{kind.ext}", f)
        entries.append({"id": uuid.uuid4().hex[:12], "path": path, "name": f.name, "size": f.size,
                        "content_type": kind.content_type})
    request.session[_held_key(token)] = entries
    return entries


def keep_only(request, token, keep_ids) -> list[dict]:
    """Drop (and delete) the kept files the user unticked; returns the rest."""
    from django.core.files.storage import default_storage

    keep_ids = set(keep_ids)
    entries = held(request, token)
    kept = [e for e in entries if e["id"] in keep_ids]
    for e in entries:
        if e["id"] not in keep_ids:
            default_storage.delete(e["path"])
    if token and entries:
        request.session[_held_key(token)] = kept
    return kept


def claim(entries: list[dict]) -> list[tuple[object, Kind]]:
    """The kept files as (file, kind) pairs, as check_uploads returns them, for the service that files them."""
    from django.core.files.storage import default_storage

    files = []
    for e in entries:
        f = default_storage.open(e["path"], "rb")
        f.name, f.size = e["name"], e["size"]
        files.append((f, _BY_CONTENT_TYPE[e["content_type"]]))
    return files


def release(request, token) -> None:
    """After the filing: delete the kept copies (the filing stored its own) and forget them."""
    from django.core.files.storage import default_storage

    for e in held(request, token):
        default_storage.delete(e["path"])
    request.session.pop(_held_key(token), None)


def purge_held(now=None) -> int:
    """Delete kept files older than HELD_HOURS (a form abandoned after an error); returns how many."""
    import datetime as dt

    from django.core.files.storage import default_storage
    from django.utils import timezone

    cutoff = (now or timezone.now()) - dt.timedelta(hours=HELD_HOURS)
    try:
        _dirs, names = default_storage.listdir(HELD_FOLDER)
    except FileNotFoundError:
        return 0
    gone = 0
    for name in names:
        path = f"{HELD_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            gone += 1
    return gone


def held_uploads_purged(today) -> int:
    """The daily sweep's step (portal.sweep): kept files nobody claimed."""
    return purge_held()
