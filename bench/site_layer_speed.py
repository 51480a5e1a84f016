"""``python -m bench.site_layer_speed``: what a site's fitted layer costs as its marks grow.

A server process replays a site's whole log of marks on its first check, and refits the layer on the
first check after each new mark (``rejoinder.spam.site``), so the refit time is paid once per change,
by one check, in each process. For 50, 300, 1,000 and 3,000 marks (YouTube and SMS comments,
shuffled) this prints, in CPU time, best of 5: the fit alone, the replay of the log plus the fit, the
session-9 layer's replay (``bench.quality.stepped_site``), and the check cost per comment, single and
in a batch of 500, of the shipped model alone and with the layer. The session-9 layer's checks are
timed on the pure-Python build only: the compiled engine accepts no other class than ``SiteModel``.

numpy's BLAS runs on one thread, as in a server process (``rejoinder.web.blas_threads``, the same
call); ``--default-blas-threads`` leaves numpy's default (a thread per core), with which the refit
took 2-3 times the CPU on the 2-core machine (bench/RESULTS.md, "Findings (session 11, helper B)").
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.quality import corpora
from bench.quality.stepped_site import SteppedSiteModel

SIZES = (50, 300, 1000, 3000)
REPEATS = 5


def best(run: Callable[[], object]) -> float:
    """The least CPU time of ``REPEATS`` runs: the machine is shared, and noise only adds."""
    times = []
    for _ in range(REPEATS):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--default-blas-threads",
        action="store_true",
        help="numpy's default BLAS threads instead of the server's one",
    )
    args = parser.parse_args()
    from rejoinder.web.blas_threads import one_blas_thread

    with contextlib.nullcontext() if args.default_blas_threads else one_blas_thread():
        run()


def run() -> None:
    import threadpoolctl

    import rejoinder.spam.site as site_module
    from rejoinder.spam import Engine

    pure = site_module.__file__ is not None and site_module.__file__.endswith(".py")
    engine = Engine.load()
    rows = corpora.load("youtube_spam_collection") + corpora.load("sms_spam_collection")
    order = np.random.default_rng(0).permutation(len(rows))
    comments = [corpora.comment(rows[i]) for i in order]
    labels = [bool(v) for v in corpora.labels(rows)[order]]
    probe = comments[-500:]
    blas = threadpoolctl.threadpool_info()
    threads = "/".join(str(lib["num_threads"]) for lib in blas if lib["user_api"] == "blas")
    build = "pure Python" if pure else "compiled"
    print(f"engine build: {build}; BLAS threads: {threads}; CPU time, best of {REPEATS}\n")
    print(
        "| marks | fit | replay + fit | session-9 replay | single check, µs: base / session-9 / fitted "
        "| batch, µs per comment: base / session-9 / fitted |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in SIZES:
        print(row(engine, comments[:n], labels[:n], probe, pure), flush=True)


def row(
    engine: Any, marks: list[dict[str, Any]], marked: list[bool], probe: list[dict[str, Any]], pure: bool
) -> str:
    """One line of the table: ``marks`` learnt by both layers, timed, then checks of ``probe``."""
    from rejoinder.spam.features import extract

    one = extract(probe[:1], engine.model.config)
    fitted = engine.new_site_model()
    fitted.learn_many(marks, marked)
    stepped = SteppedSiteModel(engine.model)
    stepped.learn_many(marks, marked)

    def refit() -> None:  # what the first check after a change does, through the public job API
        job = fitted.fit_job()
        fitted.adopt(job, job.run())

    def replay() -> None:
        site = engine.new_site_model()
        site.learn_many(marks, marked)
        site.logits(one)

    def replay_stepped() -> None:
        site = SteppedSiteModel(engine.model)
        site.learn_many(marks, marked)
        site.logits(one)

    def single(site: Any) -> str:
        if site is stepped and not pure:
            return "-"
        return f"{best(lambda: [engine.check(c, site_model=site) for c in probe[:100]]) * 1e4:.0f}"

    def batch(site: Any) -> str:
        if site is stepped and not pure:
            return "-"
        return f"{best(lambda: engine.check_many(probe, site_model=site)) / len(probe) * 1e6:.0f}"

    return (
        f"| {len(marks):,} | {best(refit) * 1e3:,.0f} ms | {best(replay) * 1e3:,.0f} ms | "
        f"{best(replay_stepped) * 1e3:,.0f} ms | {single(None)} / {single(stepped)} / {single(fitted)} | "
        f"{batch(None)} / {batch(stepped)} / {batch(fitted)} |"
    )


if __name__ == "__main__":
    main()
