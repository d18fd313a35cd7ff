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
