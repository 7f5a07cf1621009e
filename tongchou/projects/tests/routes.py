from tongchou.testing.matrix import Route, everyone, project_pk, project_scoped, project_writable


def _new_project(w, role, which):
    return {"code": f"NEW-{role}", "name": "新建项目", "year": 2026, "programme": w.programmes["P1"].pk,
            "unit": w.units["A"].pk, "owner_name": "李四", "requested_budget": "120万", "tier": "reserve",
            "module_name": ["模块一"], "module_description": ["说明"]}


def _api_new_project(w, role, which):
    data = _new_project(w, role, which)
    data.pop("module_name")
    data.pop("module_description")
    data["modules"] = [{"name": "模块一", "description": "说明"}]
    return data


_can_create = {"office": 302, "leader": 403, "finance": 403, "group_lead": 302, "unit": 302, "anonymous": 302}

ROUTES = [
    Route("projects:list", everyone(200)),
    Route("projects:create", {**_can_create, "office": 200, "group_lead": 200, "unit": 200}),
    Route("projects:create", _can_create, method="POST", data=_new_project),
    Route("projects:detail", project_scoped(), kwargs=project_pk),
    Route("projects:edit", project_writable(), kwargs=project_pk),
    Route("projects:edit", project_writable(302), kwargs=project_pk, method="POST",
          data=lambda w, r, x: {**_new_project(w, r, x), "code": w.project(r, x).code}),
    Route("project-list", everyone(200, anonymous=401)),
    Route("project-list", {**_can_create, "office": 201, "group_lead": 201, "unit": 201, "anonymous": 401},
          method="POST", data=_api_new_project, json=True),
    Route("project-detail", project_scoped(anonymous=401), kwargs=project_pk),
    Route("project-detail", project_writable(anonymous=401), kwargs=project_pk, method="PATCH",
          data=lambda w, r, x: {"name": "改名后的项目"}, json=True),
]
