"""Sealed journals: what a person writes is readable only with the key that opens it.

A sealed blob is a small header followed by AES-256-GCM ciphertext (tag included)::

    MAGIC (6 bytes) | KDF version (1 byte) | salt (16 bytes) | nonce (12 bytes) | ciphertext+tag

The key comes from HKDF-SHA256 over the journal's secret (the private-link token, or the
deployment's storage secret for a login) with the salt in the header. The salt is random
per journal; the nonce is fresh for every write. The whole header and the caller's
``aad`` (the journal's identity) are authenticated, so a changed byte, a truncated blob or
a blob moved to another journal fails to decode. Everything cryptographic is the
``cryptography`` package's; nothing here is hand-made.

Both backends use this module: the file store seals whole journal files, PostgreSQL seals
rows. The codec object caches the derived key per salt, so a write costs one AES-GCM pass.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rebound.i18n import _

MAGIC = b"RBSEAL"
KDF_V1 = 1  # HKDF-SHA256 -> AES-256-GCM
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + SALT_BYTES + NONCE_BYTES
_INFO = {"link": b"rebound/journal/v1/link", "oidc": b"rebound/journal/v1/oidc"}
# Login journals (version 2): the key is bound to the journal's hashed name (sha256 of its key,
# which is what names its file and its rows), so ``rebound.storage.migrate --rotate-secret`` can re-seal
# them without ever knowing a login; and the header carries a short check of the secret, so a
# changed secret is told apart from a damaged journal.
KDF_V2_LOGIN = 2
CHECK_BYTES = 8
HEADER_V2_BYTES = len(MAGIC) + 1 + CHECK_BYTES + SALT_BYTES + NONCE_BYTES
_INFO_V2 = b"rebound/journal/v2/oidc\0"
_INFO_V2_CHECK = b"rebound/journal/v2/secret-check"
_ROOM_KINDS = ("workshop", "workshop-control")  # a room's counts and releases, a facilitator's workshops


class SealError(Exception):
    """A sealed blob that cannot be opened: wrong key, tampered, truncated or unknown version."""


class SecretChanged(SealError):
    """A login journal sealed with another storage secret than the one this server has."""


class Codec(Protocol):
    sealed: bool

    def encode(self, plaintext: bytes, aad: bytes) -> bytes: ...

    def decode(self, blob: bytes, aad: bytes) -> bytes: ...


class _Plain:
    """The identity codec: for journals that may stay plain (personal, logins without a secret)."""

    sealed = False

    def encode(self, plaintext: bytes, aad: bytes) -> bytes:
        return plaintext

    def decode(self, blob: bytes, aad: bytes) -> bytes:
        if is_sealed(blob):
            # Fail closed: a plain codec must never hand sealed bytes on as if they were content.
            raise SealError("This journal is sealed, and this server has no key to open it.")
        return blob

    def __repr__(self) -> str:
        return "PLAIN"


PLAIN: Codec = _Plain()


class SealedCodec:
    """AES-256-GCM with a key derived by HKDF-SHA256 from ``secret`` and a per-journal salt.

    Writes use the salt of the journal as last read (or a fresh random one for a new
    journal), so the key is derived once per open journal; a blob with another salt is
    still read (its key derived once and cached).
    """

    sealed = True

    def __init__(self, secret: bytes, info: bytes):
        if not secret:
            raise ValueError("A sealed codec needs a non-empty secret.")
        self._secret, self._info = secret, info
        self._keys: dict[bytes, AESGCM] = {}
        self._lock = threading.Lock()
        self._salt = os.urandom(SALT_BYTES)

    def __repr__(self) -> str:  # never show the secret in logs or tracebacks
        return "SealedCodec(...)"

    def _aead(self, salt: bytes) -> AESGCM:
        with self._lock:
            aead = self._keys.get(salt)
            if aead is None:
                hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=self._info)
                aead = self._keys[salt] = AESGCM(hkdf.derive(self._secret))
            return aead

    def encode(self, plaintext: bytes, aad: bytes) -> bytes:
        salt, nonce = self._salt, os.urandom(NONCE_BYTES)
        header = MAGIC + bytes([KDF_V1]) + salt + nonce
        return header + self._aead(salt).encrypt(nonce, plaintext, header + aad)

    def decode(self, blob: bytes, aad: bytes) -> bytes:
        if not blob.startswith(MAGIC):
            raise SealError("Not a sealed journal.")
        if len(blob) < HEADER_BYTES + TAG_BYTES:
            raise SealError("The sealed journal is cut short.")
        version = blob[len(MAGIC)]
        if version != KDF_V1:
            raise SealError(f"Unknown sealing version {version}.")
        salt_at = len(MAGIC) + 1
        salt = blob[salt_at : salt_at + SALT_BYTES]
        nonce = blob[salt_at + SALT_BYTES : HEADER_BYTES]
        try:
            plaintext = self._aead(salt).decrypt(nonce, blob[HEADER_BYTES:], blob[:HEADER_BYTES] + aad)
        except InvalidTag:
            raise SealError(
                "The sealed journal does not open with this key (changed, moved, or another key)."
            ) from None
        self._salt = salt  # keep writing with the journal's own salt: no new derivation per write
        return plaintext


class LoginCodec:
    """A login journal's codec: AES-256-GCM with a key derived by HKDF-SHA256 from the deployment's
    storage secret, a per-journal salt and the journal's hashed name (``digest``, sha256 of the
    login's key ``oidc:<issuer>:<subject>``), so each login has its own key.

    Blobs are written in version 2: ``MAGIC | 2 | check (8) | salt (16) | nonce (12) | ciphertext+tag``,
    where ``check`` is derived from the secret and the salt alone (it looks random and differs per
    journal). A blob whose check does not match raises :class:`SecretChanged`; one whose check
    matches but does not decrypt was changed or moved (:class:`SealError`). ``legacy`` (the
    version-1 codec, which needs the login's key) still reads journals sealed before version 2;
    they are written in version 2 from their next write on.
    """

    sealed = True

    def __init__(self, secret: bytes, digest: bytes, legacy: SealedCodec | None = None):
        if not secret:
            raise ValueError("A sealed codec needs a non-empty secret.")
        self._secret, self._info, self._legacy = secret, _INFO_V2 + digest, legacy
        self._keys: dict[bytes, tuple[bytes, AESGCM]] = {}
        self._lock = threading.Lock()
        self._salt = os.urandom(SALT_BYTES)

    def __repr__(self) -> str:  # never show the secret in logs or tracebacks
        return "LoginCodec(...)"

    def _derived(self, salt: bytes) -> tuple[bytes, AESGCM]:
        with self._lock:
            found = self._keys.get(salt)
            if found is None:
                check = HKDF(algorithm=hashes.SHA256(), length=CHECK_BYTES, salt=salt, info=_INFO_V2_CHECK)
                key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=self._info)
                found = self._keys[salt] = (check.derive(self._secret), AESGCM(key.derive(self._secret)))
            return found

    def encode(self, plaintext: bytes, aad: bytes) -> bytes:
        salt, nonce = self._salt, os.urandom(NONCE_BYTES)
        check, aead = self._derived(salt)
        header = MAGIC + bytes([KDF_V2_LOGIN]) + check + salt + nonce
        return header + aead.encrypt(nonce, plaintext, header + aad)

    def decode(self, blob: bytes, aad: bytes) -> bytes:
        if not blob.startswith(MAGIC):
            raise SealError("Not a sealed journal.")
        version = blob[len(MAGIC)] if len(blob) > len(MAGIC) else None
        if version == KDF_V1 and self._legacy is not None:
            return self._legacy.decode(blob, aad)
        if version != KDF_V2_LOGIN:
            raise SealError(f"Unknown sealing version {version}.")
        if len(blob) < HEADER_V2_BYTES + TAG_BYTES:
            raise SealError("The sealed journal is cut short.")
        at = len(MAGIC) + 1
        stored_check = blob[at : at + CHECK_BYTES]
        salt = blob[at + CHECK_BYTES : at + CHECK_BYTES + SALT_BYTES]
        nonce = blob[at + CHECK_BYTES + SALT_BYTES : HEADER_V2_BYTES]
        check, aead = self._derived(salt)
        if not hmac.compare_digest(check, stored_check):
            raise SecretChanged("This login journal was sealed with another storage secret.")
        try:
            plaintext = aead.decrypt(nonce, blob[HEADER_V2_BYTES:], blob[:HEADER_V2_BYTES] + aad)
        except InvalidTag:
            raise SealError("The sealed journal does not open (changed, or moved from another journal).") from None
        self._salt = salt
        return plaintext


def login_codec(digest: bytes, storage_secret: str) -> LoginCodec:
    """The codec for a login journal known only by its hashed name (what ``--rotate-secret`` has)."""
    return LoginCodec(storage_secret.encode("utf-8"), digest)


def version_of(blob: bytes) -> int | None:
    """The sealing version of a sealed blob (1: private links and logins before rotation; 2: logins)."""
    return blob[len(MAGIC)] if is_sealed(blob) and len(blob) > len(MAGIC) else None


def who_can_read(kind: str, sealed: bool) -> str:
    """One plain sentence for My data: who can read this journal where it is stored.

    ``kind`` is ``"link"`` (a private link), ``"login"`` (OIDC) or ``"personal"``.
    """
    if kind == "link" and sealed:
        return _(
            "Only someone with this link can read this journal: it is stored encrypted with a key that only "
            "your link carries, so the people who host Rebound cannot read it."
        )
    if kind == "login" and sealed:
        return _(
            "Your journal is stored encrypted, so a leaked copy of the server's disk or database cannot be read, "
            "but the people who run this Rebound hold the key and could read it."
        )
    if kind == "login":
        return _(
            "Your journal is stored as plain text on the server, so the people who run this Rebound, or anyone "
            "with a copy of its disk or database, could read it."
        )
    return _(
        "Your journal is stored as plain text in the app's data folder, so anyone who can open that folder "
        "on this computer could read it."
    )


def is_sealed(blob: bytes) -> bool:
    """True when ``blob`` starts with the sealed header (a plain journal is JSON, never this)."""
    return blob[: len(MAGIC)] == MAGIC


def codec_for(key: str, storage_secret: str | None = None) -> Codec:
    """The codec for a journal key.

    - ``link:<token>``: sealed with a key derived from the token (only the link opens it);
    - ``oidc:<iss>:<sub>``: sealed with a key derived from the deployment's storage secret
      and the login, when the secret is set; plain otherwise;
    - ``workshop:<code>`` and ``workshop-control:<code>`` (a room's counts, a facilitator's
      workshops): sealed with the storage secret when it is set; plain otherwise;
    - anything else (``personal``): plain.
    """
    kind, _sep, rest = key.partition(":")
    if kind == "link" and rest:
        return SealedCodec(rest.encode("utf-8", "surrogatepass"), _INFO["link"])
    if kind == "oidc" and rest and storage_secret:
        # The login (issuer and subject) reaches HKDF through the journal's hashed name, so each
        # login gets its own key; version 1 put the key itself into the info and is still read.
        secret, raw_key = storage_secret.encode("utf-8"), key.encode("utf-8", "surrogatepass")
        legacy = SealedCodec(secret, _INFO["oidc"] + b"\0" + raw_key)
        return LoginCodec(secret, hashlib.sha256(raw_key).digest(), legacy)
    if kind in _ROOM_KINDS and rest and storage_secret:
        # Sealed like a login journal (version 2, keyed by the hashed name), so --rotate-secret
        # re-seals a room's counts and a facilitator's workshops along with the logins.
        raw_key = key.encode("utf-8", "surrogatepass")
        return LoginCodec(storage_secret.encode("utf-8"), hashlib.sha256(raw_key).digest())
    return PLAIN
