"""``tongchou gen-data``: meetings with agendas and decisions, and action items across the units;
``tongchou bench``: the meetings and action-item lists, a meeting's page and opening an action item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.scale.bench import BenchRequest, Operation

from .models import ActionItem, ActionStatus, AgendaItem, Decision, Meeting, MeetingKind, MeetingStatus

ITEM_TITLES = ["信息办工作报告", "项目进展通报", "专项经费使用情况", "项目审核", "调整申请审议", "督办事项落实情况",
               "目标考核办法讨论", "其他事项"]
ACTION_TITLES = ["报送整改措施", "报送建设方案", "完成资源整合", "报送年度计划", "完成机房迁移", "报送考核材料"]
BENCH_PREFIX = "bench-"


def generate(gen: Any) -> None:
    per_year = gen.by_scale(tiny=5, city=24, province=400)
    now = timezone.now()
    meetings = []
    for year in gen.years:
        for n in range(per_year):
            month = 1 + (n * 12) // per_year
            day = 1 + gen.rng.randrange(27)
            starts = timezone.make_aware(dt.datetime(year, month, day, 9, 30))
            kind = MeetingKind.PLENARY if n == 0 else gen.weighted(((MeetingKind.QUARTERLY, 4),
                                                                    (MeetingKind.SPECIAL, 1)))
            held = starts < now
            meetings.append(Meeting(kind=kind, title=f"{year}年第{n + 1}次信息委会议", starts_at=starts,
                                    place="市行政中心会议室", chair_name="主任", status=MeetingStatus.HELD if held
                                    else MeetingStatus.SCHEDULED, held_at=starts if held else None))
    gen.bulk_insert(Meeting, meetings, total=len(meetings), label="meetings")
    saved = list(Meeting.objects.order_by("id").values_list("id", "status"))
    items = [AgendaItem(meeting_id=pk, position=p + 1, kind="report", title=ITEM_TITLES[p % len(ITEM_TITLES)],
                        minutes="会议听取了汇报。" if status == MeetingStatus.HELD else "")
             for pk, status in saved for p in range(gen.rng.randint(4, 8))]
    gen.bulk_insert(AgendaItem, items, total=len(items), label="agenda items")
    held_ids = {pk for pk, status in saved if status == MeetingStatus.HELD}
    decided = [(i.pk, i.meeting_id) for i in AgendaItem.objects.filter(meeting_id__in=held_ids, position__lte=2)
               .only("id", "meeting_id")]
    gen.bulk_insert(Decision, (Decision(meeting_id=m, item_id=i, text="会议同意。", decided_by_name="信息办")
                               for i, m in decided), total=len(decided), label="decisions")
    count = gen.by_scale(tiny=40, city=1_200, province=60_000)
    today = timezone.localdate()
    held_list = sorted(held_ids)

    def action_rows() -> Any:
        for n in range(count):
            due = today + dt.timedelta(days=gen.rng.randint(-200, 120))
            status = gen.weighted(((ActionStatus.OPEN, 3), (ActionStatus.IN_PROGRESS, 2), (ActionStatus.CLOSED, 5)))
            yield ActionItem(title=ACTION_TITLES[n % len(ACTION_TITLES)], owner_unit_id=gen.rng.choice(gen.unit_ids),
                             due_date=due, status=status,
                             meeting_id=gen.rng.choice(held_list) if held_list else None,
                             closed_at=now if status == ActionStatus.CLOSED else None)

    gen.bulk_insert(ActionItem, action_rows(), total=count, label="action items")


def bench_operations(ctx: Any) -> list[Operation]:
    meeting_ids = list(Meeting.objects.order_by("-starts_at").values_list("id", flat=True)[:50]) or [0]
    unit = ctx.users["unit"]
    pages = max(1, ActionItem.objects.count() // 50)

    def create(i: int) -> BenchRequest:
        return BenchRequest("/api/v1/action-items/", method="POST", json={
            "title": f"{BENCH_PREFIX}{ctx.run_id}-{i}", "owner_unit": unit.unit_id,
            "due_date": f"{ctx.year}-12-31"})

    def cleanup() -> None:
        ActionItem.objects.filter(title__startswith=f"{BENCH_PREFIX}{ctx.run_id}").delete()

    return [
        Operation("meetings: list", lambda i: BenchRequest(f"/meetings/?page={1 + i % 3}")),
        Operation("meetings: a meeting's page",
                  lambda i: BenchRequest(f"/meetings/{meeting_ids[i % len(meeting_ids)]}/")),
        Operation("meetings: action items, not closed",
                  lambda i: BenchRequest(f"/meetings/actions/?status=unclosed&page={1 + i % min(pages, 5)}")),
        Operation("meetings: a unit's overdue action items",
                  lambda i: BenchRequest("/meetings/actions/?overdue=1&status=unclosed"), actor="unit"),
        Operation("API GET /api/v1/action-items/",
                  lambda i: BenchRequest(f"/api/v1/action-items/?page={1 + i % min(pages, 5)}"), api=True),
        Operation("API POST /api/v1/action-items/", create, api=True, kind="write", budget_ms=150, expect=201,
                  cleanup=cleanup),
    ]
