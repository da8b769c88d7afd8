"""Train the small character-level NER model (PER, ORG) that extraction ships in nlp/models/ner/.

A tagger over characters with BIO tags (B-PER, I-PER, B-ORG, I-ORG, O): one softmax per character, about ten
times cheaper per message than spaCy's transition-based `ner` at the same accuracy here.

Usage: python train/ner/train.py CLUENER_TRAIN_JSON [--out DIR] [--epochs N]
The corpus stays outside the repository (see DATA_CARD.md for where it comes from). Sentences are split once by
a stable hash into train (90 %) and a held-out check (10 %); the figures on the held-out part are printed as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

import spacy
from spacy.training import Example

from leadscribe.nlp.entities import bio_spans

# CLUENER labels -> ours; the others (game, book, movie, position, scene, address, government) are left out
LABELS = {"name": "PER", "company": "ORG", "organization": "ORG"}

CONFIG = {
    "nlp": {"tokenizer": {"segmenter": "char"}},
}
NER_CONFIG = {
    "model": {
        "@architectures": "spacy.Tagger.v2",
        "nO": None,
        "normalize": False,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": 64,
            "depth": 3,
            "embed_size": 4000,
            "window_size": 1,
            "maxout_pieces": 3,
            "subword_features": False,
        },
    }
}


def read_cluener(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        spans = []
        for label, names in (item.get("label") or {}).items():
            if label not in LABELS:
                continue
            for positions in names.values():
                for start, end in positions:
                    spans.append((start, end + 1, LABELS[label]))
        rows.append((item["text"], sorted(spans)))
    return rows


def held_out(text: str) -> bool:
    return hashlib.sha1(text.encode()).digest()[0] % 10 == 0


def examples(nlp: spacy.Language, rows: list[tuple[str, list[tuple[int, int, str]]]]) -> list[Example]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("src/leadscribe/nlp/models/ner"))
    parser.add_argument("--epochs", type=int, default=6)
    args = parser.parse_args()

    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("zh", config=CONFIG)
    tagger = nlp.add_pipe("tagger", config=NER_CONFIG)
    for label in sorted(set(LABELS.values())):
        tagger.add_label(f"B-{label}")
        tagger.add_label(f"I-{label}")
    tagger.add_label("O")
    rows = read_cluener(args.corpus)
    train = examples(nlp, [r for r in rows if not held_out(r[0])])
    check = examples(nlp, [r for r in rows if held_out(r[0])])
    optimizer = nlp.initialize(lambda: train)
    started = time.perf_counter()
    best, history = -1.0, []
    for epoch in range(args.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        score = evaluate(nlp, check)
        history.append({"epoch": epoch + 1, "loss": round(float(losses["tagger"]), 1), **score})
        if score["f"] > best:
            best = score["f"]
            args.out.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(args.out)
    report = {
        "sentences": {"train": len(train), "check": len(check)},
        "seconds": round(time.perf_counter() - started, 1),
        "best_check_f": best,
        "epochs": history,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
