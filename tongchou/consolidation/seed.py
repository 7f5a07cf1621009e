"""The demo city's consolidation (shared/design/seed-city.md): the central machine room's assets,
unit prices, the three savings the committee counts with their projects, and a new proposal that
the duplicate-construction check flags against the e-supervision platform (DZJC-01).
Idempotent: what exists is left as it is. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tongchou.demo.seed import DEMO_ACTOR
from tongchou.projects import services as project_services
from tongchou.projects.models import Module, Project

from . import services
from .models import Asset, InfraNeed, NeedStatus, OverlapDecision, Saving, SavingStatus, UnitPrice

ASSETS: list[dict[str, Any]] = [
    {
        "code": "JF-VM-01",
        "name": "中心机房服务器虚拟化资源池",
        "kind": "server",
        "location": "市信息中心中心机房",
        "description": "虚拟化服务器集群，供各部门业务系统共享部署。",
        "vcpu": "512",
        "memory_gb": "2048",
        "storage_tb": "100",
        "bandwidth_mbps": "1000",
    },
    {
        "code": "JF-ST-01",
        "name": "中心机房集中存储阵列",
        "kind": "storage",
        "location": "市信息中心中心机房",
        "description": "集中存储和备份，含视频存储。",
        "storage_tb": "300",
    },
    {
        "code": "JF-NET-01",
        "name": "电子政务外网出口",
        "kind": "network",
        "location": "市信息中心中心机房",
        "description": "政务外网互联网出口带宽。",
        "bandwidth_mbps": "2000",
    },
    {
        "code": "JF-SEC-01",
        "name": "网络安全防护设备（防火墙、入侵检测、等级保护）",
        "kind": "security",
        "location": "市信息中心中心机房",
        "description": "共享的边界防护和等级保护设备。",
        "bandwidth_mbps": "2000",
    },
    {
        "code": "JF-PLT-01",
        "name": "数据交换平台",
        "kind": "platform",
        "location": "市信息中心",
        "description": "部门间数据交换和共享平台，按接入系统计。",
        "seats": "60",
    },
    {
        "code": "JF-LIC-01",
        "name": "正版数据库软件授权",
        "kind": "licence",
        "location": "市信息中心",
        "description": "集中采购的数据库软件授权。",
        "seats": "40",
    },
]

PRICES = {"vcpu": "3000", "memory_gb": "300", "storage_tb": "8000", "bandwidth_mbps": "500", "seats": "20000"}

# Shared machine-room servers for the three platforms (seed-city: 2–3 million). Each allocation
# is estimated at unit prices; the office confirmed two at its own figure, SZCG-01's waits.
NEEDS: list[tuple[str, str, dict[str, str], str | None]] = [
    (
        "DZJC-01",
        "电子监察系统应用和数据库服务器",
        {"vcpu": "64", "memory_gb": "256", "storage_tb": "20", "bandwidth_mbps": "50"},
        "900000.00",
    ),
    (
        "CSZH-01",
        "综合管理平台服务器",
        {"vcpu": "128", "memory_gb": "512", "storage_tb": "40", "bandwidth_mbps": "200"},
        "900000.00",
    ),
    (
        "SZCG-01",
        "数字城管平台服务器",
        {"vcpu": "100", "memory_gb": "400", "storage_tb": "30", "bandwidth_mbps": "80"},
        None,
    ),
]

PROPOSAL: dict[str, Any] = {
    "code": "XZXN-01",
    "name": "行政审批效能监察系统",
    "programme": "P1",
    "unit": "ZFB",
    "proposer": "zfb",
    "owner": ("赵文华", "0571-63300011"),
    "budget": "1500000.00",
    "description": (
        "建设效能监察系统，对各部门网上审批事项的办理时限进行实时监控，"
        "对行政处罚裁量和招投标、政府采购活动进行网上监督，超时办理自动告警纠错。"
    ),
    "modules": [
        ("网上审批实时监控", "对审批事项的受理、办理和办结环节进行在线监控，超时自动预警纠错。"),
        ("行政处罚网上监督", "对行政处罚自由裁量权行使情况进行网上监督。"),
        ("招投标和政府采购监督", "对工程招投标和政府采购交易活动进行全程监督。"),
        ("效能投诉受理", "受理群众对机关效能问题的投诉并督办。"),
    ],
}


def _project(ctx: Any, code: str) -> Project:
    return ctx.projects.get(code) or Project.objects.get(year=ctx.year, code=code)


def seed_demo(ctx: Any) -> None:
    for spec in ASSETS:
        if not Asset.objects.filter(code=spec["code"]).exists():
            services.asset_create(actor=DEMO_ACTOR, data={**spec, "operator": ctx.units["XXZX"]})
            ctx.note(f"asset {spec['code']}")
    for resource, price in PRICES.items():
        if not UnitPrice.objects.filter(resource=resource).exists():
            services.unit_price_set(actor=DEMO_ACTOR, resource=resource, price=price)
            ctx.note(f"unit price {resource}")

    pool = Asset.objects.get(code="JF-VM-01")
    for code, description, amounts, confirmed_amount in NEEDS:
        project = _project(ctx, code)
        need = InfraNeed.objects.filter(project=project, description=description).first()
        if need is None:
            need = services.need_create(actor=DEMO_ACTOR, project=project, data={"description": description, **amounts})
            ctx.note(f"need {code}")
        if need.status == NeedStatus.OPEN:
            services.allocation_create(actor=DEMO_ACTOR, need=need, asset=pool)
            ctx.note(f"allocation {code}")
        saving = Saving.objects.filter(allocation__need=need).first()
        if saving is not None and confirmed_amount and saving.status == SavingStatus.ESTIMATED:
            services.saving_confirm(actor=DEMO_ACTOR, saving=saving, amount=confirmed_amount)
            ctx.note(f"confirmed saving {code}")

    cszh, szcg = _project(ctx, "CSZH-01"), _project(ctx, "SZCG-01")
    if not OverlapDecision.objects.filter(project=szcg, other_project=cszh).exists():
        module = Module.objects.filter(project=cszh, name="视频监控整合").first()
        services.decision_record(
            actor=DEMO_ACTOR,
            project=szcg,
            data={
                "kind": "reuse_module",
                "other_project": cszh.pk,
                "module": module.pk if module else None,
                "note": (
                    "数字城管的视频监控接入城市数字信息综合管理平台，不再单独建设视频监控平台；公安、交通同样接入。"
                ),
                "saving_amount": "4500000.00",
                "saving_kind": "merged_platform",
                "saving_title": "一个综合平台代替分散建设的视频监控平台",
                "saving_basis": (
                    "公安、城管、交通原拟各建视频监控平台（各约150万元），整合到城市数字信息综合管理平台统一建设。"
                ),
            },
        )
        ctx.note("decision SZCG-01 / CSZH-01")
    sjjd, dzjc = _project(ctx, "SJJD-01"), _project(ctx, "DZJC-01")
    if not OverlapDecision.objects.filter(project=sjjd, other_project=dzjc).exists():
        services.decision_record(
            actor=DEMO_ACTOR,
            project=sjjd,
            data={
                "kind": "merge",
                "other_project": dzjc.pk,
                "note": ("审计监督信息平台的行政审批监督、公共资源交易审计模块与电子监察系统合并建设。"),
                "saving_amount": "2000000.00",
                "saving_kind": "merged_modules",
                "saving_title": "审计监督与电子监察模块合并建设",
                "saving_basis": ("两个平台的行政审批监督和公共资源交易监督模块功能相同，合并建设节约约200万元。"),
            },
        )
        ctx.note("decision SJJD-01 / DZJC-01")

    if not Project.objects.filter(year=ctx.year, code=PROPOSAL["code"]).exists():
        proposer = ctx.people.get(PROPOSAL["proposer"]) or ctx.people["office"]
        project = project_services.project_create(
            actor=proposer,
            data={
                "code": PROPOSAL["code"],
                "name": PROPOSAL["name"],
                "year": ctx.year,
                "programme": ctx.programmes[PROPOSAL["programme"]],
                "unit": ctx.units[PROPOSAL["unit"]],
                "owner_name": PROPOSAL["owner"][0],
                "owner_phone": PROPOSAL["owner"][1],
                "description": PROPOSAL["description"],
                "requested_budget": Decimal(PROPOSAL["budget"]),
                "tier": "reserve",
                "planned_start": dt.date(ctx.year, 7, 1),
                "planned_end": dt.date(ctx.year, 12, 31),
                "modules": [{"name": n, "description": d} for n, d in PROPOSAL["modules"]],
            },
        )
        ctx.projects[project.code] = project
        ctx.note(f"project {PROPOSAL['code']}")
