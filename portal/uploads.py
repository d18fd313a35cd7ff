"""Evidence uploads (complaint attachments, conduct-report evidence): one set of rules for every app.

A file is accepted by what its bytes are, never by its name: at most 10 MB each, at most 5 per item,
PDF, images, and Office documents. Files are stored under MEDIA_ROOT with random names and are only
ever streamed by views that have checked who may see the item they belong to (`private_response`).
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

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
    ".doc": Kind(".doc", "application/msword"),  # any OLE2 compound file: .doc/.xls/.ppt/.wps
}
_ALIASES = {".jpeg": ".jpg", ".jfif": ".jpg", ".xls": ".doc", ".ppt": ".doc", ".wps": ".doc", ".et": ".doc"}
_OOXML = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
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
    try:
        ext = puremagic.from_string(head)
    except puremagic.PureError:
        return None
    ext = _ALIASES.get(ext.lower(), ext.lower())
    return KINDS.get(ext)


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
        checked.append((f, kind))
    if errors:
        raise ValidationError(errors)
    return checked


def private_upload_to(prefix: str):
    """An upload_to that keeps no user-chosen name on disk (the original name is stored separately)."""

    def upload_to(instance, filename: str) -> str:
        ext = PurePath(filename).suffix.lower()[:8]
        return f"{prefix}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{ext}"

    upload_to.__qualname__ = upload_to.__name__ = f"upload_to_{prefix.replace('/', '_')}"
    return upload_to


def private_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream a stored file as a download; call only after checking access to its owner."""
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
