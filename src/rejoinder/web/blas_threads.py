"""One BLAS thread in each server process, set where the process starts serving (``web.app``'s lifespan).

numpy hands its vector and matrix products to OpenBLAS, which by default splits each over every
core. In a server those are the refit of a site's learned layer (``SiteModel``'s Newton-CG, in
``services.spam_check``'s worker thread) and the checks' products with its weights, all small:
split over threads they mostly wait, and the threads spin while they wait. In a running server
on the 2-core machine, a check that refits a 3,000-mark layer took 700-1,270 ms (median of 12;
up to 5.9 s) and 980 ms of the server's CPU with numpy's default threads, 390-410 ms and 365 ms
with one; at 300 marks 55-66 ms against 34-36 (bench/RESULTS.md, "Findings (session 11, helper
B): one BLAS thread"). And ``rejoinder serve --workers N`` already runs one process per core, so a
second BLAS thread can only take a core from another process's requests.

Why here and not in the engine: ``rejoinder.spam`` knows nothing of processes and stays correct
with any number of threads (a notebook or ``rejoinder train`` may want them all); how many threads
a server process gives numpy is the server's choice. Why ``threadpoolctl`` and not
``OPENBLAS_NUM_THREADS``: the variable is read once, when numpy loads, so it would have to be in
the environment before the first ``import numpy`` of every process (``serve``'s own with one
worker, each spawned worker with more), and only OpenBLAS reads it; threadpoolctl changes the
loaded library's setting at any time, whichever BLAS numpy was built with.

numpy's wheels (the pinned numpy) ship OpenBLAS with its own pthreads pool, whose setting is the
whole process's, so the limit set on the event loop's thread also holds in the worker thread
that runs the fit. A BLAS threaded by OpenMP keeps the setting per thread; the test
(tests/cli/test_serve_blas_threads.py) reads it from a worker thread, so such a build would fail
it rather than go back to spinning unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """While the block runs, every BLAS library loaded in this process uses one thread; the
    previous settings are back afterwards, so a process that runs the app more than once (the
    tests) is left as it was."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
