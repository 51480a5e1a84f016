"""Taking a moderator's access away: ``Store.remove_moderator`` on both backends, ``rejoinder admin
remove`` in a subprocess, and the dashboard's Remove button on a real app."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from rejoinder.domain import Moderator, Role
from rejoinder.errors import Conflict, NotFound
from rejoinder.storage import Store
from tests.admin.conftest import Dashboard, csrf_of
from tests.support.live_server import run_cli

PASSWORD = "correct horse battery"
LATER = datetime.now(UTC) + timedelta(hours=1)


async def _moderator(store: Store, name: str, role: Role = Role.MODERATOR) -> Moderator:
    return await store.add_moderator(name, role, "$argon2id$not-a-real-hash")


async def test_removal_ends_sessions_and_keeps_the_audit_trail(store: Store) -> None:
    owner = await _moderator(store, "olga", Role.OWNER)
    mo = await _moderator(store, "mo")
    await store.create_session("mo-session", mo.id, "csrf", LATER)
    await store.create_session("olga-session", owner.id, "csrf", LATER)
    await store.add_audit("mo", "approve", "comment:7")

    removed = await store.remove_moderator(mo.id, actor="olga")

    assert removed == mo
    assert [m.name for m in await store.list_moderators()] == ["olga"]
    assert await store.get_moderator_by_name("mo") is None
    assert await store.get_session("mo-session") is None
    assert await store.get_session("olga-session") is not None
    audit = [(e.actor, e.action, e.target, e.detail) for e in await store.list_audit()]
    assert ("mo", "approve", "comment:7", "") in audit  # their past actions keep their name
    assert ("olga", "remove_moderator", f"moderator:{mo.id}", "mo (moderator)") in audit
    # the name is free again, for someone new with no session of the old one's
    again = await _moderator(store, "mo")
    assert again.created_at != mo.created_at
    assert await store.get_session("mo-session") is None


async def test_the_last_owner_cannot_be_removed(store: Store) -> None:
    olga = await _moderator(store, "olga", Role.OWNER)
    mo = await _moderator(store, "mo")
    with pytest.raises(Conflict, match="last owner"):
        await store.remove_moderator(olga.id, actor="cli")
    ada = await _moderator(store, "ada", Role.OWNER)
    await store.remove_moderator(olga.id, actor="ada")
    with pytest.raises(Conflict, match="last owner"):
        await store.remove_moderator(ada.id, actor="cli")
    await store.remove_moderator(mo.id, actor="ada")  # the last moderator is no owner: may go
    assert [m.name for m in await store.list_moderators()] == ["ada"]
    with pytest.raises(NotFound):
        await store.remove_moderator(mo.id, actor="ada")
    assert [e.action for e in await store.list_audit()].count("remove_moderator") == 2


async def test_owners_removed_at_once_leave_one(store: Store) -> None:
    """Each removal sees the other owners before any commits; all but one may win."""
    await _moderator(store, "first", Role.OWNER)
    for round_ in range(4):
        await _moderator(store, f"a{round_}", Role.OWNER)
        await _moderator(store, f"b{round_}", Role.OWNER)
        owners = await store.list_moderators()
        assert len(owners) == 3
        results = await asyncio.gather(
            *(store.remove_moderator(m.id, actor="cli") for m in owners), return_exceptions=True
        )
        assert sorted(type(r).__name__ for r in results) == ["Conflict", "Moderator", "Moderator"]
        assert len(await store.list_moderators()) == 1


def _cli(db: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = run_cli("admin", *args, db_url=db, stdin=stdin, check=False)
    return result.returncode, result.stdout, result.stderr


def test_cli_remove_asks_refuses_the_last_owner_and_removes(store_url: str) -> None:
    db = store_url
    run_cli("admin", "add", "olga", "--password-stdin", "--role", "owner", db_url=db, stdin=PASSWORD)
    run_cli("admin", "add", "mo", "--password-stdin", db_url=db, stdin=PASSWORD)

    code, out, err = _cli(db, "remove", "mo", stdin="n\n")
    assert code == 1
    assert "Remove moderator 'mo'" in out
    assert "Aborted" in err
    assert "mo\tmoderator" in _cli(db, "list")[1]

    code, out, err = _cli(db, "remove", "mo", stdin="y\n")
    assert (code, err) == (0, "")
    assert "removed moderator 'mo'" in out
    assert "mo\t" not in _cli(db, "list")[1]

    code, out, err = _cli(db, "remove", "olga", "--yes")
    assert code == 1
    assert err.count("\n") == 1
    assert "olga is the last owner" in err
    assert "Traceback" not in err

    code, out, err = _cli(db, "remove", "nobody", "--yes")
    assert code == 1
    assert "no moderator named 'nobody'" in err

    run_cli("admin", "add", "ada", "--password-stdin", "--role", "owner", db_url=db, stdin=PASSWORD)
    code, out, _ = _cli(db, "remove", "olga", "--yes")
    assert code == 0
    assert "removed owner 'olga'" in out
    assert [line.split("\t")[0] for line in _cli(db, "list")[1].splitlines()] == ["ada"]


async def test_dashboard_remove_button_for_owners(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    mo = await store.get_moderator_by_name("mo")
    assert mo is not None
    mo_client, _ = await dashboard.login("mo")
    olga_client, token = await dashboard.login("olga")

    page = await olga_client.get("/admin/moderators")
    assert f'href="/admin/moderators/{mo.id}/remove"' in page.text
    confirm = await olga_client.get(f"/admin/moderators/{mo.id}/remove")
    assert confirm.status_code == 200
    assert "Remove moderator mo?" in confirm.text
    assert f'action="/admin/moderators/{mo.id}/remove"' in confirm.text

    forged = await olga_client.post(f"/admin/moderators/{mo.id}/remove", data={"csrf": "forged"})
    assert forged.status_code == 403
    assert await store.get_moderator_by_name("mo") is not None
    mo_refused = await mo_client.post(
        f"/admin/moderators/{mo.id}/remove", data={"csrf": csrf_of(confirm.text)}
    )
    assert mo_refused.status_code == 403

    done = await olga_client.post(f"/admin/moderators/{mo.id}/remove", data={"csrf": csrf_of(confirm.text)})
    assert done.status_code == 303
    assert await store.get_moderator_by_name("mo") is None
    assert (await mo_client.get("/admin/comments")).status_code == 303  # mo's session is gone
    assert "mo" not in [m.name for m in await store.list_moderators()]

    olga = await store.get_moderator_by_name("olga")
    assert olga is not None
    last = await olga_client.post(f"/admin/moderators/{olga.id}/remove", data={"csrf": token})
    assert last.status_code == 409
    assert "olga is the last owner" in last.text
    gone = await olga_client.get(f"/admin/moderators/{mo.id}/remove")
    assert gone.status_code == 404
