"""The monthly bulletin (每月信息化项目进展情况通报) and the quarterly summary: the figures of a
period (``bulletin_data``), the document a renderer draws (``bulletin_document``) and the services
that create, edit and publish it. A published bulletin keeps its figures: it no longer changes.

Later apps add sections without progress knowing them (progress comes first in INSTALLED_APPS): an
app's ``bulletin`` module has ``bulletin_sections(*, start, end, as_of, kind)``, which returns
finished sections (``{"heading": …, "paragraphs": […], "table": {…}}``, heading without its number).
They are kept in the figures, so a published bulletin freezes them with the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, register_verbs, to_jsonable
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.hooks import app_modules
from tongchou.core.money import format_wan, quantize
from tongchou.core.validation import clean_text
from tongchou.funds.models import Fund
from tongchou.funds.selectors import breakdown, fund_totals
from tongchou.org.models import User
from tongchou.projects.models import Project

from .models import (
    Bulletin,
    BulletinKind,
    BulletinStatus,
    HealthLevel,
    HealthRating,
    ProgressReport,
    ReportStatus,
)
from .notifications import notify
from .periods import month_start, months_between, parse_period, period_key
from .ratings import rating_compute
from .selectors import REPORTING_STATES

register_verbs({"bulletin.create": _("drafted a bulletin"), "bulletin.update": _("edited a bulletin"),
                "bulletin.publish": _("published a bulletin")})

ISSUER = "市信息化工作委员会办公室"
LEVEL_ORDER: dict[str, int] = {HealthLevel.GREEN: 0, HealthLevel.YELLOW: 1, HealthLevel.RED: 2}
CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
CN_NUMBERS = "一二三四五六七八九十"
# The bulletin is a Chinese official document whatever the reader's language: its words are fixed.
LEVEL_WORDS: dict[str, str] = {HealthLevel.GREEN: "正常", HealthLevel.YELLOW: "预警", HealthLevel.RED: "严重滞后"}


def bulletin_title(kind: str, start: dt.date) -> str:
    if kind == BulletinKind.QUARTERLY:
        return f"{start.year}年第{CN_QUARTERS[(start.month - 1) // 3 + 1]}季度全市信息化项目进展情况汇总"
    return f"{start.year}年{start.month}月全市信息化项目进展情况通报"


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 100.0


def period_projects(start: dt.date, end: dt.date, only: Iterable[int] | None = None) -> QuerySet[Project]:
    """The projects a bulletin of the period covers: reporting now, or reported in the period."""
    reported = ProgressReport.objects.filter(month__gte=start, month__lte=end).values("project_id")
    projects = Project.objects.filter(Q(status__in=REPORTING_STATES) | Q(pk__in=reported))
    if only is not None:
        projects = projects.filter(pk__in=list(only))
    return (projects.filter(Q(planned_start__isnull=True) | Q(planned_start__lte=end))
            .select_related("unit", "programme")
            # Only the ratings of the period's last month count (older ones are rated anew below): a
            # project's whole history of ratings would be loaded for nothing.
            .prefetch_related("baselines", "milestones", "delay_explanations",
                              Prefetch("health_ratings", HealthRating.objects.filter(month=month_start(end))))
            .order_by("code"))


def bulletin_data(start: dt.date, end: dt.date, *, kind: str = BulletinKind.MONTHLY,
                  only: Iterable[int] | None = None) -> dict[str, Any]:
    """Every figure of the bulletin for the months from ``start`` to ``end``, as plain JSON values.
    ``only``: these projects' figures alone (the benchmark times a bulletin of a given size)."""
    months = months_between(start, end)
    projects = list(period_projects(start, end, only))
    if not projects:
        raise ValidationFailed(_("There is no data for %(period)s: no project was reporting then.")
                               % {"period": period_key(kind, start)}, field="period")
    reports: dict[int, dict[dt.date, ProgressReport]] = defaultdict(dict)
    for r in ProgressReport.objects.filter(month__gte=start, month__lte=end, project__in=projects):
        reports[r.project_id][r.month] = r
    as_of = min(end, timezone.localdate())
    units: dict[int, dict[str, Any]] = {}
    programmes: dict[int, dict[str, Any]] = {}
    delayed: list[dict[str, Any]] = []
    totals: dict[str, int] = defaultdict(int)
    percents: list[int] = []
    for p in projects:
        u = units.setdefault(p.unit_id, {"name": p.unit.name, "expected": 0, "on_time": 0, "late": 0,
                                         "missing": 0, "milestones_due": 0, "milestones_met": 0,
                                         "missing_projects": [], "late_projects": []})
        g = programmes.setdefault(p.programme_id, {"name": p.programme.name, "projects": 0, "percents": [],
                                                   "green": 0, "yellow": 0, "red": 0, "received": 0,
                                                   "expected": 0})
        g["projects"] += 1
        expected = [m for m in months if not p.planned_start or m >= p.planned_start.replace(day=1)]
        latest_report = None
        for month in expected:
            report = reports[p.pk].get(month)
            u["expected"] += 1
            g["expected"] += 1
            if report is None or report.status == ReportStatus.DRAFT:
                u["missing"] += 1
                u["missing_projects"].append(f"{p.code} {p.name}（{month:%Y-%m}）")
                continue
            g["received"] += 1
            latest_report = report
            if report.submitted_late:
                u["late"] += 1
                u["late_projects"].append(f"{p.code} {p.name}（{month:%Y-%m}）")
            else:
                u["on_time"] += 1
        if latest_report:
            percents.append(latest_report.percent_complete)
            g["percents"].append(latest_report.percent_complete)
        # Delivery against the baseline: milestones whose baseline date falls in the period.
        baseline = max(p.baselines.all(), key=lambda b: b.version, default=None)
        actual = {m.pk: m.actual_date for m in p.milestones.all()}
        late_names = []
        for m in (baseline.data.get("milestones", []) if baseline else []):
            due = dt.date.fromisoformat(m["planned_date"])
            done = actual.get(m["id"])
            if start <= due <= as_of:
                u["milestones_due"] += 1
                totals["milestones_due"] += 1
                if done is not None and done <= due:
                    u["milestones_met"] += 1
                    totals["milestones_met"] += 1
            if (due < as_of and (done is None or done > as_of)) or (done and done > due and start <= done <= end):
                late_names.append(m["name"])
        rated = [r for r in p.health_ratings.all() if r.month <= end]
        rating = max(rated, key=lambda r: (r.month, r.pk), default=None)
        if rating is None or rating.month < month_start(end):
            # No rating recorded for the period's last month (no report came): rate it as of then.
            figures = rating_compute(p, month_start(end))
            level, variance, override_reason = figures["level"], str(figures["schedule_variance"]), ""
        else:
            level, variance = rating.level, str(rating.schedule_variance)
            override_reason = rating.reason if rating.is_override else ""
        g[level] += 1
        totals[level] += 1
        if level != HealthLevel.GREEN or late_names:
            explanation = max(p.delay_explanations.all(), key=lambda e: (e.recorded_at, e.pk), default=None)
            delayed.append({
                "code": p.code, "name": p.name, "unit": p.unit.name, "level": level,
                "level_label": LEVEL_WORDS[level],
                "percent": latest_report.percent_complete if latest_report else None,
                "schedule_variance": variance,
                "milestones": "、".join(late_names),
                "cause": (explanation.cause if explanation else "") or (latest_report.delay_cause if latest_report
                                                                        else ""),
                "measures": (explanation.measures if explanation else "") or (
                    latest_report.delay_measures if latest_report else ""),
                "override_reason": override_reason,
            })
    unit_rows = []
    for u in units.values():
        u["timeliness"] = _rate(u["on_time"], u["expected"])
        u["delivery"] = _rate(u["milestones_met"], u["milestones_due"])
        # Ranking score out of 100: half reporting (a late report counts half), half delivery on baseline.
        reporting = (u["on_time"] + u["late"] / 2) * 100 / u["expected"] if u["expected"] else 100.0
        u["score"] = round(reporting / 2 + u["delivery"] / 2, 1)
        unit_rows.append(u)
    unit_rows.sort(key=lambda u: (-u["score"], -u["timeliness"], u["name"]))
    for rank, u in enumerate(unit_rows, 1):
        u["rank"] = rank
    programme_rows = []
    for g in programmes.values():
        pcts = g.pop("percents")
        g["avg_percent"] = round(sum(pcts) / len(pcts), 1) if pcts else None
        programme_rows.append(g)
    delayed.sort(key=lambda d: (-LEVEL_ORDER[d["level"]], d["code"]))
    expected_total = sum(u["expected"] for u in unit_rows)
    headline = {
        "projects": len(projects), "expected": expected_total,
        "received": sum(u["on_time"] + u["late"] for u in unit_rows),
        "on_time": sum(u["on_time"] for u in unit_rows), "late": sum(u["late"] for u in unit_rows),
        "missing": sum(u["missing"] for u in unit_rows),
        "green": totals[HealthLevel.GREEN], "yellow": totals[HealthLevel.YELLOW], "red": totals[HealthLevel.RED],
        "avg_percent": round(sum(percents) / len(percents), 1) if percents else None,
        "milestones_due": totals["milestones_due"], "milestones_met": totals["milestones_met"],
    }
    headline["timeliness"] = _rate(headline["on_time"], expected_total)
    return to_jsonable({
        "period": period_key(kind, start), "kind": kind, "start": start, "end": end, "as_of": as_of,
        "headline": headline, "programmes": programme_rows, "units": unit_rows, "delayed": delayed,
        "missing": [{"unit": u["name"], "missing": u["missing"], "late": u["late"],
                     "missing_projects": u["missing_projects"], "late_projects": u["late_projects"]}
                    for u in sorted(unit_rows, key=lambda u: u["name"]) if u["missing"] or u["late"]],
        "fund": _fund_figures(end),
        "sections": _hooked_sections(start=start, end=end, as_of=as_of, kind=kind),
    })


def _hooked_sections(**period: Any) -> list[dict[str, Any]]:
    """The later apps' sections (see the module's docstring), in INSTALLED_APPS order."""
    return [section for module in app_modules("bulletin") for section in module.bulletin_sections(**period)]


def _fund_figures(end: dt.date) -> dict[str, Any] | None:
    fund = Fund.objects.filter(year=end.year).first()
    if fund is None:
        return None
    totals = fund_totals(fund, as_of=end)
    return {"year": fund.year, "cap": totals["cap"], "committed": totals["committed"],
            "disbursed": totals["disbursed"], "remaining": totals["remaining"],
            "execution_rate": totals["execution_rate"],
            "programmes": [{"name": row["label"], "committed": row["committed"], "disbursed": row["disbursed"],
                            "execution_rate": row["execution_rate"]} for row in breakdown(fund, "programme", end)]}


def bulletin_figures(bulletin: Bulletin) -> dict[str, Any]:
    """Frozen figures of a published bulletin; live ones of a draft."""
    if bulletin.status == BulletinStatus.PUBLISHED and bulletin.data is not None:
        return bulletin.data
    return bulletin_data(bulletin.period_start, bulletin.period_end, kind=bulletin.kind)


def default_foreword(data: dict[str, Any], title: str) -> str:
    h = data["headline"]
    return (f"现将{title.replace('情况通报', '情况').replace('情况汇总', '情况')}通报如下。本期纳入统计的信息化项目"
            f"{h['projects']}个，应报月度进展报告{h['expected']}份，实报{h['received']}份，"
            f"其中按时报送{h['on_time']}份、逾期报送{h['late']}份，未报{h['missing']}份。")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；", ".", "!", "?")) else f"{text}。"


def _money(value: Any) -> str:
    return format_wan(quantize(Decimal(str(value)))) if value not in (None, "") else "—"


def bulletin_document(bulletin: Bulletin, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The bulletin as an official document for the renderers: headings, paragraphs, tables."""
    data = data or bulletin_figures(bulletin)
    h = data["headline"]
    avg = f"{h['avg_percent']}%" if h["avg_percent"] is not None else "—"
    sections: list[dict[str, Any]] = [
        {"heading": "一、总体情况", "paragraphs": [
            f"纳入统计项目{h['projects']}个，平均完成进度{avg}。健康状况：正常{h['green']}个、预警{h['yellow']}个、"
            f"严重滞后{h['red']}个。月度报告应报{h['expected']}份，按时报送{h['on_time']}份、逾期{h['late']}份、"
            f"未报{h['missing']}份，按时报送率{h['timeliness']}%。本期按基线应完成里程碑{h['milestones_due']}个，"
            f"按期完成{h['milestones_met']}个。"]},
        {"heading": "二、各工程进展情况", "paragraphs": [], "table": {
            "columns": ["工程", "项目数", "平均进度", "正常", "预警", "严重滞后", "报告（实报/应报）"],
            "rows": [[g["name"], g["projects"], f"{g['avg_percent']}%" if g["avg_percent"] is not None else "—",
                      g["green"], g["yellow"], g["red"], f"{g['received']}/{g['expected']}"]
                     for g in data["programmes"]]}},
        {"heading": "三、各单位报送及时率和按基线完成情况排名", "paragraphs": [], "table": {
            "columns": ["名次", "单位", "应报", "按时", "逾期", "未报", "及时率", "里程碑（按期/应完成）", "得分"],
            "rows": [[u["rank"], u["name"], u["expected"], u["on_time"], u["late"], u["missing"],
                      f"{u['timeliness']}%", f"{u['milestones_met']}/{u['milestones_due']}", u["score"]]
                     for u in data["units"]]}},
        {"heading": "四、进度滞后项目及原因、整改措施",
         "paragraphs": [f"（{i}）{d['name']}（{d['unit']}，{d['level_label']}）。"
                        + (f"滞后节点：{d['milestones']}。" if d["milestones"] else "")
                        + (f"原因分析：{_sentence(d['cause'])}" if d["cause"] else "尚未报送原因分析。")
                        + (f"整改措施：{_sentence(d['measures'])}" if d["measures"] else "")
                        for i, d in enumerate(data["delayed"], 1)] or ["本期无进度滞后项目。"]},
        {"heading": "五、未报、迟报单位",
         "paragraphs": [f"{m['unit']}：未报{m['missing']}份、逾期{m['late']}份。"
                        + (f"未报项目：{'；'.join(m['missing_projects'])}。" if m["missing_projects"] else "")
                        for m in data["missing"]] or ["本期各单位均按时报送。"]},
    ]
    fund = data.get("fund")
    if fund:
        sections.append({"heading": "六、专项经费执行情况", "paragraphs": [
            f"{fund['year']}年度专项经费总额{_money(fund['cap'])}，已安排{_money(fund['committed'])}，"
            f"已拨付{_money(fund['disbursed'])}，尚可安排{_money(fund['remaining'])}，"
            f"执行率（已拨付/已安排）{fund['execution_rate']}%。"],
            "table": {"columns": ["工程", "已安排", "已拨付", "执行率"],
                      "rows": [[r["name"], _money(r["committed"]), _money(r["disbursed"]),
                                f"{r['execution_rate']}%"] for r in fund["programmes"]]}})
    else:
        sections.append({"heading": "六、专项经费执行情况", "paragraphs": ["本年度专项经费尚未建立。"]})
    # A bulletin published before an app added its section has none: its figures are frozen.
    for extra in data.get("sections", []):
        sections.append({**extra, "heading": f"{CN_NUMBERS[len(sections)]}、{extra['heading']}"})
    date = (bulletin.published_at and timezone.localtime(bulletin.published_at).date()) or timezone.localdate()
    return {"title": bulletin.title, "number": bulletin.number, "issuer": bulletin.issuer,
            "date": f"{date.year}年{date.month}月{date.day}日",
            "foreword": bulletin.foreword or default_foreword(data, bulletin.title),
            "sections": sections, "conclusion": bulletin.conclusion}


def _require_office(actor: Any) -> None:
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office prepares and publishes bulletins."))


@transaction.atomic
def bulletin_create(*, actor: Any, period: Any) -> Bulletin:
    _require_office(actor)
    kind, start, end = parse_period(period)
    if start > timezone.localdate():
        raise ValidationFailed(_("%(period)s has not begun yet.") % {"period": period_key(kind, start)},
                               field="period")
    key = period_key(kind, start)
    if Bulletin.objects.filter(period=key).exists():
        raise Conflict(_("The bulletin for %(period)s already exists.") % {"period": key}, field="period")
    data = bulletin_data(start, end, kind=kind)  # says so when the period has no data
    title = bulletin_title(kind, start)
    try:
        with transaction.atomic():
            bulletin = Bulletin.objects.create(
                period=key, kind=kind, period_start=start, period_end=end, title=title, issuer=ISSUER,
                foreword=default_foreword(data, title))
    except IntegrityError:
        raise Conflict(_("The bulletin for %(period)s already exists.") % {"period": key}, field="period") from None
    audit_record(actor=actor, verb="bulletin.create", obj=bulletin, after={"period": key, "kind": kind})
    return bulletin


def _locked_draft(bulletin: Bulletin) -> Bulletin:
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.status == BulletinStatus.PUBLISHED:
        raise Conflict(_("The bulletin for %(period)s is published: it no longer changes.")
                       % {"period": locked.period}, field="status")
    return locked


@transaction.atomic
def bulletin_update(*, actor: Any, bulletin: Bulletin, data: dict[str, Any]) -> Bulletin:
    _require_office(actor)
    bulletin = _locked_draft(bulletin)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field, label, limit in (("foreword", _("Foreword"), 10000), ("conclusion", _("Conclusion"), 10000),
                                ("number", _("Document number"), 60)):
        if field in data:
            try:
                values[field] = clean_text(data[field], field=field, label=str(label), max_length=limit,
                                           required=False)
            except ValidationFailed as exc:
                errors[field] = [exc.message]
    if errors:
        raise ValidationFailed.from_errors(errors)
    before = {k: getattr(bulletin, k) for k in values}
    for key, value in values.items():
        setattr(bulletin, key, value)
    bulletin.save()
    audit_record(actor=actor, verb="bulletin.update", obj=bulletin, before=before, after=values)
    return bulletin


@transaction.atomic
def bulletin_publish(*, actor: Any, bulletin: Bulletin) -> Bulletin:
    _require_office(actor)
    bulletin = _locked_draft(bulletin)
    bulletin.data = bulletin_data(bulletin.period_start, bulletin.period_end, kind=bulletin.kind)
    bulletin.status = BulletinStatus.PUBLISHED
    bulletin.published_at = timezone.now()
    bulletin.published_by = actor if isinstance(actor, User) else None
    bulletin.save()
    audit_record(actor=actor, verb="bulletin.publish", obj=bulletin, before={"status": BulletinStatus.DRAFT},
                 after={"status": BulletinStatus.PUBLISHED, "headline": bulletin.data["headline"]})
    notify(recipients=User.objects.filter(is_active=True), kind="bulletin_published",
           key=f"bulletin:{bulletin.period}", title=_("Published: %(title)s") % {"title": bulletin.title},
           url=reverse("progress:bulletin_detail", args=[bulletin.period]))
    return bulletin
