"""Every setting in one place: environment variables prefixed LEADSCRIBE_, or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("leadscribe", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEADSCRIBE_", env_file=".env", extra="ignore")

    # storage
    data_dir: Path = default_data_dir()
    database_url: str = ""  # empty: a SQLite file under data_dir

    # people and time
    default_tz: str = "Asia/Shanghai"
    default_language: str = "zh"

    # speech
    whisper_model: str = ""  # empty: the bundled multilingual base model; else a folder or a size name
    whisper_compute_type: str = "int8"
    whisper_threads: int = 2
    whisper_beam_size: int = 5
    # silence the encoder sees after the audio; Whisper's full window is 30 s (slowest, at most 0.5 pt CER better)
    whisper_pad_seconds: float = 10.0
    whisper_workers: int = 1
    whisper_queue: int = 16
    max_audio_bytes: int = 20 * 1024 * 1024
    max_audio_seconds: float = 300.0

    # channels
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_api_base: str = "https://api.telegram.org"
    telegram_mode: str = "webhook"  # "webhook" (POST /telegram/webhook) or "polling" (no public address)
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: str = ""
    wecom_token: str = ""
    wecom_aes_key: str = ""
    wecom_api_base: str = "https://qyapi.weixin.qq.com"
    dingtalk_app_key: str = ""
    dingtalk_app_secret: str = ""
    dingtalk_api_base: str = "https://api.dingtalk.com"
    dingtalk_mode: str = "webhook"  # "webhook" (POST /dingtalk/callback) or "stream" (needs the dingtalk-stream extra)

    # reminders and SMS
    sms_url: str = ""
    sms_token: str = ""
    workday_end: str = "18:00"
    briefing_time: str = "08:00"
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    scheduler_enabled: bool = True

    reminders_file: str = ""  # empty: the bundled ladder and team policy (reminders/data/policy.yaml)

    # where the inbox is processed: "process" (a child of `leadscribe serve`; acknowledgements never wait on it)
    # or "inline" (in the web process)
    worker: str = "process"

    # playbooks
    playbooks_file: str = ""  # empty: the bundled default set

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'leadscribe.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
