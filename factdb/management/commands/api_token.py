"""`manage.py api_token {create,rotate,revoke,list} [USERNAME]`: users' API tokens."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factdb.api import tokens


class Command(BaseCommand):
    help = (
        "Manage a user's API token. create and rotate print the new key (only then is it "
        "shown); revoke deletes it; list shows who has one, and since when."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "rotate", "revoke", "list"])
        parser.add_argument("username", nargs="?", help="required except for list")

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        username: str | None = options["username"]
        if action != "list" and not username:
            raise CommandError(f"{action} needs a USERNAME.")
        try:
            if action == "list":
                for info in tokens.tokens_list(username=username):
                    self.stdout.write(f"{info.username}\t{info.created.isoformat()}")
            elif action == "revoke":
                assert username is not None
                tokens.token_revoke(username=username)
                self.stderr.write(f"Token of {username} revoked.")
            else:
                assert username is not None
                service = tokens.token_create if action == "create" else tokens.token_rotate
                # The key alone on stdout, so a script can capture it.
                self.stdout.write(service(username=username).key)
        except tokens.TokenError as error:
            raise CommandError(str(error)) from error
