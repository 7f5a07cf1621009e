"""The demo city's meetings (seed-city.md): the year's first plenary meeting (全体成员会议) with
the office's report, the four groups' reports and the three rules discussed, and its decisions;
the latest quarterly regular meeting, held, with the next one scheduled automatically and its
agenda proposed by the builder; open action items, some overdue, one closed.

Idempotent: each meeting is looked up by its title, each action item by its title."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.demo.seed import DEMO_ACTOR, SeedContext

from . import actions, agenda, services
from .models import ActionItem, ActionStatus, Meeting, MeetingKind, MeetingStatus

PLACE = "市行政中心第一会议室"
GROUP_LEADS = [("ZFB", "电子政务组"), ("FGJ", "城市与社区信息化组"), ("JMJ", "两化融合组"), ("NB", "农村信息化组")]
RULES = [
    ("《市信息化工作目标责任考核办法》",
     "目标责任考核：资源整合、网站建设与政务公开、办公自动化应用、信息化培训宣传、目标任务和项目完成情况。"),
    ("《市信息化专项经费管理办法》", "专项经费1000万元，重点保障项目与备选项目，垫付与报销，结转。"),
    ("《市政府投资信息化项目管理办法》",
     "项目须经信息委审核后报市政府研究；进度计划不得随意调整，调整须经信息办批准。"),
]
PLENARY_DECISIONS = [
    "审议通过《市信息化工作目标责任考核办法》，由信息办印发执行。",
    "原则通过《市信息化专项经费管理办法》，请市财政局会同信息办修改完善后印发。",
    "审议通过《市政府投资信息化项目管理办法》，自印发之日起施行。",
    "确定本年度信息化重点保障项目和备选项目，专项经费1000万元按计划安排。",
]
# (title, owner unit, due month, due day, closed)
ACTION_ITEMS = [
    ("各工作组报送年度工作计划和项目进度计划", "ZFB", 3, 15, True),
    ("灵桥镇报送农村信息化示范乡镇建设方案", "LQZ", 5, 31, False),
    ("市城管局完成数字城管平台与城市综合管理平台的视频资源整合方案", "CGJ", 9, 30, False),
    ("市信息中心报送中心机房整合迁移计划", "XXZX", 12, 31, False),
]


def _at(ctx: SeedContext, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(ctx.year, month, day, hour, minute))


def _ensure_held(meeting: Meeting) -> Meeting:
    if meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= timezone.now():
        meeting = services.meeting_hold(actor=DEMO_ACTOR, meeting=meeting,
                                        now=meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes))
    return meeting


def _attend(meeting: Meeting) -> None:
    if meeting.is_held:
        meeting.attendees.filter(attendance="invited").update(attendance="present")


def seed_plenary(ctx: SeedContext) -> Meeting:
    starts = _at(ctx, 2, 20, 9, 0)
    title = f"{ctx.year}年市信息化工作委员会第一次全体成员会议"
    meeting = Meeting.objects.filter(title=title).first()
    if meeting is not None:
        return meeting
    units = [ctx.units[code].pk for code in ("XXW", "ZFB", "FGJ", "JMJ", "NB", "XXZX", "CZJ", "SJJ", "JCJ")]
    meeting = services.meeting_create(
        actor=DEMO_ACTOR, kind=MeetingKind.PLENARY, title=title, starts_at=starts, place=PLACE,
        chair=ctx.people["leader"], chair_name="陈志远（市政府副市长、信息委主任）", duration_minutes=180,
        number=f"信息委〔{ctx.year}〕1号",
        notice="请各成员单位主要负责人准时参会，不得缺席；确需请假的，请提前向信息办报告。",
        attendees=[ctx.people[u].pk for u in ("office", "finance", "zfb", "fgj", "jmj", "nb")], attendee_units=units)
    report = services.agenda_item_add(actor=DEMO_ACTOR, meeting=meeting, kind="report",
                                      title="信息办作上年度工作总结和本年度工作安排的报告", presenter="信息委办公室")
    items = [report]
    for code, group in GROUP_LEADS:
        items.append(services.agenda_item_add(actor=DEMO_ACTOR, meeting=meeting, kind="report",
                                              title=f"{group}汇报本组工作计划", presenter=ctx.units[code].name))
    for title_, description in RULES:
        items.append(services.agenda_item_add(actor=DEMO_ACTOR, meeting=meeting, kind="rule",
                                              title=f"讨论{title_}", description=description, presenter="信息委办公室"))
    ctx.note(f"meeting {title}")
    meeting = _ensure_held(meeting)
    if not meeting.is_held:
        return meeting
    _attend(meeting)
    services.minutes_record(actor=DEMO_ACTOR, item=report,
                            minutes="会议听取了信息办的工作报告，充分肯定了上年度工作成效。")
    for item in items[1:5]:
        services.minutes_record(actor=DEMO_ACTOR, item=item, minutes="会议听取了汇报，同意该组年度工作计划。")
    for item, text in zip(items[5:], PLENARY_DECISIONS, strict=False):
        services.minutes_record(actor=DEMO_ACTOR, item=item, minutes="与会成员单位进行了认真讨论，提出了修改意见。")
        services.decision_record(actor=DEMO_ACTOR, meeting=meeting, item=item, outcome="approve", text=text)
    services.decision_record(actor=DEMO_ACTOR, meeting=meeting, text=PLENARY_DECISIONS[3])
    services.meeting_summary_record(actor=DEMO_ACTOR, meeting=meeting,
                                    summary="会议强调，各成员单位要按照“一办、四组、一中心”的工作格局，统筹推进全市信息化建设，避免重复建设。")
    return meeting


def seed_action_items(ctx: SeedContext, meeting: Meeting) -> None:
    for title, unit_code, month, day, closed in ACTION_ITEMS:
        if ActionItem.objects.filter(title=title).exists():
            continue
        item = actions.action_item_create(actor=DEMO_ACTOR, title=title, owner_unit=ctx.units[unit_code],
                                          due_date=dt.date(ctx.year, month, day),
                                          meeting=meeting if meeting.is_held else None)
        ctx.note(f"action item {title}")
        if closed and item.due_date <= ctx.today:
            actions.action_item_note(actor=DEMO_ACTOR, item=item, text="已报送，信息办审核后关闭。",
                                     status=ActionStatus.CLOSED)
        elif item.due_date <= ctx.today:
            actions.action_item_note(actor=DEMO_ACTOR, item=item, text="正在编制，尚未报送。",
                                     status=ActionStatus.IN_PROGRESS)


def seed_quarterly(ctx: SeedContext) -> Meeting | None:
    """The latest quarter's regular meeting already past: held; holding it schedules the next."""
    candidates = [dt.date(ctx.year, m, 15) for m in (5, 8, 11)]
    past = [d for d in candidates if d < ctx.today]
    if not past:
        return None
    day = past[-1]
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    title = services.default_title(MeetingKind.QUARTERLY, day)
    meeting = Meeting.objects.filter(title=title).first()
    if meeting is None:
        meeting = services.meeting_create(
            actor=DEMO_ACTOR, kind=MeetingKind.QUARTERLY, title=title, starts_at=_at(ctx, day.month, day.day, 9, 30),
            place=PLACE, chair=ctx.people["office"], number=f"信息委〔{ctx.year}〕{day.month}号",
            attendees=[ctx.people[u].pk for u in ("office", "leader", "finance", "zfb", "fgj", "jmj", "nb")])
        services.agenda_item_add(actor=DEMO_ACTOR, meeting=meeting, kind="report",
                                 title="信息办通报本季度信息化项目进展情况", presenter="信息委办公室")
        services.agenda_item_add(actor=DEMO_ACTOR, meeting=meeting, kind="fund_analysis",
                                 title="专项经费使用情况", presenter="市财政局")
        ctx.note(f"meeting {title}")
    if meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= timezone.now():
        meeting = _ensure_held(meeting)
        _attend(meeting)
        first = meeting.items.order_by("position").first()
        if first is not None:
            services.minutes_record(actor=DEMO_ACTOR, item=first,
                                    minutes="会议听取了项目进展通报，要求进度滞后的项目单位分析原因、落实整改措施。")
            decision = services.decision_record(actor=DEMO_ACTOR, meeting=meeting, item=first,
                                                text="进度滞后项目的责任单位于下月底前报送整改措施。")
            actions.action_item_create(actor=DEMO_ACTOR, title="进度滞后项目责任单位报送整改措施",
                                       owner_unit=ctx.units["CGJ"], decision=decision,
                                       due_date=min(day + dt.timedelta(days=45), dt.date(ctx.year, 12, 31)))
    return meeting


def seed_next_agenda(ctx: SeedContext) -> None:
    """The scheduled quarterly meeting gets the builder's proposals (reviews, change requests,
    late projects, overdue action items, the fund) unless its agenda was already made."""
    nxt = (Meeting.objects.filter(kind=MeetingKind.QUARTERLY, status=MeetingStatus.SCHEDULED)
           .order_by("starts_at").first())
    if nxt is None:
        nxt = services.quarterly_meeting_schedule_next(actor=DEMO_ACTOR, today=ctx.today)
        if nxt is None:
            return
    if nxt.items.exists():
        return
    sources = [p.source for _s, proposals in agenda.agenda_proposals(nxt) for p in proposals][:12]
    agenda.agenda_add_proposed(actor=DEMO_ACTOR, meeting=nxt, sources=sources)
    ctx.note(f"agenda of {nxt.title}")


def seed_demo(ctx: Any) -> None:
    plenary = seed_plenary(ctx)
    seed_action_items(ctx, plenary)
    seed_quarterly(ctx)
    seed_next_agenda(ctx)
