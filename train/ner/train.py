"""Train the small character-level NER model (PER, ORG) that extraction ships in nlp/models/ner/.

A tagger over characters with BIO tags (B-PER, I-PER, B-ORG, I-ORG, O): one softmax per character, about ten
times cheaper per message than spaCy's transition-based `ner` at the same accuracy here.

Usage: python train/ner/train.py KIND=PATH [KIND=PATH …] [--max KIND=N …] [--out DIR] [--epochs N]
KIND names the corpus and so its format and labels (see READERS and DATA_CARD.md for where each comes from):
  cluener  CLUENER2020 train.json (JSON lines, `label` → {type: {name: [[start, end]]}})
  weibo    Weibo NER weiboNER_2nd_conll.train (a character with its word-position digit, tab, BIO tag)
  resume   Resume NER train.char.bmes (character, space, BMES tag)
  msra     MSRA NER in BIO (character, tab, tag), or a directory with sentences.txt and tags.txt
  pd       People's Daily 1998 NER in BIO (character, space, tag)
The corpora stay outside the repository. Sentences seen in an earlier source are skipped; `--max KIND=N` keeps
N of a source's sentences (chosen by a stable hash) and `--repeat KIND=N` trains on them N times an epoch,
so news text does not drown the rest. Sentences are split
once by a stable hash of the text into train (90 %) and a held-out check (10 %); the figures on the held-out
part (all of it and per source) are printed as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.training import Example

from leadscribe.nlp.entities import bio_spans

Row = tuple[str, list[tuple[int, int, str]]]

# corpus labels -> ours; the others (places, CLUENER's game/book/movie/position/scene/address/government, Weibo's
# nominal mentions such as 老师 or 公司, Resume's titles and degrees) are left out
CLUENER_LABELS = {"name": "PER", "company": "ORG", "organization": "ORG"}
TAG_LABELS = {
    "weibo": {"PER.NAM": "PER", "ORG.NAM": "ORG"},
    "resume": {"NAME": "PER", "ORG": "ORG"},
    "msra": {"PER": "PER", "ORG": "ORG"},
    "pd": {"PER": "PER", "ORG": "ORG"},
}

CONFIG = {
    "nlp": {"tokenizer": {"segmenter": "char"}},
}


def ner_config(width: int, depth: int, rows: int, window: int) -> dict:
    return {
        "model": {
            "@architectures": "spacy.Tagger.v2",
            "nO": None,
            "normalize": False,
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": width,
                "depth": depth,
                "embed_size": rows,
                "window_size": window,
                "maxout_pieces": 3,
                "subword_features": False,
            },
        }
    }


def read_cluener(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        spans = []
        for label, names in (item.get("label") or {}).items():
            if label not in CLUENER_LABELS:
                continue
            for positions in names.values():
                for start, end in positions:
                    spans.append((start, end + 1, CLUENER_LABELS[label]))
        rows.append((item["text"], sorted(spans)))
    return rows


def _columns(path: Path, strip_position: bool) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (character, tag) from a one-character-a-line file, sentences apart by blank lines, or from a
    directory holding `sentences.txt` and `tags.txt` (a sentence a line, characters and tags apart by spaces)."""
    if path.is_dir():
        texts = (path / "sentences.txt").read_text(encoding="utf-8").splitlines()
        tags = (path / "tags.txt").read_text(encoding="utf-8").splitlines()
        for chars, marks in zip(texts, tags, strict=True):
            pairs = list(zip(chars.split(), marks.split(), strict=True))
            if pairs:
                yield [(char[:1], tag) for char, tag in pairs]
        return
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if sentence:
                yield sentence
            sentence = []
            continue
        char = parts[0][:-1] if strip_position and len(parts[0]) > 1 else parts[0]
        sentence.append((char[:1], parts[-1]))
    if sentence:
        yield sentence


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO or BMES tags (B-X, I-X/M-X, E-X, S-X) to (start, end, X) spans."""
    out: list[tuple[int, int, str]] = []
    start, label = None, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if start is not None and (kind not in ("I", "M", "E") or name != label):
            out.append((start, i, label))
            start = None
        if kind in ("B", "S") or (kind in ("I", "M", "E") and start is None):
            start, label = i, name
        if kind in ("E", "S") and start is not None:
            out.append((start, i + 1, label))
            start = None
    return out


def _place_into_org(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A place right before an organisation is part of its name (`辽宁省凌海市` + `大木塑料制品厂`): the news
    corpora mostly tag such names whole and now and then in two."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out and out[-1][2] == "LOC" and out[-1][1] == start and label == "ORG":
            start = out.pop()[0]
        out.append((start, end, label))
    return out


def read_tagged(kind: str) -> Callable[[Path], list[Row]]:
    labels = TAG_LABELS[kind]

    def read(path: Path) -> list[Row]:
        rows = []
        for sentence in _columns(path, strip_position=kind == "weibo"):
            text = "".join(char for char, _ in sentence)
            found = _place_into_org(tag_spans([t for _, t in sentence]))
            rows.append((text, [(s, e, labels[lab]) for s, e, lab in found if lab in labels]))
        return rows

    return read


READERS: dict[str, Callable[[Path], list[Row]]] = {
    "cluener": read_cluener,
    **{kind: read_tagged(kind) for kind in TAG_LABELS},
}


def _hash(text: str) -> bytes:
    return hashlib.sha1(text.encode()).digest()


def held_out(text: str) -> bool:
    return _hash(text)[0] % 10 == 0


def examples(nlp: spacy.Language, rows: list[Row]) -> list[Example]:
    out = []
    for text, spans in rows:
        doc = nlp.make_doc(text)
        ents, last = [], -1
        for start, end, label in spans:
            if start < last:
                continue  # overlapping annotation: keep the first
            span = doc.char_span(start, end, label=label)
            if span is not None:
                ents.append((start, end, label))
                last = end
        tags = ["O"] * len(doc)
        for start, end, label in ents:
            span = doc.char_span(start, end)
            tags[span.start] = f"B-{label}"
            for i in range(span.start + 1, span.end):
                tags[i] = f"I-{label}"
        out.append(Example.from_dict(doc, {"tags": tags}))
    return out


def evaluate(nlp: spacy.Language, exs: list[Example]) -> dict[str, float]:
    counts = {"tp": 0, "fp": 0, "fn": 0}
    for ex in exs:
        gold = set(bio_spans([t.tag_ or "O" for t in ex.reference]))
        pred = set(bio_spans([t.tag_ for t in nlp(ex.reference.text)]))
        counts["tp"] += len(gold & pred)
        counts["fp"] += len(pred - gold)
        counts["fn"] += len(gold - pred)
    p = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    r = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    return {"p": round(p, 3), "r": round(r, 3), "f": round(2 * p * r / max(1e-9, p + r), 3)}


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    out = []
    for value in values:
        kind, sep, rest = value.partition("=")
        if not sep or kind not in READERS:
            raise SystemExit(f"{what} {value!r}: expected KIND=… with KIND one of {', '.join(READERS)}")
        out.append((kind, rest))
    return out


def load(sources: list[tuple[str, str]], limits: dict[str, int]) -> dict[str, list[Row]]:
    """Each source's sentences, those seen in an earlier source (or twice) left out, at most `limits[kind]`."""
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for kind, path in sources:
        rows = out.setdefault(kind, [])
        for text, spans in READERS[kind](Path(path)):
            if text.strip() and text not in seen:
                seen.add(text)
                rows.append((text, spans))
    for kind, limit in limits.items():
        out[kind] = sorted(out.get(kind, []), key=lambda r: _hash(kind + r[0]))[:limit]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="KIND=PATH")
    parser.add_argument("--max", action="append", default=[], help="KIND=N: keep at most N sentences of KIND")
    parser.add_argument("--repeat", action="append", default=[], help="KIND=N: train on KIND's sentences N times")
    parser.add_argument("--out", type=Path, default=Path("src/leadscribe/nlp/models/ner"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--rows", type=int, default=8000)
    parser.add_argument("--window", type=int, default=2)
    parser.add_argument("--init", type=Path, help="go on training this model (its size settings, not the flags')")
    parser.add_argument("--lr", type=float, default=0.001, help="Adam's learning rate")
    args = parser.parse_args()

    random.seed(0)
    spacy.util.fix_random_seed(0)
    if args.init:
        nlp = spacy.load(args.init)
    else:
        nlp = spacy.blank("zh", config=CONFIG)
        tagger = nlp.add_pipe("tagger", config=ner_config(args.width, args.depth, args.rows, args.window))
        for label in ("ORG", "PER"):
            tagger.add_label(f"B-{label}")
            tagger.add_label(f"I-{label}")
        tagger.add_label("O")
    limits = {kind: int(n) for kind, n in _pairs(args.max, "--max")}
    repeats = {kind: int(n) for kind, n in _pairs(args.repeat, "--repeat")}
    corpora = load(_pairs(args.corpus, "corpus"), limits)
    train: list[Example] = []
    checks: dict[str, list[Example]] = {}
    for kind, rows in corpora.items():
        train += examples(nlp, [r for r in rows if not held_out(r[0])]) * repeats.get(kind, 1)
        checks[kind] = examples(nlp, [r for r in rows if held_out(r[0])])
    check = [ex for exs in checks.values() for ex in exs]
    optimizer = nlp.resume_training() if args.init else nlp.initialize(lambda: train)
    optimizer.learn_rate = args.lr
    started = time.perf_counter()
    best, history = -1.0, []
    if args.init:  # the model as it was: kept unless an epoch beats it
        best = evaluate(nlp, check)["f"]
        history.append({"epoch": 0, "f": best})
        print(json.dumps(history[-1]), flush=True)
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out)
    for epoch in range(args.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        score = evaluate(nlp, check)
        history.append({"epoch": epoch + 1, "loss": round(float(losses["tagger"]), 1), **score})
        print(json.dumps(history[-1]), flush=True)
        if score["f"] > best:
            best = score["f"]
            args.out.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(args.out)
    trained = spacy.load(args.out)
    report = {
        "sentences": {
            kind: {"train": len(rows) - len(checks[kind]), "check": len(checks[kind]), "repeat": repeats.get(kind, 1)}
            for kind, rows in corpora.items()
        },
        "seconds": round(time.perf_counter() - started, 1),
        "best_check_f": best,
        "check_by_source": {kind: evaluate(trained, exs) for kind, exs in checks.items()},
        "epochs": history,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
