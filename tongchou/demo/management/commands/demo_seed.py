from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from tongchou.demo import city
from tongchou.demo.seed import seed_demo_city
from tongchou.org.models import Role


class Command(BaseCommand):
    help = "Load the demo city (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", default="tongchou2026")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's history sends notifications; they are kept in memory, not printed over the logins.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ctx = seed_demo_city(password=options["password"])
        if options["quiet"]:
            return
        self.stdout.write(f"演示城市已就绪 Demo city ready ({ctx.year}): "
                          f"{len(ctx.created)} 项新建 new records" if ctx.created else
                          f"演示城市已就绪 Demo city ready ({ctx.year}): 无变化 nothing changed")
        self.stdout.write(f"\n演示登录 Demo logins (密码 password: {options['password']}):")
        labels = dict(Role.choices)
        units = {code: name for code, name, _kind in city.UNITS}
        for username, family, given, unit_code, role, _phone in city.PEOPLE:
            self.stdout.write(f"  {username:<8} {family}{given:<4} {labels[role]!s:<10} {units[unit_code]}")
