from typing import Any

from tongchou.testing.matrix import Route, everyone, office_only, project_pk, project_scoped, project_writable
from tongchou.testing.world import World


def setup_infra(w: World) -> None:
    """A shared asset, a need on each world project, one hosted, with an estimated saving."""
    from tongchou.consolidation import services
    from tongchou.testing.world import SETUP

    if "asset" in w.extra:
        return
    services.unit_price_set(actor=SETUP, resource="vcpu", price="3000")
    w.extra["asset"] = services.asset_create(
        actor=SETUP,
        data={
            "code": "VM-1",
            "name": "资源池",
            "kind": "server",
            "operator": w.units["OFF"],
            "vcpu": "64",
            "memory_gb": "256",
        },
    )
    for key in ("A", "B"):
        w.extra[f"need_{key}"] = services.need_create(
            actor=SETUP, project=w.projects[key], data={"description": "应用服务器", "vcpu": "8"}
        )
        w.extra[f"open_{key}"] = services.need_create(
            actor=SETUP, project=w.projects[key], data={"description": "数据库服务器", "vcpu": "4"}
        )
        w.extra[f"alloc_{key}"] = services.allocation_create(
            actor=SETUP, need=w.extra[f"need_{key}"], asset=w.extra["asset"]
        )


def _key(which: str) -> str:
    return "A" if which == "own" else "B"


def _asset(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.extra["asset"].pk}


def _open_need(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.extra[f"open_{_key(which)}"].pk}


def _alloc(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.extra[f"alloc_{_key(which)}"].pk}


def _saving(w: World, role: str, which: str) -> dict[str, Any]:
    return {"pk": w.extra[f"alloc_{_key(which)}"].saving.pk}


def _asset_data(w: World, role: str, which: str) -> dict[str, Any]:
    return {
        "code": f"NEW-{role}",
        "name": "新存储",
        "kind": "storage",
        "operator": w.units["OFF"].pk,
        "storage_tb": "10",
        "is_active": "on",
    }


def _saving_data(w: World, role: str, which: str) -> dict[str, Any]:
    return {
        "title": "合并建设",
        "kind": "merged_modules",
        "amount": "200万",
        "projects": "A-001, B-001",
        "basis": "两个模块合并",
    }


_check = {"name": "电子监察系统", "description": "行政审批电子监察", "modules": "电子监察：行政审批电子监察"}
_decision = {"kind": "no_overlap", "note": "不是重复建设"}
_writable_302 = project_writable(302)
_scoped_api = project_scoped(anonymous=401)

ROUTES = [
    Route("consolidation:asset_list", everyone(200)),
    Route("consolidation:asset_create", office_only()),
    Route("consolidation:asset_create", office_only(302), method="POST", data=_asset_data),
    Route("consolidation:asset_detail", everyone(200), kwargs=_asset, setup=setup_infra),
    Route("consolidation:asset_edit", office_only(), kwargs=_asset, setup=setup_infra),
    Route("consolidation:project", project_scoped(), kwargs=project_pk, setup=setup_infra),
    Route("consolidation:overlap_fragment", project_scoped(), kwargs=project_pk),
    Route(
        "consolidation:need_create",
        _writable_302,
        kwargs=project_pk,
        method="POST",
        data=lambda w, r, x: {"description": "存储", "storage_tb": "2"},
    ),
    Route(
        "consolidation:decision_create",
        {**project_writable(302), "unit": (403, 404)},
        kwargs=project_pk,
        method="POST",
        data=lambda w, r, x: _decision,
    ),
    Route("consolidation:need_delete", _writable_302, kwargs=_open_need, method="POST", setup=setup_infra),
    Route(
        "consolidation:allocate",
        {**project_writable(302), "unit": (403, 404)},
        kwargs=_open_need,
        method="POST",
        setup=setup_infra,
        data=lambda w, r, x: {"asset": w.extra["asset"].pk},
    ),
    Route(
        "consolidation:need_own",
        {**project_writable(302), "unit": (403, 404)},
        kwargs=_open_need,
        method="POST",
        setup=setup_infra,
    ),
    Route("consolidation:allocation_release", office_only(302), kwargs=_alloc, method="POST", setup=setup_infra),
    Route("consolidation:check", everyone(200)),
    Route("consolidation:check", everyone(200), method="POST", data=lambda w, r, x: _check),
    Route("consolidation:saving_list", everyone(200), setup=setup_infra),
    Route("consolidation:saving_create", office_only()),
    Route("consolidation:saving_create", office_only(302), method="POST", data=_saving_data),
    Route("consolidation:saving_confirm", office_only(302), kwargs=_saving, method="POST", setup=setup_infra),
    Route("consolidation:prices", office_only()),
    Route("consolidation:prices", office_only(302), method="POST", data=lambda w, r, x: {"vcpu": "3000"}),
    Route("consolidation:reports", everyone(200), setup=setup_infra),
    Route("consolidation:reports_xlsx", everyone(200), setup=setup_infra),
    # The API
    Route(
        "overlap-check",
        everyone(200, anonymous=401),
        method="POST",
        json=True,
        data=lambda w, r, x: {
            "name": "电子监察系统",
            "description": "行政审批电子监察",
            "modules": [{"name": "电子监察", "description": "行政审批电子监察"}],
        },
    ),
    Route("asset-list", everyone(200, anonymous=401), setup=setup_infra),
    Route("asset-list", office_only(201, anonymous=401), method="POST", json=True, data=_asset_data),
    Route("asset-detail", everyone(200, anonymous=401), kwargs=_asset, setup=setup_infra),
    Route(
        "asset-detail",
        office_only(200, anonymous=401),
        kwargs=_asset,
        setup=setup_infra,
        method="PATCH",
        json=True,
        data=lambda w, r, x: {"name": "改名的资源池"},
    ),
    Route("infra-need-list", everyone(200, anonymous=401), setup=setup_infra),
    Route(
        "infra-need-list",
        project_writable(201, anonymous=401),
        method="POST",
        json=True,
        kwargs=None,
        data=lambda w, r, x: {"project": w.project(r, x).pk, "description": "存储", "storage_tb": "1"},
    ),
    Route("allocation-list", everyone(200, anonymous=401), setup=setup_infra),
    Route(
        "allocation-list",
        office_only(201, anonymous=401),
        method="POST",
        json=True,
        setup=setup_infra,
        data=lambda w, r, x: {"need": w.extra["open_A"].pk, "asset": w.extra["asset"].pk},
    ),
    Route("allocation-detail", _scoped_api, kwargs=_alloc, setup=setup_infra),
    Route(
        "allocation-release",
        {**office_only(200, anonymous=401)},
        kwargs=_alloc,
        method="POST",
        setup=setup_infra,
        json=True,
        data=lambda w, r, x: {},
    ),
    Route("saving-list", everyone(200, anonymous=401), setup=setup_infra),
    Route(
        "saving-list",
        office_only(201, anonymous=401),
        method="POST",
        json=True,
        data=lambda w, r, x: {
            "title": "合并",
            "kind": "merged_modules",
            "amount": "200万",
            "basis": "合并建设",
            "projects": [w.projects["A"].pk],
        },
    ),
    Route("saving-detail", _scoped_api, kwargs=_saving, setup=setup_infra),
    Route(
        "saving-confirm",
        office_only(200, anonymous=401),
        kwargs=_saving,
        method="POST",
        json=True,
        setup=setup_infra,
        data=lambda w, r, x: {},
    ),
]
