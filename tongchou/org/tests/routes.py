from tongchou.testing.matrix import Route, everyone, office_only


def _unit(w, role, which):
    return {"pk": w.units["A"].pk}


def _programme(w, role, which):
    return {"pk": w.programmes["P1"].pk}


def _group(w, role, which):
    return {"pk": w.groups["G1"].pk}


def _person(w, role, which):
    return {"pk": w.people["unit"].pk}


ROUTES = [
    Route("org:unit_list", everyone(200)),
    Route("org:unit_create", office_only()),
    Route("org:unit_create", office_only(302), method="POST",
          data=lambda w, r, x: {"code": "NEW", "name": "新单位", "kind": "department"}),
    Route("org:unit_edit", office_only(), kwargs=_unit),
    Route("org:unit_edit", office_only(302), kwargs=_unit, method="POST",
          data=lambda w, r, x: {"code": "A", "name": "甲镇（改）", "kind": "township", "is_active": "on"}),
    Route("org:programme_list", everyone(200)),
    Route("org:programme_create", office_only()),
    Route("org:programme_edit", office_only(), kwargs=_programme),
    Route("org:group_create", office_only()),
    Route("org:group_edit", office_only(), kwargs=_group),
    Route("org:user_list", office_only()),
    Route("org:user_create", office_only()),
    Route("org:user_edit", office_only(), kwargs=_person),
    # The API: units and programmes are known to everyone who logs in.
    Route("unit-list", everyone(200, anonymous=401)),
    Route("unit-detail", everyone(200, anonymous=401), kwargs=_unit),
    Route("programme-list", everyone(200, anonymous=401)),
    Route("programme-detail", everyone(200, anonymous=401), kwargs=_programme),
]
