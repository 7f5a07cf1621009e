"""The demo city's meetings: the first plenary meeting with its agenda and decisions, a quarterly
meeting, the next one scheduled with the builder's agenda, open action items; idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tongchou.demo.seed import seed_demo_city
from tongchou.meetings.models import ActionItem, ActionStatus, Meeting, MeetingKind, MeetingStatus


def test_the_demo_holds_the_first_plenary_meeting_and_follows_its_action_items(db: Any) -> None:
    # when: a demo on the 27th of November
    today = dt.date.today().replace(month=11, day=27)
    seed_demo_city(password="Demo-pass-2026", today=today)
    again = seed_demo_city(password="Demo-pass-2026", today=today)
    # then
    # (the fund's seed notes its candidates again on a second run: a funds matter, not checked here)
    assert [n for n in again.created if n.startswith(("meeting", "action item", "agenda"))] == []
    plenary = Meeting.objects.get(kind=MeetingKind.PLENARY)
    titles = [i.title for i in plenary.items.order_by("position")]
    assert plenary.status == MeetingStatus.HELD and len(titles) == 8
    assert "信息办" in titles[0] and all("汇报" in t for t in titles[1:5])
    assert ["目标责任考核" in titles[5], "专项经费" in titles[6], "政府投资" in titles[7]] == [True] * 3
    assert plenary.decisions.count() == 4
    assert Meeting.objects.filter(kind=MeetingKind.QUARTERLY, status=MeetingStatus.HELD).exists()
    upcoming = Meeting.objects.get(kind=MeetingKind.QUARTERLY, status=MeetingStatus.SCHEDULED)
    assert upcoming.items.filter(kind="action_item").exists()
    assert ActionItem.objects.exclude(status=ActionStatus.CLOSED).count() >= 3
    assert ActionItem.objects.filter(status=ActionStatus.CLOSED).exists()
