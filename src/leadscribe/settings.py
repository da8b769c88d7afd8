"""Every setting in one place: environment variables prefixed LEADSCRIBE_, or a .env file."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, field_validator
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
    default_language: Literal["zh", "en"] = "zh"

    # speech
    whisper_model: str = ""  # empty: the bundled multilingual base model; else a folder or a size name
    model_dir: Path | None = None  # where the bundled model is joined (default: data_dir/models)
    whisper_device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: the GPU when there is one
    whisper_mirror: str = "https://huggingface.co"  # `leadscribe models pull` reads from here (an HF-API mirror)
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
    telegram_mode: Literal["webhook", "polling"] = (
        "webhook"  # "webhook" (POST /telegram/webhook) or "polling" (no public address)
    )
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: str = ""
    wecom_token: str = ""
    wecom_aes_key: str = ""
    wecom_api_base: str = "https://qyapi.weixin.qq.com"
    dingtalk_app_key: str = ""
    dingtalk_app_secret: str = ""
    dingtalk_api_base: str = "https://api.dingtalk.com"
    dingtalk_mode: Literal["webhook", "stream"] = (
        "webhook"  # "webhook" (POST /dingtalk/callback) or "stream" (needs the dingtalk-stream extra)
    )

    # reminders and SMS
    sms_url: str = ""
    sms_token: str = ""
    # defaults of the team policy (reminders/data/policy.yaml may set them per team): the one source of each
    workday_end: time = time(18, 0)
    briefing_time: time = time(8, 0)
    # the hour a task gets when the rep says only a part of the day (`明天上午`, `tomorrow afternoon`)
    day_morning: time = time(10, 0)
    day_noon: time = time(12, 0)
    day_afternoon: time = time(15, 0)
    day_evening: time = time(19, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    scheduler_enabled: bool = True

    # finished messages, sent replies and answered cards are deleted after this many days (the CRM keeps
    # what matters; raw texts with phone numbers do not stay forever)
    keep_days: int = Field(default=30, ge=1)

    reminders_file: str = ""  # empty: the bundled ladder and team policy (reminders/data/policy.yaml)

    # where the inbox is processed: "process" (a child of `leadscribe serve`; acknowledgements never wait on it)
    # or "inline" (in the web process)
    worker: Literal["process", "inline"] = "process"
    # on PostgreSQL the inbox is a job queue (bot/jobs.py): `serve` starts `workers` worker processes, and
    # `leadscribe worker` on other machines adds more; each takes the queues in `worker_queues` ("text",
    # "voice" or both). SQLite has its one built-in worker whatever these say.
    workers: int = Field(default=1, ge=1, le=64)
    worker_queues: str = "text,voice"

    # playbooks
    playbooks_file: str = ""  # empty: the bundled default set

    def day_parts(self) -> dict[str, time]:
        return {
            "morning": self.day_morning,
            "noon": self.day_noon,
            "afternoon": self.day_afternoon,
            "evening": self.day_evening,
        }

    @field_validator("worker_queues")
    @classmethod
    def _known_queues(cls, value: str) -> str:
        names = [q.strip() for q in value.split(",") if q.strip()]
        if not names or any(q not in ("text", "voice") for q in names):
            raise ValueError('worker_queues takes "text", "voice" or "text,voice"')
        return value

    @field_validator(
        "workday_end",
        "briefing_time",
        "quiet_start",
        "quiet_end",
        "day_morning",
        "day_noon",
        "day_afternoon",
        "day_evening",
        mode="before",
    )
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        """`18:00`, `8:00` or `18:00:00` as written in .env files (pydantic alone wants two-digit hours)."""
        if isinstance(value, str) and value.strip():
            return time(*(int(part) for part in value.strip().split(":")))
        return value

    @property
    def uses_jobs(self) -> bool:
        """Workers share the inbox through procrastinate's job queue (PostgreSQL only)."""
        return self.db_url.startswith("postgresql")

    @property
    def queues(self) -> list[str]:
        return [q.strip() for q in self.worker_queues.split(",") if q.strip()]

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'leadscribe.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
