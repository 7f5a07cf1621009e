from tongchou.testing.matrix import Route, everyone, office_only

ROUTES = [
    Route("home", everyone(200)),
    Route("healthz", everyone(200, anonymous=200)),
    Route("login", everyone(200, anonymous=200)),
    Route("logout", everyone(302, anonymous=302), method="POST"),
    Route("password_change", everyone(200)),
    Route("password_change_done", everyone(200)),
    Route("set_language", everyone(302, anonymous=302), method="POST", data=lambda w, r, x: {"language": "en"}),
    Route("core:audit_log", office_only()),
    Route("api_schema", everyone(200, anonymous=401)),
    Route("api_docs", everyone(200, anonymous=401)),
    Route("api-root", everyone(200, anonymous=401)),
]
