"""``rejoinder classify`` and ``rejoinder train``: the spam engine on the command line.

Imports only click, json and the spam engine (never the web stack), so ``classify`` starts in a
fraction of a second and 10,000 comments take a few seconds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

BATCH = 1000

# classify and evaluate: the same model, found the same way as the server finds it
MODEL_OPTION = click.option(
    "--model",
    "model_path",
    envvar="REJOINDER_MODEL_PATH",
    show_envvar=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A model directory, as `rejoinder train` writes it (default: the model shipped with Rejoinder).",
)


def load_engine(model_path: Path | None) -> Any:
    """The spam engine of ``model_path`` (None: the shipped model), or a one-line error, exit 1."""
    from rejoinder.spam import Engine, ModelFileError

    try:
        return Engine.load(model_path)
    except ModelFileError as exc:
        raise click.ClickException(f"cannot load the model: {exc}") from None


def _parse(lines: Iterator[bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, comment or None, error) for every input line."""
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            yield number, None, "empty line"
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield number, None, f"not valid JSON: {exc}"
            continue
        if not isinstance(value, dict):
            yield number, None, f"expected a JSON object, got {type(value).__name__}"
            continue
        yield number, value, ""


def _flush(engine: Any, pending: list[tuple[int, dict[str, Any] | None, str]], out: IO[str]) -> None:
    comments = [c for _, c, _ in pending if c is not None]
    verdicts = iter(engine.check_many(comments))
    lines = []
    for number, comment, error in pending:
        if comment is None:
            record: dict[str, Any] = {"id": None, "line": number, "error": error}
        else:
            verdict = next(verdicts)
            record = {"id": comment.get("id"), **verdict.to_json()}
        lines.append(json.dumps(record) + "\n")
    out.write("".join(lines))


@click.command()
@click.argument("file", type=click.File("rb"), default="-")
@MODEL_OPTION
def classify(file: IO[bytes], model_path: Path | None) -> None:
    """Score comments: read JSON Lines from FILE (or stdin), write one JSON verdict per line.

    Each input line is a JSON object with Akismet-style fields (comment_content, comment_author,
    comment_author_email, comment_author_url, user_ip, user_agent, ...) or short ones (content,
    author, author_email, author_url); "id" is echoed back. A line that is not a JSON object gets
    {"id": null, "line": N, "error": "..."} and the run goes on.
    """
    engine = load_engine(model_path)
    out = sys.stdout
    pending: list[tuple[int, dict[str, Any] | None, str]] = []
    try:
        for item in _parse(iter(file)):
            pending.append(item)
            if len(pending) >= BATCH:
                _flush(engine, pending, out)
                pending = []
    except OSError as exc:
        raise click.ClickException(f"cannot read the input: {exc}") from exc
    _flush(engine, pending, out)
    out.flush()


@click.command()
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of labelled JSONL files (searched recursively); rows need content and label.",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Model directory to write.",
)
def train(data_dir: Path, out_dir: Path) -> None:
    """Train a spam model from labelled JSON Lines files and save it to OUT."""
    from rejoinder.spam.corpus import read_jsonl, sha256_of
    from rejoinder.spam.trainer import SEED
    from rejoinder.spam.trainer import train as fit

    files = sorted(data_dir.rglob("*.jsonl"))
    if not files:
        raise click.UsageError(f"no .jsonl files in {data_dir}", ctx=click.get_current_context())
    sources = {str(p.relative_to(data_dir).with_suffix("")): read_jsonl(p) for p in files}
    try:
        model, report = fit(sources, log=click.echo)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    inputs = {
        name: {"sha256": sha256_of(p), "rows": len(sources[name])}
        for name, p in zip(sources, files, strict=True)
    }
    model.save(out_dir, extra={"training": {"seed": SEED, "inputs": inputs, **report.to_json()}})
    click.echo(f"wrote {out_dir}")
