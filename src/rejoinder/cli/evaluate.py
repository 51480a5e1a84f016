"""``rejoinder evaluate``: how well does a spam model do on *your* labelled comments?

A site owner exports comments their moderators already judged (JSON Lines with ``content`` and
``label``), and this command scores them with the shipped model or one they trained, then prints
the numbers that matter for moderation: precision and recall of spam, F1, MCC, ROC-AUC and, most
telling for a comment section, the share of legitimate comments that would be held back if the
filter is tuned to catch 95% or 99% of spam. It also draws ROC and precision-recall curves, since
a single threshold hides how much room there is to trade one error for the other.

The plotting helpers here are also used by ``bench/quality`` so the benchmark's charts look the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rejoinder.cli.spam_commands import MODEL_OPTION, load_engine

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from rejoinder.spam.metrics import Report

COMMENT_FIELDS = ("content", "author", "author_email", "author_url", "author_ip")


def parse_label(value: object) -> int | None:
    """``"spam"``/``"ham"`` (any case) or the integers 1/0; None for anything else."""
    if isinstance(value, str):
        return {"spam": 1, "ham": 0}.get(value.strip().lower())
    if type(value) is int and value in (0, 1):
        return value
    return None


def read_labelled(path: Path) -> tuple[list[dict[str, Any]], list[int]]:
    """Comments and 0/1 labels from a JSONL file; a bad line stops with its number and the fix."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"the file is not UTF-8 text (byte {exc.start}); export it as UTF-8 JSON Lines",
            param_hint="--data",
        ) from None
    comments: list[dict[str, Any]] = []
    labels: list[int] = []
    # split on "\n" only: JSON strings may hold U+2028, which str.splitlines() would cut
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            comment, label = parse_line(number, line)
            comments.append(comment)
            labels.append(label)
    if not comments:
        raise click.BadParameter("the file holds no comments", param_hint="--data")
    if len(set(labels)) < 2:
        raise click.BadParameter(
            "the file needs both spam and ham comments to measure anything", param_hint="--data"
        )
    return comments, labels


def parse_line(number: int, line: str) -> tuple[dict[str, Any], int]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"line {number} is not JSON ({exc.msg})", param_hint="--data") from None
    if not isinstance(row, dict) or not isinstance(row.get("content"), str):
        raise click.BadParameter(
            f'line {number} needs a "content" string, e.g. {{"content": "...", "label": "spam"}}',
            param_hint="--data",
        )
    label = parse_label(row.get("label"))
    if label is None:
        raise click.BadParameter(
            f'line {number} has label {row.get("label")!r}; use "spam" or "ham" (or 1 / 0)',
            param_hint="--data",
        )
    return {key: row[key] for key in COMMENT_FIELDS if row.get(key) is not None}, label


def batches(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def draw_roc(ax: Axes, label: str, y: Sequence[int], scores: Sequence[float]) -> None:
    """One ROC curve on ``ax``, AUC in the legend; the symlog axis shows the low-FPR end sites live in."""
    from rejoinder.spam.metrics import roc_auc, roc_curve

    fpr, tpr, _ = roc_curve(y, scores)
    ax.step(fpr, tpr, where="post", label=f"{label} (AUC {roc_auc(y, scores):.4f})")
    ax.set_xscale("symlog", linthresh=0.01)
    _frame(ax, "ham wrongly flagged (false-positive rate, symlog)", "spam caught (recall)", "lower right")


def draw_pr(ax: Axes, label: str, y: Sequence[int], scores: Sequence[float]) -> None:
    from rejoinder.spam.metrics import pr_curve

    prec, rec, _ = pr_curve(y, scores)
    ax.step(rec, prec, where="post", label=label)
    _frame(ax, "spam caught (recall)", "flagged that is spam (precision)", "lower left")


def _frame(ax: Axes, xlabel: str, ylabel: str, legend_at: str) -> None:
    """Both curves live in the unit square (a little headroom so a line at 1.0 shows)."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(loc=legend_at, fontsize="small")


def save_curves(y: Sequence[int], scores: Sequence[float], out_dir: Path, title: str) -> tuple[Path, Path]:
    """Write ``roc.png`` and ``pr.png`` into ``out_dir`` (Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / "roc.png", out_dir / "pr.png")
    for path, draw, kind in zip(paths, (draw_roc, draw_pr), ("ROC", "precision-recall"), strict=True):
        fig, ax = plt.subplots(figsize=(6, 5), dpi=100)
        draw(ax, "model", y, scores)
        ax.set_title(f"{kind}: {title}")
        fig.tight_layout()
        fig.savefig(path, format="png")
        plt.close(fig)
    return paths


def format_report(report: Report) -> str:
    rows = [
        ("comments", f"{report.n} ({report.n_spam} spam, {report.n - report.n_spam} ham)"),
        ("threshold", f"{report.threshold:.2f}"),
        ("accuracy", f"{report.accuracy:.4f}"),
        ("precision", f"{report.precision:.4f}"),
        ("recall", f"{report.recall:.4f}"),
        ("F1", f"{report.f1:.4f}"),
        ("MCC", f"{report.mcc:.4f}"),
        ("ROC-AUC", f"{report.roc_auc:.4f}"),
        ("ham flagged at threshold", f"{report.ham_flagged:.4f}"),
        ("ham flagged at 95% spam recall", f"{report.fpr_at_95:.4f}"),
        ("ham flagged at 99% spam recall", f"{report.fpr_at_99:.4f}"),
    ]
    return "\n".join(f"{name:<32}{value}" for name, value in rows)


def score_all(engine: Any, comments: Sequence[Mapping[str, Any]], batch_size: int) -> list[float]:
    from tqdm import tqdm

    scores: list[float] = []
    with tqdm(total=len(comments), desc="scoring", unit="comment", leave=False) as bar:
        for batch in batches(comments, batch_size):
            scores.extend(float(v.score) for v in engine.check_many(list(batch)))
            bar.update(len(batch))
    return scores


@click.command()
@click.option(
    "--data",
    "data_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON Lines, one comment a line: {"content": "...", "label": "spam"|"ham", "author": ...}',
)
@MODEL_OPTION
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Directory for roc.png and pr.png.",
)
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=256, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object instead.")
def evaluate(
    data_path: Path, model_path: Path | None, threshold: float, out_dir: Path, batch_size: int, as_json: bool
) -> None:
    """Measure a spam model on labelled comments and draw its ROC and precision-recall curves."""
    from rejoinder.spam.metrics import report

    comments, labels = read_labelled(data_path)
    engine = load_engine(model_path)
    scores = score_all(engine, comments, batch_size)
    result = report(labels, scores, threshold)
    roc_path, pr_path = save_curves(labels, scores, out_dir, data_path.name)
    if as_json:
        click.echo(json.dumps({**result.as_dict(), "roc_png": str(roc_path), "pr_png": str(pr_path)}))
        return
    click.echo(format_report(result))
    click.echo(f"wrote {roc_path} and {pr_path}")
