"""API tokens (issue 11): stored as a digest, valid API_TOKEN_DAYS, gone with a password change or deactivation.

DRF's Token table keeps one token per user; its `key` column holds the SHA-256 digest (first 40 hex digits) of
the token the user was given, never the token itself, so neither the admin nor a database dump shows a usable
key. POST /api/v1/auth/token/ issues a new token each time (the user's previous one stops working).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def issue(user) -> str:
    """A new token for `user` (replacing any earlier one); returns the only copy of the clear token."""
    raw = secrets.token_hex(20)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user, key=digest(raw))
    return raw


def revoke(user) -> int:
    return Token.objects.filter(user=user).delete()[0]


def expires_at(token: Token):
    return token.created + timedelta(days=settings.API_TOKEN_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: looked up by digest; refused once API_TOKEN_DAYS have passed."""

    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user", "user__enterprise").filter(key=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if expires_at(token) <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("账号已停用。"))
        return (token.user, token)
