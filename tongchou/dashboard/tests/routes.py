from tongchou.testing.matrix import Route

ROUTES = [
    Route(
        "dashboard:index",
        {"office": 200, "leader": 200, "finance": 403, "group_lead": 403, "unit": 403, "anonymous": 302},
    ),
]
