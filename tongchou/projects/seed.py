"""The demo city's lifecycle: projects spread over every state, reviews with opinions and scores,
a baseline v2 from an approved change, a pending change in the office's queue, a late project
with its cause analysis. Only services; idempotent (a project that has milestones is left alone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tongchou.org.models import Role, User

from . import services
from .baselines import milestone_create, milestone_update
from .changes import change_request_create, change_request_decide
from .delays import delay_explain, delay_unexplained
from .documents import document_upload
from .lifecycle import project_transition
from .models import Project

HAPPY_PATH = ["submit", "start_review", "pass_review", "submit_to_government", "record_government_approval",
              "start_implementation", "request_acceptance", "accept", "close"]
UNIT_ACTIONS = {"submit", "request_acceptance", "start_implementation"}

# demo code → (how far along the happy path, then an optional last action with its comment)
PLAN: dict[str, tuple[int, str, str]] = {
    "DZJC-01": (6, "", ""),                       # in implementation, schedule change approved → baseline v2
    "CSZH-01": (6, "", ""),                       # in implementation and late, with its cause analysis
    "SZCG-01": (5, "", ""),                       # approved; a budget change waits in the office's queue
    "SJJD-01": (4, "", ""),                       # submitted to the city government
    "OA-01": (7, "", ""),                         # acceptance requested
    "XXZX-01": (8, "", ""),                       # accepted
    "ZZJN-01": (3, "", ""),                       # reviewed favourably
    "DSQY-01": (2, "", ""),                       # under committee review
    "NCSF-01": (6, "", ""),                       # 灵桥镇 proceeds on its own advance payment (funds demo)
    "NCSF-02": (6, "", ""),                       # funded from the second-half remainder (funds demo)
    "NCSF-03": (6, "", ""),                       # guaranteed: the 15 demonstration villages
}
# Projects the demo adds to show the remaining states: (code, name, unit, programme, budget, plan)
EXTRA: list[tuple[str, str, str, str, str, tuple[int, str, str]]] = [
    ("ZWWZ-01", "政府门户网站群改版", "ZFB", "P1", "600000.00", (9, "", "")),
    ("YJZH-01", "应急指挥视频会商系统", "JCJ", "P2", "1800000.00",
     (2, "reject", "与市公安局在建的视频会商平台功能重复，不予通过，请接入现有平台。")),
    ("SJGX-01", "审计数据共享分析平台", "SJJ", "P1", "900000.00",
     (6, "suspend", "数据接口标准待市信息中心统一发布，暂停实施。")),
    ("CGYD-01", "城管移动执法终端采购", "CGJ", "P2", "400000.00",
     (1, "cancel", "已并入数字城管平台统一建设，撤销本项目。")),
    ("NJRX-01", "灵桥镇农技服务热线平台", "LQZ", "P4", "200000.00", (1, "", "")),
    ("WGGL-01", "东洲街道社区网格化管理系统", "DZJD", "P4", "300000.00",
     (2, "return", "建设内容与东洲街道智慧社区平台重复，请合并后重新申报，并补充运维经费测算。")),
]
# The person each extra project's unit named as responsible (负责人), as the unit's form would say.
EXTRA_OWNERS = {"ZWWZ-01": "刘晓明", "YJZH-01": "何建军", "SJGX-01": "高雅琴", "CGYD-01": "马国强",
                "NJRX-01": "徐春燕", "WGGL-01": "林志斌"}
OPINIONS = [
    ("同意立项。建设内容明确，与全市电子政务总体框架一致。", "86", "按期提交初步设计；数据接入市数据交换平台。"),
    ("同意立项，建议压缩硬件投入，优先利用市信息中心机房资源。", "78", "服务器统一部署在市信息中心。"),
    ("基本同意。需补充运维经费测算和等级保护方案。", "72", "实施前完成等保定级备案。"),
]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _person(project: Project, office: Any) -> Any:
    return (User.objects.filter(unit_id=project.unit_id, role__in=(Role.UNIT, Role.GROUP_LEAD), is_active=True)
            .order_by("id").first() or office)


def _milestones(project: Project, actor: Any, today: dt.date) -> None:
    start, end = project.planned_start, project.planned_end
    assert start and end
    span = (end - start).days
    for name, share, deliverable in [("需求调研与方案设计", 0.15, "需求规格说明书"),
                                     ("系统开发与部署", 0.45, "系统部署报告"),
                                     ("试运行", 0.75, "试运行报告"), ("竣工验收", 0.98, "验收报告")]:
        milestone_create(actor=actor, project=project, data={
            "name": name, "planned_date": start + dt.timedelta(days=int(span * share)), "deliverable": deliverable})


def _walk(ctx: Any, project: Project, steps: int, last: str, comment: str, index: int) -> Project:
    office = ctx.people["office"]
    unit = _person(project, office)
    opinion, score, conditions = OPINIONS[index % len(OPINIONS)]
    for action in HAPPY_PATH[:steps]:
        actor = unit if action in UNIT_ACTIONS else office
        extra: dict[str, Any] = {}
        if action == "pass_review":
            extra = {"comment": opinion, "score": score, "conditions": conditions,
                     "reviewers": "信息委专家组：张明、刘芳、陈立"}
        project = project_transition(actor=actor, project=project, action=action, **extra)
        if action == "start_implementation":
            _record_progress(ctx, project, unit)
    if last:
        actor = unit if last == "cancel" and project.status in ("draft", "submitted") else office
        project = project_transition(actor=actor, project=project, action=last, comment=comment)
    return project


def _record_progress(ctx: Any, project: Project, unit: Any) -> None:
    """Milestones due before today are done on their planned date (the late project's are not)."""
    if project.code == "CSZH-01":
        done = list(project.milestones.filter(planned_date__lt=ctx.today))[:1]
    else:
        done = list(project.milestones.filter(planned_date__lt=ctx.today))
    for milestone in done:
        milestone_update(actor=unit, milestone=milestone, data={"actual_date": milestone.planned_date})


def _seed_one(ctx: Any, project: Project, plan: tuple[int, str, str], index: int) -> None:
    steps, last, comment = plan
    office = ctx.people["office"]
    unit = _person(project, office)
    if project.code == "CSZH-01" and project.planned_start and (ctx.today - project.planned_start).days < 150:
        # The late project must have milestones behind it whatever day the demo is built.
        project = services.project_update(actor=unit, project=project, data={
            "planned_start": ctx.today - dt.timedelta(days=180),
            "planned_end": max(project.planned_end or ctx.today, ctx.today + dt.timedelta(days=120))},
            reason="按实际启动时间调整计划")
    _milestones(project, unit, ctx.today)
    document_upload(actor=unit, project=project, stage="proposal", title=f"{project.name}项目建议书",
                    file=SimpleUploadedFile("项目建议书.pdf", PDF))
    project = _walk(ctx, project, steps, last, comment, index)
    if project.code == "DZJC-01":
        m = project.milestones.order_by("planned_date")[2]
        cr = change_request_create(actor=unit, project=project, kind="schedule",
                                   reason="公共资源交易中心系统接口改造延后，试运行需顺延一个月。",
                                   proposal={"milestones": [{"id": m.pk, "planned_date": m.planned_date
                                                             + dt.timedelta(days=31)}]})
        change_request_decide(actor=office, change_request=cr, approve=True, comment="同意顺延，不得影响年底验收。")
    if project.code == "SZCG-01":
        change_request_create(actor=unit, project=project, kind="budget",
                              reason="增加城管执法视频接入模块，需追加预算。",
                              proposal={"requested_budget": str(project.requested_budget + 300000)})
    if project.code == "CSZH-01":
        for milestone in delay_unexplained(project, ctx.today):
            delay_explain(actor=unit, milestone=milestone,
                          cause="数据交换中心机房改造推迟，服务器无法按期上架；部分委办局数据接口标准未统一。",
                          measures="协调市信息中心临时机位先行部署；每周召开接口协调会，"
                                   "由分管领导督办，计划一个月内追回进度。",
                          expected_date=ctx.today + dt.timedelta(days=30))
    ctx.projects[project.code] = project  # later seeds (funds, progress) see the project's new status
    ctx.note(f"lifecycle {project.code} → {project.status}")


def seed_demo(ctx: Any) -> None:
    for index, (code, plan) in enumerate(PLAN.items()):
        project = ctx.projects.get(code)
        if project is None or project.milestones.exists():
            continue
        _seed_one(ctx, project, plan, index)
    for index, (code, name, unit_code, programme, budget, plan) in enumerate(EXTRA):
        project = Project.objects.filter(year=ctx.year, code=code).first()
        if project is None:
            actor = ctx.people["office"]
            project = services.project_create(actor=actor, data={
                "code": code, "name": name, "year": ctx.year, "programme": ctx.programmes[programme],
                "unit": ctx.units[unit_code], "owner_name": EXTRA_OWNERS[code], "requested_budget": budget,
                "tier": "reserve", "planned_start": dt.date(ctx.year, 1, 1), "planned_end": dt.date(ctx.year, 12, 31),
                "description": f"{name}。", "modules": [{"name": name, "description": ""}]})
            ctx.note(f"project {code}")
        ctx.projects[code] = project
        if not project.milestones.exists():
            _seed_one(ctx, project, plan, index)
