"""Unit tests of rebound/storage/seal.py: the sealed format, its failures and the key derivation."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rebound.storage import seal
from rebound.storage.seal import HEADER_BYTES, MAGIC, NONCE_BYTES, PLAIN, SALT_BYTES, SealError, codec_for, is_sealed

TOKEN = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4LXNlY3JldA"
LINK = "link:" + TOKEN
OIDC = "oidc:https://issuer.example/:subject-1"
AAD = b"a" * 64  # the journal's hashed name
TEXT = '{"notes": "the panel asked about stakeholder management; Zürich 🙂"}'.encode()


def test_sealed_round_trip_and_nothing_readable():
    codec = codec_for(LINK)
    blob = codec.encode(TEXT, AAD)
    assert codec.sealed and is_sealed(blob) and blob.startswith(MAGIC)
    assert b"stakeholder" not in blob and TOKEN.encode() not in blob
    assert codec.decode(blob, AAD) == TEXT
    assert codec_for(LINK).decode(blob, AAD) == TEXT  # another process, same link


def test_the_format_is_plain_hkdf_and_aes_gcm_as_documented():
    """Decrypt with the cryptography package directly, from the header alone: nothing home-made."""
    blob = codec_for(LINK).encode(TEXT, AAD)
    version, salt = blob[len(MAGIC)], blob[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT_BYTES]
    nonce = blob[len(MAGIC) + 1 + SALT_BYTES : HEADER_BYTES]
    assert version == seal.KDF_V1 and len(nonce) == NONCE_BYTES
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"rebound/journal/v1/link").derive(TOKEN.encode())
    assert AESGCM(key).decrypt(nonce, blob[HEADER_BYTES:], blob[:HEADER_BYTES] + AAD) == TEXT


def test_fresh_nonce_every_write_and_one_salt_per_journal():
    codec = codec_for(LINK)
    blobs = [codec.encode(TEXT, AAD) for _ in range(50)]
    nonces = {b[len(MAGIC) + 1 + SALT_BYTES : HEADER_BYTES] for b in blobs}
    salts = {b[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT_BYTES] for b in blobs}
    assert len(nonces) == 50 and len(salts) == 1
    assert codec_for(LINK).encode(TEXT, AAD)[7:23] not in salts  # a new journal gets a random salt


def test_key_is_derived_once_per_salt(monkeypatch):
    derived = []
    real = seal.HKDF

    class Counting:  # HKDF is a Rust type: wrap it rather than subclass it
        def __init__(self, **kwargs):
            self._hkdf = real(**kwargs)

        def derive(self, material):
            derived.append(1)
            return self._hkdf.derive(material)

    monkeypatch.setattr(seal, "HKDF", Counting)
    writer, reader = codec_for(LINK), codec_for(LINK)
    for _ in range(20):
        reader.decode(writer.encode(TEXT, AAD), AAD)
    assert len(derived) == 2  # one per codec, not one per write or read
    # the reader now writes with the journal's salt: no new derivation
    writer.decode(reader.encode(TEXT, AAD), AAD)
    assert len(derived) == 2


def test_a_blob_with_another_salt_still_opens():
    old = codec_for(LINK).encode(TEXT, AAD)
    codec = codec_for(LINK)
    codec.encode(b"x", AAD)  # its own random salt
    assert codec.decode(old, AAD) == TEXT


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


@pytest.mark.parametrize("where", ["magic", "version", "salt", "nonce", "ciphertext", "tag"])
def test_any_changed_byte_fails(where):
    codec = codec_for(LINK)
    blob = codec.encode(TEXT, AAD)
    at = {
        "magic": 0,
        "version": len(MAGIC),
        "salt": len(MAGIC) + 3,
        "nonce": HEADER_BYTES - 2,
        "ciphertext": HEADER_BYTES + 5,
        "tag": len(blob) - 1,
    }[where]
    with pytest.raises(SealError):
        codec.decode(_flip(blob, at), AAD)


@pytest.mark.parametrize("cut", [0, 3, HEADER_BYTES, HEADER_BYTES + 10, -1])
def test_truncated_blob_fails(cut):
    codec = codec_for(LINK)
    blob = codec.encode(TEXT, AAD)
    with pytest.raises(SealError):
        codec.decode(blob[:cut], AAD)


def test_unknown_version_is_refused():
    codec = codec_for(LINK)
    blob = bytearray(codec.encode(TEXT, AAD))
    blob[len(MAGIC)] = 2
    with pytest.raises(SealError, match="version"):
        codec.decode(bytes(blob), AAD)


def test_another_journal_identity_or_another_link_fails():
    blob = codec_for(LINK).encode(TEXT, AAD)
    with pytest.raises(SealError):
        codec_for(LINK).decode(blob, b"b" * 64)  # the same sealed bytes under another journal's name
    with pytest.raises(SealError):
        codec_for("link:" + TOKEN[:-1] + "B").decode(blob, AAD)


def test_login_journals_are_sealed_only_with_a_storage_secret():
    assert codec_for(OIDC) is PLAIN and codec_for(OIDC, "") is PLAIN
    codec = codec_for(OIDC, "deployment-secret")
    blob = codec.encode(TEXT, AAD)
    assert codec.sealed and is_sealed(blob)
    assert codec_for(OIDC, "deployment-secret").decode(blob, AAD) == TEXT
    with pytest.raises(SealError):  # another login, same secret
        codec_for("oidc:https://issuer.example/:subject-2", "deployment-secret").decode(blob, AAD)
    with pytest.raises(SealError):  # the same login under another issuer
        codec_for("oidc:https://other.example/:subject-1", "deployment-secret").decode(blob, AAD)
    with pytest.raises(SealError):  # another secret
        codec_for(OIDC, "another-secret").decode(blob, AAD)


@pytest.mark.parametrize("key", ["workshop:JOINCODE", "workshop-control:JOINCODE"])
def test_a_rooms_store_is_sealed_with_the_storage_secret_when_set(key):
    codec = codec_for(key, "deployment-secret")
    blob = codec.encode(TEXT, AAD)
    assert codec.sealed and is_sealed(blob) and codec_for(key, "deployment-secret").decode(blob, AAD) == TEXT
    with pytest.raises(SealError):  # another room, same secret
        codec_for(key + "x", "deployment-secret").decode(blob, AAD)
    assert codec_for(key, None) is PLAIN  # no secret: nothing to seal with (the Workshop page says so)


@pytest.mark.parametrize("key", ["personal", "something else", "link:", "workshop:"])
def test_other_journals_stay_plain(key):
    codec = codec_for(key, "deployment-secret")
    assert codec is PLAIN and not codec.sealed
    assert codec.encode(TEXT, AAD) == TEXT and codec.decode(TEXT, AAD) == TEXT


def test_plain_codec_never_passes_sealed_bytes_on_as_content():
    blob = codec_for(LINK).encode(TEXT, AAD)
    with pytest.raises(SealError):
        PLAIN.decode(blob, AAD)


def test_plain_json_is_not_sealed():
    assert not is_sealed(b'{"__rebound__": {"version": 1}}') and not is_sealed(b"")


def test_the_secret_is_not_in_the_codec_repr():
    assert TOKEN not in repr(codec_for(LINK)) and "deployment-secret" not in repr(codec_for(OIDC, "deployment-secret"))


def test_who_can_read_says_it_plainly_for_each_kind_of_journal():
    link = seal.who_can_read("link", sealed=True)
    assert "Only someone with this link" in link and "cannot read it" in link
    login = seal.who_can_read("login", sealed=True)
    assert "leaked copy" in login and "hold the key and could read it" in login  # not against the operator
    assert "plain text on the server" in seal.who_can_read("login", sealed=False)
    assert "plain text in the app's data folder" in seal.who_can_read("personal", sealed=False)
    sentences = [link, login, seal.who_can_read("login", False), seal.who_can_read("personal", False)]
    assert all(s.count(". ") == 0 and s.endswith(".") for s in sentences)  # one sentence each
