"""A separate process that writes comments, for the concurrency and crash tests.

    python -m tests.storage.writer DB_URL THREAD_ID COUNT TAG

It inserts COUNT comments into THREAD_ID and bumps the key usage of key TAG once per comment,
printing ``ack <id>`` after each insert has returned (that is, after the commit), the moment a
real server would answer 201.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace

from rejoinder.storage import open_store
from tests.storage.helpers import BASE


async def main(url: str, thread_id: int, count: int, tag: str) -> None:
    store = await open_store(url)
    try:
        for i in range(count):
            comment = await store.insert_comment(replace(BASE, thread_id=thread_id, text=f"{tag} {i}"))
            await store.count_key_usage(tag, "2026-11")
            print(f"ack {comment.id}", flush=True)
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
