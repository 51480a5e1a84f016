"""The ``rejoinder`` command. Each group of subcommands lives in its own module and is imported
only when used, so ``rejoinder classify`` starts without loading the web stack."""

from __future__ import annotations

import importlib
from typing import Any

import click

# command name -> "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "serve": "rejoinder.cli.serve:serve",
    "classify": "rejoinder.cli.spam_commands:classify",
    "train": "rejoinder.cli.spam_commands:train",
    "evaluate": "rejoinder.cli.evaluate:evaluate",
    "keys": "rejoinder.cli.keys:keys",
    "sites": "rejoinder.cli.sites:sites",
    "admin": "rejoinder.cli.admin:admin",
    "privacy": "rejoinder.cli.privacy:privacy",
    "demo": "rejoinder.cli.demo:demo",
    "import": "rejoinder.cli.import_command:import_",
    "database": "rejoinder.cli.database:database",
    "mail": "rejoinder.cli.mail:mail",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command: Any = getattr(module, attribute)
        return command  # type: ignore[no-any-return]


@click.group(cls=LazyGroup)
@click.version_option(package_name="rejoinder")
def main() -> None:
    """Rejoinder: comments for your own site, with a spam filter that runs on your own server."""
