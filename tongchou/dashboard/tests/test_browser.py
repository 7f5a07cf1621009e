import pytest

from tongchou.testing.world import PASSWORD


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.browser
def test_the_charts_draw_offline_link_to_their_lists_and_print(world, live_server, page):
    # given
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith(live_server.url) else route.continue_()
        ),
    )  # offline: nothing but our own server
    _login(page, live_server, "leader")
    # when
    page.goto(f"{live_server.url}/dashboard/")
    # then
    page.wait_for_selector("[data-chart='chart-data-projects-by-programme'][data-drawn=true]")
    assert page.locator("[data-drawn=true]").count() == 3
    assert page.locator("[data-chart] canvas").count() >= 3
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    animations = page.evaluate(
        "Array.from(document.querySelectorAll('[data-chart]'))"
        ".map(el => echarts.getInstanceByDom(el).getOption().animation)"
    )
    assert animations == [False, False, False]  # no bars caught mid-flight on paper
    assert not errors
    # clicking a figure opens the list behind it
    page.emulate_media(media="screen")
    page.click("[data-figure] >> nth=0")
    assert "/projects/" in page.url
