#!/usr/bin/env python3
"""Train the site-chrome line model (NL2xx) and write rules/data/chrome_model.json.

    .venv/bin/pip install numpy          # dev-only: training needs numpy, linting does not
    .venv/bin/python tools/train_chrome.py [../shared/corpus/chrome-dev] [--write]

The corpus holds the same pages as several extractors left them, with every line
labelled ``article``, ``chrome``, ``title`` or ``unknown`` (labels.jsonl: one
record per file with path, extractor, tier, url and [line, label, how, conf]
lists); only article and chrome lines are used. Features come from
``newslint.rules.chrome_lines.line_features`` (the same code the linter runs), so
the model and the rules cannot drift apart.

Short clean documents (news briefs, a post of a few paragraphs) are rare in the
corpus, so the model would learn that the last line of any document is likely
chrome. Every page therefore also gives a few *briefs*: its first and last one
to five article paragraphs, with and without its title, every line article.
They are trained on (weight BRIEF_WEIGHT) and never scored as the corpus's
tiers; cross-validation reports their findings per 10,000 words apart.

The script prints grouped cross-validation scores (every version of one page in
the same fold: never trained and tested on the same page), chooses the two
decision thresholds (extractor bodies / whole-page dumps) on the pooled
out-of-fold predictions, maximising main-tier F1 with at most 10 chrome findings
per 10,000 words of article text, then fits on everything and, with --write,
writes the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newslint.document import Document
from newslint.rules.chrome_lines import FEATURES, line_features

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "chrome-dev"
OUT = ROOT / "rules" / "data" / "chrome_model.json"
MAX_FP_PER_10K = 10.0
TIE_F1 = 0.001
BRIEF_WEIGHT = 0.3
# headlines are never chrome, and a flagged headline is the first thing a user sees:
# title lines weigh this much more (grouped CV: titles flagged 36 -> 15 of 131,
# main-tier F1 -0.003)
TITLE_WEIGHT = 3.0
BRIEF_PARAGRAPHS = (1, 2, 3, 4, 5)
BRIEF_EXTRACTORS = ("trafilatura", "newspaper", "goose3")  # clean bodies: their article lines


def briefs(rec: dict[str, Any], text: str) -> Iterator[tuple[str, dict[int, str]]]:
    """Short documents made of one page's article paragraphs (its first and its last
    few, with and without its title), with their labels."""
    lines = text.split("\n")
    article = [lines[n - 1].strip() for n, lab, *_ in rec["lines"]
               if lab == "article" and lines[n - 1].strip()]
    title = [lines[n - 1].strip() for n, lab, *_ in rec["lines"] if lab == "title"][:1]
    for k in BRIEF_PARAGRAPHS:
        if len(article) < k:
            continue
        for part in (article[:k], article[-k:]):
            for head in ([], title):
                paragraphs = head + part
                labels = {1 + 2 * i: "title" if head and i == 0 else "article"
                          for i in range(len(paragraphs))}
                yield "\n\n".join(paragraphs) + "\n", labels


def load(corpus: Path) -> dict[str, np.ndarray]:
    title: list[bool] = []
    xs, ys, hard, strong, dump, group, words, files = [], [], [], [], [], [], [], []
    synthetic: list[bool] = []

    def add(fi: int, rec: dict[str, Any], text: str, labels: dict[int, str], g: int,
            brief: bool) -> None:
        text_lines = text.split("\n")
        for number, row, is_strong, is_dump in line_features(Document(rec["path"], text)):
            lab = labels.get(number)
            xs.append(row)
            ys.append(-1 if lab is None else float(lab == "chrome"))
            title.append(lab == "title")
            hard.append(rec["tier"] == "hard")
            strong.append(is_strong)
            dump.append(is_dump)
            group.append(g)
            words.append(len(text_lines[number - 1].split()))
            files.append(fi)
            synthetic.append(brief)

    for fi, raw in enumerate((corpus / "labels.jsonl").open(encoding="utf-8")):
        rec = json.loads(raw)
        text = (corpus / rec["path"]).read_text(encoding="utf-8")
        labels = {n: lab for n, lab, *_ in rec["lines"] if lab in ("article", "chrome", "title")}
        g = int(hashlib.md5(rec["url"].encode()).hexdigest()[:8], 16)
        add(fi, rec, text, labels, g, False)
        if rec["extractor"] in BRIEF_EXTRACTORS:
            for brief, brief_labels in briefs(rec, text):
                add(-1, rec, brief, brief_labels, g, True)
    brief_rows = np.array(synthetic)
    return {
        "x": np.array(xs, dtype=float), "y": np.array(ys, dtype=float),
        "labelled": np.array(ys) >= 0,  # trained on: article, chrome and title lines
        # scored: article and chrome lines of the corpus's files (not the briefs)
        "scored": (np.array(ys) >= 0) & ~np.array(title) & ~brief_rows,
        "brief": brief_rows,
        "title": np.array(title),
        "hard": np.array(hard), "strong": np.array(strong), "dump": np.array(dump),
        "group": np.array(group), "words": np.array(words, dtype=float),
        "file": np.array(files),
    }


def fit(x: np.ndarray, y: np.ndarray, sw: np.ndarray, l2: float) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 1e-6
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sw * (p - y)) + reg * w
        h = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(reg)
        step = np.linalg.solve(h, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def weights_for(d: dict[str, np.ndarray], hard_weight: float) -> np.ndarray:
    sw = (np.where(d["hard"], hard_weight, 1.0) * np.where(d["brief"], BRIEF_WEIGHT, 1.0)
          * np.where(d["title"], TITLE_WEIGHT, 1.0))
    sw = sw * d["labelled"]
    return sw * d["labelled"].sum() / max(sw.sum(), 1e-9)


def scores(d: dict[str, np.ndarray], p: np.ndarray, threshold: float | np.ndarray
           ) -> dict[str, float]:
    flag = d["strong"] | (p >= threshold)
    y = d["y"] == 1
    lab = d["scored"]
    out = {}
    for tier, m in (("main", ~d["hard"] & lab), ("hard", d["hard"] & lab)):
        tp = (flag & y & m).sum()
        fp = (flag & ~y & m).sum()
        fn = (~flag & y & m).sum()
        pr = tp / max(tp + fp, 1)
        rc = tp / max(tp + fn, 1)
        out[f"{tier}_p"], out[f"{tier}_r"] = pr, rc
        out[f"{tier}_f1"] = 2 * pr * rc / max(pr + rc, 1e-9)
    art = (d["y"] == 0) & ~d["hard"] & d["scored"]
    out["fp10k"] = (flag & art).sum() * 1e4 / max(d["words"][art].sum(), 1)
    brief = d["brief"] & (d["y"] == 0) & ~d["hard"]
    out["brief_fp10k"] = (flag & brief).sum() * 1e4 / max(d["words"][brief].sum(), 1)
    titles = d["title"] & ~d["brief"] & ~d["hard"]
    out["titles"] = (flag & titles).sum() / max(titles.sum(), 1)
    return out


def choose_threshold(d: dict[str, np.ndarray], p: np.ndarray, tier: str) -> float:
    """Best F1 of the tier; for extractor bodies, with at most MAX_FP_PER_10K findings
    on article text; for page dumps (hard tier), of the thresholds within TIE_F1 of the
    best F1, the one with the fewest findings on article text."""
    grid = [float(t) for t in np.round(np.arange(0.2, 0.96, 0.025), 3)]
    found = [(t, scores(d, p, t)) for t in grid]
    if tier == "hard":
        top = max(s["hard_f1"] for _t, s in found)
        near = [(s["fp10k"], t) for t, s in found if s["hard_f1"] >= top - TIE_F1]
        return min(near)[1]
    best, best_f1 = 0.5, -1.0
    for t, s in found:
        if s["fp10k"] <= MAX_FP_PER_10K and s[f"{tier}_f1"] > best_f1:
            best, best_f1 = t, s[f"{tier}_f1"]
    return best


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def oof(d: dict[str, np.ndarray], x: np.ndarray, sw: np.ndarray, l2: float, folds: int
        ) -> np.ndarray:
    """Out-of-fold probabilities: every page is predicted by a model that never saw it."""
    fold_of = d["group"] % folds
    p = np.zeros(len(x))
    lab = d["labelled"]
    for k in range(folds):
        test = fold_of == k
        train = ~test & lab
        w = fit(x[train], d["y"][train], sw[train], l2)
        p[test] = sigmoid(x[test] @ w)
    return p


def cross_validate(d: dict[str, np.ndarray], l2: float, hard_weight: float, folds: int
                   ) -> np.ndarray:
    return oof(d, d["x"], weights_for(d, hard_weight), l2, folds)


def fmt(s: dict[str, float]) -> str:
    return (f"main P {s['main_p']:.3f} R {s['main_r']:.3f} F1 {s['main_f1']:.3f} | "
            f"hard P {s['hard_p']:.3f} R {s['hard_r']:.3f} F1 {s['hard_f1']:.3f} | "
            f"article FP/10k {s['fp10k']:.1f} | briefs FP/10k {s['brief_fp10k']:.1f} | "
            f"titles flagged {s['titles']:.0%}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, nargs="+", default=[0.3, 1.0, 3.0, 10.0, 30.0])
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = ap.parse_args()

    d = load(args.corpus)
    print(f"{int(d['scored'].sum())} scored lines, {int((d['y'] == 1).sum())} chrome, "
          f"{int(d['brief'].sum())} brief lines, {len(FEATURES)} features, "
          f"{len(set(d['group'].tolist()))} pages")
    print("direct hits only:", fmt(scores(d, np.zeros(len(d["y"])), 2.0)))
    model: dict[str, object] = {
        "about": "logistic regression over chrome_lines.FEATURES, one model for extractor "
                 "bodies and one for whole-page dumps; retrain with tools/train_chrome.py --write",
    }
    cv = np.zeros(len(d["y"]))
    thresholds = np.zeros(len(d["y"]))
    for kind, mask in (("body", ~d["dump"]), ("page_dump", d["dump"])):
        part = {k: v[mask] for k, v in d.items()}
        tier = "hard" if kind == "page_dump" else "main"
        best: tuple[float, float, float, np.ndarray] | None = None
        for l2 in args.l2:
            p = cross_validate(part, l2, 1.0, args.folds)
            t = choose_threshold(part, p, tier)
            s = scores(part, p, t)
            print(f"{kind}: CV l2={l2:<5} threshold {t:.3f}: " + fmt(s))
            if best is None or s[f"{tier}_f1"] > best[0]:
                best = (s[f"{tier}_f1"], l2, t, p)
        assert best is not None
        _, l2, t, p_cv = best
        cv[mask], thresholds[mask] = p_cv, t
        sw = weights_for(part, 1.0)
        lab = part["labelled"]
        w = fit(part["x"][lab], part["y"][lab], sw[lab], l2)
        p = sigmoid(part["x"] @ w)
        print(f"{kind}: chosen l2={l2} threshold {t}; fit on all (optimistic): "
              + fmt(scores(part, p, t)))
        order = np.argsort(-np.abs(w))
        print("  largest weights:", ", ".join(f"{FEATURES[i]} {w[i]:+.2f}" for i in order[:12]))
        model[kind] = {
            "l2": l2, "threshold": t,
            "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w, strict=True)},
        }
    print("CV, both models:", fmt(scores(d, cv, thresholds)))
    if args.write:
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
