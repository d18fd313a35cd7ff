"""API errors: a refused state change is 409 with a message, wherever it is raised."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import TransitionRefused


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SuspiciousOperation):  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, …
        return Response({"detail": _("请求内容过大或格式有误。")}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
