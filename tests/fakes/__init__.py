"""Fake platform servers (WeCom, Telegram Bot API, DingTalk) served on loopback for adapter tests."""
