"""Speech errors, each with a key the bot answers in the rep's language (bot/i18n.py) and a Chinese message
for the command line."""

from __future__ import annotations

NOT_HEARD = "没听清，请再说一遍"


class SpeechError(Exception):
    """Base of every speech failure; `user_message` is what the bot may say."""

    key = "voice_unreadable"
    user_message = "语音无法识别，请重新录一条或直接发文字。"

    def __init__(self, detail: str = "", user_message: str | None = None) -> None:
        super().__init__(detail or self.user_message)
        if user_message is not None:
            self.user_message = user_message


class ModelError(SpeechError):
    """The Whisper model cannot be found, joined or verified."""

    key = "voice_unavailable"
    user_message = "语音识别暂不可用，请直接发文字。"


class AudioError(SpeechError):
    """The audio cannot be used."""


class EmptyAudio(AudioError):
    key = "voice_empty"
    user_message = "语音文件是空的，请重新录一条。"


class AudioTooLarge(AudioError):
    key = "voice_too_large"
    user_message = "语音文件太大（超过20MB），请分段发送。"


class AudioTooLong(AudioError):
    key = "voice_too_long"
    user_message = "语音太长（超过5分钟），请分段发送。"


class UnsupportedAudio(AudioError):
    key = "voice_unsupported"
    user_message = "不支持这种音频格式，请发语音消息或文字。"


class CorruptAudio(AudioError):
    key = "voice_corrupt"
    user_message = "语音文件已损坏或不完整，请重新发送。"


class Busy(SpeechError):
    """The transcription queue is full; try again shortly."""

    key = "voice_busy"
    user_message = "语音排队中，请稍后再试"
