from django.contrib import admin
from django.http import HttpRequest

from .models import LoginLockout


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    """Locked accounts; deleting a row unlocks the account (a helpdesk's remedy)."""

    list_display = ("account", "failures", "last_failure", "locked_until")
    ordering = ("-last_failure",)
    readonly_fields = ("account", "failures", "last_failure", "locked_until")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: LoginLockout | None = None
    ) -> bool:
        return False
