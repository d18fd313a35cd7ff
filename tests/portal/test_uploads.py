import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import MAX_BYTES, check_uploads, sniff


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize("content,ext", [(PNG, ".png"), (PDF, ".pdf"), (docx_bytes(), ".docx")])
def test_allowed_kinds_are_recognised_by_content(content, ext):
    assert sniff(SimpleUploadedFile("whatever.bin", content)).ext == ext


def test_renamed_executable_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        check_uploads([SimpleUploadedFile("发票.pdf", EXE)])
    assert "不能只靠改扩展名上传" in exc.value.messages[0]


def test_eleven_megabytes_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (MAX_BYTES + 1024 * 1024 - len(PDF)))
    with pytest.raises(ValidationError) as exc:
        check_uploads([big])
    assert "超过10MB" in exc.value.messages[0]


def test_a_sixth_file_is_refused():
    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(6)]
    with pytest.raises(ValidationError) as exc:
        check_uploads(files)
    assert "最多只能上传5个附件" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        check_uploads([SimpleUploadedFile("x.png", PNG)], already=5)


def test_zip_that_is_not_office_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    assert sniff(SimpleUploadedFile("a.docx", buf.getvalue())) is None


# ---- the extension follows the content (defect 10) ----

MSI_CLSID = bytes.fromhex("84100C00000000000C0000000000046".rjust(32, "0"))


def ole2(stream: str, clsid: bytes = b"\x00" * 16) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding one empty stream."""
    import struct

    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 0x1000, end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))
    fat = struct.pack("<128I", fatsect, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = nostream, cls: bytes = b"\x00" * 16) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBBIII", len(raw), kind, 1, nostream, nostream, child)
                + cls + b"\x00" * 20 + struct.pack("<IQ", end, 0))

    directory = entry("Root Entry", 5, child=1, cls=clsid) + entry(stream, 2) + entry("", 0) * 2
    return header + fat + directory


POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.mark.parametrize("stream,ext", [("WordDocument", ".doc"), ("Workbook", ".xls"), ("PowerPoint Document", ".ppt")])
def test_legacy_office_files_are_told_apart_by_their_main_stream(stream, ext):
    kind = sniff(SimpleUploadedFile("whatever.bin", ole2(stream)))
    assert kind is not None and kind.ext == ext


def test_an_ole2_installer_named_setup_msi_is_refused():
    msi = ole2("\u4840\u3f3f\u4577\u446c\u3b6a\u45e4\u4824", clsid=MSI_CLSID)
    with pytest.raises(ValidationError) as exc:
        check_uploads([SimpleUploadedFile("setup.msi", msi)])
    assert "setup.msi" in exc.value.messages[0]
    # Renamed to an Office name it is still not a document.
    assert sniff(SimpleUploadedFile("setup.doc", msi)) is None


@pytest.mark.parametrize("name,content,expected", [
    ("notice.html", POLYGLOT, "notice.pdf"),
    ("photo.pdf", PNG, "photo.png"),
    ("../../etc/合同", PDF, "合同.pdf"),
    ("C:\\Users\\x\\报表.exe", docx_bytes(), "报表.docx"),
    (".htaccess", PDF, "htaccess.pdf"),
    ("...", PDF, "file.pdf"),
    ("report.doc.msi", ole2("WordDocument"), "report.doc.doc"),
])
def test_the_kept_name_takes_the_extension_of_the_content(name, content, expected):
    [(f, kind)] = check_uploads([SimpleUploadedFile(name, content)])
    assert f.name == expected
    assert f.name.endswith(kind.ext)


@pytest.mark.parametrize("name,content_type,expected", [
    ("notice.html", "application/pdf", ("notice.pdf", "application/pdf")),
    ("a.exe", "application/x-msdownload", ("a", "application/octet-stream")),
    ("表.xls", "application/msword", ("表.doc", "application/msword")),
])
def test_download_name_follows_the_stored_type(name, content_type, expected):
    from portal.uploads import download_name

    assert download_name(name, content_type) == expected


def test_a_pdf_html_polyglot_is_stored_and_served_as_pdf(people):
    from django.test import Client

    from complaints import services
    from complaints.models import Category

    category = Category.objects.filter(jurisdiction__code="HK").first()
    ent = people["enterprise1"]
    checked = check_uploads([SimpleUploadedFile("notice.html", POLYGLOT, content_type="text/html")])
    c = services.submit_complaint(enterprise=ent.enterprise, submitter=ent, category=category, title="t",
                                  description="d", attachments=checked)
    att = c.attachments.get()
    assert att.name == "notice.pdf" and att.content_type == "application/pdf"
    assert att.file.name.endswith(".pdf")
    client = Client()
    client.force_login(ent)
    r = client.get(f"/complaints/{c.pk}/attachments/{att.pk}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;") and 'filename="notice.pdf"' in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == POLYGLOT


def test_the_form_refuses_an_installer_whatever_its_name(people):
    from django.test import Client

    from complaints.models import Attachment, Category

    category = Category.objects.filter(jurisdiction__code="HK").first()
    client = Client()
    client.force_login(people["enterprise1"])
    msi = ole2("\u4840\u3f3f\u4577\u446c", clsid=MSI_CLSID)
    r = client.post("/complaints/new/", {"category": category.pk, "title": "t", "description": "d",
                                         "attachments": [SimpleUploadedFile("setup.msi", msi)]})
    assert r.status_code == 200
    assert "不能只靠改扩展名上传" in r.content.decode()
    assert not Attachment.objects.exists()
