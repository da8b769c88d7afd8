"""`leadscribe models pull` against a local HTTP mirror serving the bundled model's files with Hugging Face's API:
download, resume after a cut, refuse a corrupt file, and the pulled model transcribes a real voice note."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from leadscribe.speech import prepare_model
from leadscribe.speech.pull import PullError, is_complete, pull

from ..fakes.server import serve

VOICE = Path(__file__).resolve().parents[1] / "data" / "voice"
FILES = ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt")


class Mirror:
    """A Hugging Face style mirror of one folder; can cut a download short once, or corrupt one file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cut_after: int | None = None
        self.corrupt = False
        self.ranges: list[str] = []
        self.sha = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/models/{org}/{repo}/tree/main", self.tree),
                Route("/{org}/{repo}/resolve/main/{name}", self.file),
            ]
        )

    async def tree(self, request: Request) -> Response:
        entries = []
        for name in FILES:
            size = (self.folder / name).stat().st_size
            entries.append({"type": "file", "path": name, "size": size, "lfs": {"oid": self.sha[name], "size": size}})
        entries.append({"type": "file", "path": ".gitattributes", "size": 10})
        return JSONResponse(entries)

    async def file(self, request: Request) -> Response:
        name = request.path_params["name"]
        data = (self.folder / name).read_bytes()
        if self.corrupt and name == "model.bin":
            data = data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:]
        start = 0
        if rng := request.headers.get("range"):
            self.ranges.append(rng)
            start = int(rng.split("=")[1].split("-")[0])
        body = data[start:]
        cut = self.cut_after if name == "model.bin" else None
        self.cut_after = None if cut else self.cut_after

        async def stream():
            sent = 0
            for i in range(0, len(body), 1 << 20):
                if cut is not None and sent >= cut:
                    raise ConnectionError("cut")  # the connection drops mid-file
                yield body[i : i + (1 << 20)]
                sent += 1 << 20

        status = 206 if start else 200
        return StreamingResponse(stream(), status_code=status, headers={"content-length": str(len(body))})


@pytest.fixture(scope="module")
def bundled() -> Path:
    return prepare_model()


def test_pull_resumes_after_a_cut_and_the_files_verify(bundled, tmp_path):
    mirror = Mirror(bundled)
    mirror.cut_after = 20 << 20
    with serve(mirror.app()) as base:
        with pytest.raises(PullError):
            pull("small", tmp_path, mirror=base)
        assert not is_complete(tmp_path / "whisper-small")
        folder = pull("small", tmp_path, mirror=base)
    assert mirror.ranges and mirror.ranges[-1].startswith("bytes=") and mirror.ranges[-1] != "bytes=0-"
    assert is_complete(folder)
    for name in FILES:
        assert (folder / name).read_bytes() == (bundled / name).read_bytes()
    assert not list(folder.glob("*.part"))


def test_a_corrupt_download_is_refused_and_removed(bundled, tmp_path):
    mirror = Mirror(bundled)
    mirror.corrupt = True
    with serve(mirror.app()) as base, pytest.raises(PullError, match="checksum"):
        pull("small", tmp_path, mirror=base)
    folder = tmp_path / "whisper-small"
    assert not is_complete(folder) and not (folder / "model.bin").exists() and not list(folder.glob("*.part"))


def test_the_pulled_model_transcribes_a_voice_note(bundled, tmp_path):
    mirror = Mirror(bundled)
    env = dict(os.environ, LEADSCRIBE_DATA_DIR=str(tmp_path), LEADSCRIBE_MODEL_DIR=str(tmp_path / "models"))
    with serve(mirror.app()) as base:
        done = subprocess.run(
            [sys.executable, "-m", "leadscribe", "models", "pull", "small", "--mirror", base],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "leadscribe", "models", "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert any(line.startswith("small") and "ready" in line for line in listed.stdout.splitlines())
    note = next(iter(sorted(VOICE.glob("*.wav"))))
    heard = subprocess.run(
        [sys.executable, "-m", "leadscribe", "transcribe", str(note), "--json"],
        capture_output=True,
        text=True,
        env={**env, "LEADSCRIBE_WHISPER_MODEL": "small"},
        timeout=300,
    )
    assert heard.returncode == 0, heard.stderr
    assert json.loads(heard.stdout.splitlines()[0])["text"].strip()
