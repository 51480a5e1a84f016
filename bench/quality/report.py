"""Turn raw scores into tables (Markdown), target checks, JSON and ROC/PR charts.

Cross-validation results are *pooled*: every row is scored exactly once by the model that did not
train on it, and the metrics are computed over all out-of-fold scores together. The per-video
chronological table computes each video on its own; its "pooled" row joins the five test sets.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from bench.quality.experiment import Experiment, Outcome, Results
from rejoinder.spam.metrics import Report, recall, report

COLUMNS = (
    ("accuracy", "acc"),
    ("precision", "P"),
    ("recall", "R"),
    ("f1", "F1"),
    ("mcc", "MCC"),
    ("roc_auc", "ROC-AUC"),
    ("ham_flagged", "ham blocked"),
    ("fpr_at_95", "FPR@95"),
    ("fpr_at_99", "FPR@99"),
)


def pooled(outcomes: list[Outcome]) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([o.y for o in outcomes]), np.concatenate([o.scores for o in outcomes])


def safe_report(y: np.ndarray, scores: np.ndarray, threshold: float) -> Report | None:
    """None when a test set holds one class only (ROC-AUC and FPR are undefined there)."""
    if y.min() == y.max():
        return None
    return report(y, scores, threshold)


def robustness(outcomes: list[Outcome], threshold: float) -> dict[str, float]:
    """Recall on the clean test spam and, per technique, recall on its obfuscated copies / clean recall."""
    y, scores = pooled(outcomes)
    spam_scores = scores[y == 1]
    clean = recall(np.ones(spam_scores.size, dtype=np.int64), (spam_scores >= threshold).astype(np.int64))
    out = {"clean_recall": clean}
    for technique in outcomes[0].obfuscated:
        variant = np.concatenate([o.obfuscated[technique] for o in outcomes])
        caught = float(np.mean(variant >= threshold))
        out[f"{technique}_recall"] = caught
        out[f"{technique}_relative"] = caught / clean if clean else math.nan
    ham_clean = np.concatenate([o.scores[o.ham_positions] for o in outcomes])
    ham_obfuscated = np.concatenate([o.obfuscated_ham for o in outcomes])
    if ham_clean.size:
        out["ham_sampled"] = float(ham_clean.size)
        out["ham_flagged_clean"] = float(np.mean(ham_clean >= threshold))
        out["ham_flagged_combined"] = float(np.mean(ham_obfuscated >= threshold))
    return out


def summarize(
    experiment: Experiment, by_system: dict[str, list[Outcome]], thresholds: dict[str, float]
) -> dict[str, Any]:
    summary: dict[str, Any] = {"title": experiment.title, "notes": list(experiment.notes), "systems": {}}
    for name, outcomes in by_system.items():
        threshold = thresholds[name]
        y, scores = pooled(outcomes)
        entry: dict[str, Any] = {"pooled": report(y, scores, threshold).as_dict()}
        if experiment.per_split:
            entry["splits"] = {}
            for o in outcomes:
                r = safe_report(o.y, o.scores, threshold)
                entry["splits"][o.split] = r.as_dict() if r else {"n": len(o.y), "n_spam": int(o.y.sum())}
        if experiment.robustness and outcomes[0].obfuscated:
            entry["robustness"] = robustness(outcomes, threshold)
        summary["systems"][name] = entry
    return summary


def _cell(value: float | None, key: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value * 100:.2f}%" if key not in ("mcc", "roc_auc") else f"{value:.4f}"


def metrics_table(rows: list[tuple[str, dict[str, float]]]) -> str:
    head = "| system | n (spam) | " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + " --- |" * (len(COLUMNS) + 2)
    lines = [head, rule]
    for label, r in rows:
        cells = " | ".join(_cell(r.get(key), key) for key, _ in COLUMNS)
        lines.append(f"| {label} | {int(r['n'])} ({int(r['n_spam'])}) | {cells} |")
    return "\n".join(lines)


def robustness_table(summary: dict[str, Any]) -> str:
    systems = {n: e["robustness"] for n, e in summary["systems"].items() if "robustness" in e}
    if not systems:
        return ""
    techniques = [
        k.removesuffix("_relative") for k in next(iter(systems.values())) if k.endswith("_relative")
    ]
    lines = [
        "| system | clean recall | " + " | ".join(techniques) + " | ham flagged: clean → combined |",
        "|" + " --- |" * (len(techniques) + 3),
    ]
    for name, rob in systems.items():
        cells = " | ".join(
            f"{rob[f'{t}_recall'] * 100:.1f}% ({rob[f'{t}_relative'] * 100:.1f}%)" for t in techniques
        )
        ham = (
            f"{rob['ham_flagged_clean'] * 100:.1f}% → {rob['ham_flagged_combined'] * 100:.1f}% "
            f"(of {int(rob['ham_sampled'])})"
            if "ham_sampled" in rob
            else "n/a"
        )
        lines.append(f"| {name} | {rob['clean_recall'] * 100:.1f}% | {cells} | {ham} |")
    return "\n".join(lines)


def markdown(key: str, summary: dict[str, Any]) -> str:
    parts = [f"#### {summary['title']} (`{key}`)", ""]
    parts += [f"- {note}" for note in summary["notes"]]
    if summary["notes"]:
        parts.append("")
    rows = [(name, entry["pooled"]) for name, entry in summary["systems"].items()]
    parts.append(metrics_table(rows))
    split_rows = []
    for name, entry in summary["systems"].items():
        for split, r in entry.get("splits", {}).items():
            split_rows.append((f"{split}: {name}", r))
    if split_rows:
        split_rows.sort(key=lambda row: row[0].split(":")[0])
        parts += ["", "Per split:", "", metrics_table(split_rows)]
    rob = robustness_table(summary)
    if rob:
        parts += [
            "",
            "Robustness: recall on obfuscated copies of the test spam at the same threshold "
            "(in brackets: relative to clean recall). Last column: share of a sample of test ham flagged "
            "before and after the combined obfuscation, which tells robustness from treating odd "
            "characters as spam.",
            "",
            rob,
        ]
    return "\n".join(parts) + "\n"


def plot(experiment: Experiment, by_system: dict[str, list[Outcome]], path: Path) -> Path:
    """ROC and PR curves of every system side by side, one PNG per experiment."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rejoinder.cli.evaluate import draw_pr, draw_roc

    fig, (roc_ax, pr_ax) = plt.subplots(1, 2, figsize=(12, 5), dpi=100)
    for name, outcomes in by_system.items():
        y, scores = pooled(outcomes)
        draw_roc(roc_ax, name, y.tolist(), scores.tolist())
        draw_pr(pr_ax, name, y.tolist(), scores.tolist())
    roc_ax.set_title("ROC")
    pr_ax.set_title("precision-recall")
    fig.suptitle(experiment.title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def all_summaries(
    experiments: list[Experiment], results: Results, thresholds: dict[str, float]
) -> dict[str, Any]:
    return {e.key: summarize(e, results[e.key], thresholds) for e in experiments}
