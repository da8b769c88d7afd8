"""`leadscribe models pull NAME`: a larger Whisper model for deployments that can reach the internet.

Files come from Hugging Face or any mirror that speaks its API (`GET /api/models/{repo}/tree/main` and
`/{repo}/resolve/main/{file}`, e.g. hf-mirror.com or an intranet copy). Each file is downloaded into a `.part`
file, resumed with an HTTP Range request after an interruption, and checked against the sha256 the index gives
before it takes its name; the folder is marked complete last. Nothing is downloaded at run time: the model is
loaded from this folder (LEADSCRIBE_WHISPER_MODEL=small) only once it is complete.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

# faster-whisper's CTranslate2 conversions of the OpenAI Whisper weights
MODELS = {
    "small": "Systran/faster-whisper-small",
    "medium": "Systran/faster-whisper-medium",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}
DEFAULT_MIRROR = "https://huggingface.co"
COMPLETE = ".complete"
_CHUNK = 1 << 20

Progress = Callable[[str, int, int], None]  # file name, bytes so far, total bytes


class PullError(RuntimeError):
    """The model could not be fetched or did not verify; what is complete stays for the next try."""


def model_folder(models_dir: Path, name: str) -> Path:
    return models_dir / f"whisper-{name}"


def is_complete(folder: Path) -> bool:
    return (folder / COMPLETE).is_file()


def pull(
    name: str,
    models_dir: Path,
    mirror: str = DEFAULT_MIRROR,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> Path:
    """Download model `name` (a key of MODELS) into `models_dir`; its folder. Safe to run again: finished files
    are kept, a half-downloaded one resumes."""
    if name not in MODELS:
        raise PullError(f"unknown model {name!r}; one of {', '.join(MODELS)}")
    repo, base = MODELS[name], mirror.rstrip("/")
    folder = model_folder(models_dir, name)
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(30.0, read=120.0), follow_redirects=True)
    try:
        files = _index(http, base, repo)
        for entry in files:
            _fetch(http, f"{base}/{repo}/resolve/main/{entry['path']}", folder, entry, progress)
    except httpx.HTTPError as exc:
        raise PullError(f"could not reach {base} ({type(exc).__name__}); run the command again to resume") from exc
    finally:
        if own:
            http.close()
    (folder / COMPLETE).write_text(json.dumps({"repo": repo, "files": [f["path"] for f in files]}), encoding="utf-8")
    return folder


def _index(http: httpx.Client, base: str, repo: str) -> list[dict[str, Any]]:
    response = http.get(f"{base}/api/models/{repo}/tree/main")
    if response.status_code != 200:
        raise PullError(f"{base} has no index for {repo} (HTTP {response.status_code})")
    files = [f for f in response.json() if f.get("type") == "file" and not str(f.get("path", "")).startswith(".")]
    if not any(f["path"] == "model.bin" for f in files):
        raise PullError(f"{repo} on {base} has no model.bin")
    for f in files:
        if "/" in f["path"] or f["path"] in ("", ".", ".."):
            raise PullError(f"unexpected file name in the index: {f['path']!r}")
    return files


def _fetch(http: httpx.Client, url: str, folder: Path, entry: dict[str, Any], progress: Progress | None) -> None:
    target = folder / entry["path"]
    size = int((entry.get("lfs") or {}).get("size") or entry.get("size") or 0)
    sha = (entry.get("lfs") or {}).get("oid")
    if target.is_file() and target.stat().st_size == size:
        return  # finished on an earlier run
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if size and have > size:
        part.unlink()
        have = 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with http.stream("GET", url, headers=headers) as response:
        if response.status_code == 200 and have:
            have = 0  # the mirror ignored the range: start over
            part.unlink(missing_ok=True)
        elif response.status_code not in (200, 206):
            raise PullError(f"{entry['path']}: HTTP {response.status_code}")
        with open(part, "ab") as out:
            for chunk in response.iter_bytes(_CHUNK):
                out.write(chunk)
                have += len(chunk)
                if progress:
                    progress(entry["path"], have, size)
    if size and have != size:
        raise PullError(f"{entry['path']}: got {have} of {size} bytes; run the command again to resume")
    if sha and _sha256(part) != sha:
        part.unlink()
        raise PullError(f"{entry['path']}: checksum mismatch (a corrupt download or mirror); it was removed")
    part.replace(target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()
