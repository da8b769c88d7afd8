"""WeCom callback cryptography (WXBizMsgCrypt): signature, AES-256-CBC envelope, and safe XML parsing."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from defusedxml import DefusedXmlException

BLOCK = 32  # WeCom pads to 32 bytes, not AES's 16: a standard PKCS7 unpadder would reject valid messages


class CryptoError(ValueError):
    """A callback that is forged, corrupted or meant for another corporation."""


def parse_xml(body: bytes | str) -> Element:
    """Parse untrusted XML; entity tricks (XXE, billion laughs) and garbage become CryptoError."""
    try:
        return safe_xml.fromstring(body, forbid_dtd=True)
    except (DefusedXmlException, safe_xml.ParseError, ValueError) as exc:
        raise CryptoError(f"bad xml: {type(exc).__name__}") from None


def xml_fields(root: Element) -> dict[str, str]:
    """Flat child-tag → text map of a WeCom <xml> document."""
    return {child.tag: (child.text or "") for child in root}


class WeComCrypto:
    """The WXBizMsgCrypt scheme for one app: token, EncodingAESKey and the CorpID as receive id."""

    def __init__(self, token: str, encoding_aes_key: str, corp_id: str) -> None:
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error:
            raise CryptoError("EncodingAESKey is not base64") from None
        if len(key) != 32:
            raise CryptoError("EncodingAESKey must decode to 32 bytes")
        self.token = token
        self.key = key
        self.corp_id = corp_id

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        parts = sorted([self.token, timestamp, nonce, encrypt])
        return hashlib.sha1("".join(parts).encode()).hexdigest()

    def check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        expected = self.signature(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), msg_signature.encode()):
            raise CryptoError("msg_signature mismatch")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The plain echostr to return on GET /callback, after the signature check."""
        self.check_signature(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_message(self, msg_signature: str, timestamp: str, nonce: str, body: bytes) -> str:
        """The inner XML of a POSTed callback envelope."""
        fields = xml_fields(parse_xml(body))
        encrypt = fields.get("Encrypt", "")
        if not encrypt:
            raise CryptoError("no Encrypt element")
        self.check_signature(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def decrypt(self, encrypt: str) -> str:
        try:
            data = base64.b64decode(encrypt, validate=True)
        except binascii.Error:
            raise CryptoError("ciphertext is not base64") from None
        if not data or len(data) % 16:
            raise CryptoError("ciphertext length is not a multiple of the AES block")
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise CryptoError("bad padding")
        content = plain[16:-pad]  # 16 random bytes first
        if len(content) < 4:
            raise CryptoError("truncated plaintext")
        (length,) = struct.unpack(">I", content[:4])
        if length > len(content) - 4:
            raise CryptoError("length field exceeds plaintext")
        msg, receive_id = content[4 : 4 + length], content[4 + length :]
        if not hmac.compare_digest(receive_id, self.corp_id.encode()):
            raise CryptoError("CorpID mismatch")
        try:
            return msg.decode("utf-8")
        except UnicodeDecodeError:
            raise CryptoError("message is not UTF-8") from None

    def encrypt(self, msg: str, random16: bytes | None = None) -> str:
        """Encrypt like the platform does (used by the fakes, the bench and passive replies)."""
        raw = msg.encode()
        body = (random16 or os.urandom(16)) + struct.pack(">I", len(raw)) + raw + self.corp_id.encode()
        pad = BLOCK - len(body) % BLOCK
        body += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(body) + encryptor.finalize()).decode()

    def envelope(self, msg: str, timestamp: str, nonce: str, to_user: str = "", agent_id: str = "") -> tuple[str, str]:
        """(callback XML body, msg_signature) as WeCom would POST them."""
        encrypt = self.encrypt(msg)
        xml = (
            f"<xml><ToUserName><![CDATA[{to_user or self.corp_id}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[{agent_id}]]></AgentID></xml>"
        )
        return xml, self.signature(timestamp, nonce, encrypt)
