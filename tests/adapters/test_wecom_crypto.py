"""WeCom crypto against the official WXBizMsgCrypt sample vectors, plus forged and hostile inputs."""

from __future__ import annotations

import pytest

from leadscribe.adapters.wecom_crypto import CryptoError, WeComCrypto, parse_xml

# Official vectors of Tencent's WXBizMsgCrypt sample code (the same constants appear in every language's
# Sample file): the URL-verification vector as in repository ming820214/oa, path api/Sample.php; the POST
# message vector as in repository 2830499544/VipCard, path Chain.Wechat/Tencent/Sample.cs.
TOKEN, AES_KEY, CORP_ID = "QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7"
VERIFY = dict(
    msg_signature="5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    timestamp="1409659589",
    nonce="263014780",
    echostr="P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
)
POST_SIG, POST_TS, POST_NONCE = "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149"
POST_BODY = (
    b"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58"
    b"tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxch"
    b"rRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqA"
    b"TP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0"
    b"+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZI"
    b"s2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
)


@pytest.fixture
def crypto() -> WeComCrypto:
    return WeComCrypto(TOKEN, AES_KEY, CORP_ID)


def test_official_url_verification_vector(crypto):
    assert crypto.verify_url(**VERIFY) == "1616140317555161061"


def test_official_message_vector(crypto):
    inner = crypto.decrypt_message(POST_SIG, POST_TS, POST_NONCE, POST_BODY)
    assert "<Content><![CDATA[hello]]></Content>" in inner
    assert "<MsgId>4561255354251345929</MsgId>" in inner


def test_forged_signature_is_refused(crypto):
    with pytest.raises(CryptoError):
        crypto.verify_url(**(VERIFY | {"msg_signature": "0" * 40}))
    with pytest.raises(CryptoError):
        crypto.decrypt_message(POST_SIG, POST_TS, "1372623150", POST_BODY)


def test_other_corporation_is_refused():
    other = WeComCrypto(TOKEN, AES_KEY, "wwSOMEONEELSE")
    with pytest.raises(CryptoError, match="CorpID"):
        other.verify_url(**VERIFY)


def test_round_trip_with_chinese_and_32_byte_padding(crypto):
    for text in ["", "预算改成350万", "x" * 11, "y" * 12, "中" * 200]:
        enc = crypto.encrypt(text)
        assert crypto.decrypt(enc) == text


@pytest.mark.parametrize(
    "encrypt", ["not base64!!", "", "QUJD", "A" * 44, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="]
)
def test_garbage_ciphertext_is_a_crypto_error(crypto, encrypt):
    with pytest.raises(CryptoError):
        crypto.decrypt(encrypt)


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b"<xml><Encrypt>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Encrypt>&c;</Encrypt></xml>',
    ],
)
def test_hostile_xml_is_refused(crypto, body):
    with pytest.raises(CryptoError):
        parse_xml(body)
    with pytest.raises(CryptoError):
        crypto.decrypt_message(POST_SIG, POST_TS, POST_NONCE, body)


def test_bad_encoding_aes_key():
    with pytest.raises(CryptoError):
        WeComCrypto(TOKEN, "short", CORP_ID)
