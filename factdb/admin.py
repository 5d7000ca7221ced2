"""The admin's API tokens page: DRF's TokenAdmin (list with user and date, search by username,
a token made by picking a user) plus a rotate action and deletion (revoke) of the ones ticked.

DRF turns actions off because its change list links a row to the user's id, not the key; the
actions here get the ticked tokens' keys, which are their primary keys, so they work as usual.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import Token, TokenProxy

from factdb.api.tokens import token_rotate_for


class ApiTokenAdmin(TokenAdmin):
    list_display = ("user", "created", "key_start")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    actions = ["tokens_rotate", "delete_selected"]

    @admin.display(description="key")
    def key_start(self, token: Token) -> str:
        # Enough to tell tokens apart; the whole key is shown once, when it is made.
        return f"{token.key[:6]}…"

    @admin.action(description="Rotate the selected tokens (new keys, the old ones stop working)")
    def tokens_rotate(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        for token in queryset.select_related("user"):
            new = token_rotate_for(user=token.user)
            self.message_user(
                request, f"New key for {token.user.get_username()}: {new.key}", messages.SUCCESS
            )


admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, ApiTokenAdmin)
