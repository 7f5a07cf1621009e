"""The duplicate-construction check: quality on the labelled pairs, segmentation, the index and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from tongchou.consolidation import overlap, store, text
from tongchou.consolidation.evaluation import PAIRS, evaluate
from tongchou.consolidation.index import DEFAULT_THRESHOLD, OverlapIndex, project_terms
from tongchou.projects import services as project_services
from tongchou.testing.world import SETUP, make_project

DZJC: dict[str, Any] = {
    "name": "权力阳光运行信息平台（电子监察系统）",
    "description": "对行政审批、行政处罚和公共资源交易实施全过程电子监察，实现权力运行公开透明、全程留痕。",
    "modules": [
        {
            "name": "行政审批电子监察",
            "description": "对各部门行政审批事项的受理、办理、办结进行实时监察和预警纠错。",
        },
        {"name": "行政处罚电子监察", "description": "对行政处罚自由裁量权的行使进行网上监督。"},
        {"name": "投诉处理", "description": "受理群众投诉并跟踪督办。"},
    ],
}
PROPOSAL: dict[str, Any] = {
    "name": "行政审批效能监察系统",
    "description": "建设效能监察系统，对各部门网上审批事项的办理时限进行实时监控，超时办理自动告警纠错。",
    "modules": [
        {
            "name": "网上审批实时监控",
            "description": "对审批事项的受理、办理和办结环节进行在线监控，超时自动预警纠错。",
        },
        {"name": "行政处罚网上监督", "description": "对行政处罚自由裁量权行使情况进行网上监督。"},
    ],
}


def _world_with_dzjc(world: Any) -> Any:
    return make_project(
        world,
        unit="B",
        programme="P2",
        code="DZJC-01",
        name=DZJC["name"],
        description=DZJC["description"],
        modules=DZJC["modules"],
    )


# -- quality --------------------------------------------------------------------------------------
def test_the_evaluation_set_has_at_least_200_labelled_pairs() -> None:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))
    labels = {p["label"] for p in pairs}
    assert len(pairs) >= 200
    assert labels == {"duplicate", "partial", "unrelated"}
    assert all(p["a"]["description"] and p["b"]["description"] for p in pairs)


def test_default_threshold_gives_precision_and_recall_the_issue_asks_for() -> None:
    # when
    result = evaluate(DEFAULT_THRESHOLD)
    # then
    assert result.pairs >= 200
    assert result.precision >= 0.9, result.misses
    assert result.recall >= 0.85, result.misses


# -- segmentation ---------------------------------------------------------------------------------
def test_government_terms_stay_whole_and_synonyms_meet() -> None:
    words = text.terms("建设数字城管和视频监控，实现数据交换", bigrams=False)
    assert {"数字城管", "视频监控", "数据交换"} <= set(words)
    # 效能监察 is read as 电子监察; 天网 as 视频监控
    assert "电子监察" in text.terms("效能监察", bigrams=False)
    assert "视频监控" in text.terms("天网工程", bigrams=False)


def test_the_tokenizer_is_loaded_once_per_process() -> None:
    assert text.tokenizer() is text.tokenizer()


@pytest.mark.parametrize("value", ["", "   ", "。，、！？……——", "12345 6789", "!!!###"])
def test_text_without_words_gives_no_terms(value: str) -> None:
    assert text.terms(value) == []


def test_english_and_mixed_text_are_segmented() -> None:
    assert {"build", "地理信息"} <= set(text.terms("Build a GIS platform"))  # gis is read as 地理信息
    words = text.terms("OA 系统与 GIS 平台的数据交换", bigrams=False)
    assert {"办公自动化", "地理信息", "数据交换"} <= set(words)


# -- the check ------------------------------------------------------------------------------------
def test_a_proposal_repeating_a_project_finds_it_with_owner_and_modules(world: Any) -> None:
    # given
    dzjc = _world_with_dzjc(world)
    # when
    result = overlap.check(
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=[(m["name"], m["description"]) for m in PROPOSAL["modules"]],
    )
    # then
    assert result.matches[0].project == dzjc
    best = result.matches[0]
    assert best.score >= DEFAULT_THRESHOLD
    assert best.project.owner_name == "张三"
    assert "行政审批" in best.shared_terms or "电子监察" in best.shared_terms
    pairs = {(m.query_name, m.other_name) for m in best.modules}
    assert ("行政处罚网上监督", "行政处罚电子监察") in pairs
    # the shared terms are highlighted on both sides
    module = next(m for m in best.modules if m.other_name == "行政处罚电子监察")
    assert any(s.shared for s in module.query_segments) and any(s.shared for s in module.other_segments)
    assert (
        "".join(s.text for s in module.other_segments) == "行政处罚电子监察：对行政处罚自由裁量权的行使进行网上监督。"
    )


def test_matches_are_best_first_and_unrelated_projects_are_not_shown(world: Any) -> None:
    _world_with_dzjc(world)
    make_project(
        world,
        unit="A",
        programme="P1",
        code="ZZ-01",
        name="造纸行业节能减排信息化项目",
        description="对造纸企业的能耗和排污实施在线监测。",
        modules=[{"name": "能耗在线监测", "description": "水电汽能耗采集"}],
    )
    result = overlap.check(
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=[(m["name"], m["description"]) for m in PROPOSAL["modules"]],
    )
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    assert "ZZ-01" not in [m.project.code for m in result.matches]


def test_a_unit_sees_only_matches_among_projects_it_may_see(world: Any) -> None:
    _world_with_dzjc(world)  # unit B's project: out of scope for the person of unit A
    entry = {
        "name": PROPOSAL["name"],
        "description": PROPOSAL["description"],
        "modules": [(m["name"], m["description"]) for m in PROPOSAL["modules"]],
    }
    seen_by_unit = overlap.check(**entry, user=world.people["unit"])
    seen_by_office = overlap.check(**entry, user=world.people["office"])
    assert "DZJC-01" not in [m.project.code for m in seen_by_unit.matches]
    assert "DZJC-01" in [m.project.code for m in seen_by_office.matches]


def test_the_check_for_a_project_excludes_itself_and_serialises(world: Any) -> None:
    dzjc = _world_with_dzjc(world)
    proposal = make_project(
        world,
        unit="A",
        programme="P1",
        code="XZ-01",
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=PROPOSAL["modules"],
    )
    result = overlap.overlap_check_for_project(proposal)
    codes = [m.project.code for m in result.matches]
    assert "XZ-01" not in codes and codes[0] == "DZJC-01"
    snapshot = json.loads(json.dumps(result.as_dict()))
    assert snapshot["matches"][0]["project"]["id"] == dzjc.pk
    assert snapshot["matches"][0]["modules"]


def test_the_index_follows_project_edits_and_deletions(world: Any) -> None:
    # given a built index in which DZJC-01 is found
    dzjc = _world_with_dzjc(world)
    query = {
        "name": PROPOSAL["name"],
        "description": PROPOSAL["description"],
        "modules": [(m["name"], m["description"]) for m in PROPOSAL["modules"]],
    }
    assert "DZJC-01" in [m.project.code for m in overlap.check(**query).matches]
    index_before = store.get_index()
    # when the project is rewritten into something else
    project_services.project_update(
        actor=SETUP,
        project=dzjc,
        data={
            "name": "中小学教育城域网",
            "description": "全市中小学光纤接入教育城域网。",
            "modules": [{"name": "学籍管理", "description": "学生学籍注册和变动"}],
        },
    )
    # then the same process's index sees it without a rebuild
    assert store.get_index() is index_before
    assert "DZJC-01" not in [m.project.code for m in overlap.check(**query).matches]
    found = overlap.check(name="学籍管理系统", description="学生学籍注册、转学和毕业管理", modules=[])
    assert "DZJC-01" in [m.project.code for m in found.matches]
    # and a deleted project leaves the index
    dzjc.delete()
    assert dzjc.pk not in store.get_index().proj_vec


def test_a_new_process_reuses_the_segmented_terms(world: Any, django_assert_max_num_queries: Any) -> None:
    _world_with_dzjc(world)
    store.get_index()  # segments and keeps the terms
    store.reset()  # as if a new process started
    index = store.build()
    assert len(index) == 3


def test_index_add_remove_keeps_document_frequencies() -> None:
    index = OverlapIndex()
    entry = project_terms("视频监控平台", "建设视频监控", [("视频存储", "录像存储")])
    index.add(1, entry)
    index.add(2, entry)
    index.add(1, entry)  # re-adding replaces
    tid = index.term_ids["视频监控"]
    assert index.df_p[tid] == 2
    index.remove(1)
    assert index.df_p[tid] == 1 and index.n_modules == 1
    assert [c.project_id for c in index.query(entry, threshold=0.1)] == [2]


# -- bad input ------------------------------------------------------------------------------------
API = "/api/v1/overlap-check/"


def _post(client: Any, data: Any) -> Any:
    return client.post(API, data=json.dumps(data), content_type="application/json")


def test_api_contract(world: Any, client_for: Any) -> None:
    dzjc = _world_with_dzjc(world)
    response = _post(client_for("office"), PROPOSAL)
    assert response.status_code == 200
    body = response.json()
    assert list(body) >= ["matches"]
    first = body["matches"][0]
    assert first["project"]["id"] == dzjc.pk and first["project"]["code"] == "DZJC-01"
    assert first["project"]["owner_name"] == "张三" and first["project"]["unit"] == "乙街道"
    assert 0 < first["score"] <= 1
    assert first["modules"][0]["other_name"] and first["modules"][0]["name"]
    assert [m["score"] for m in body["matches"]] == sorted((m["score"] for m in body["matches"]), reverse=True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "description"),
        ({"name": "", "description": "", "modules": []}, "description"),
        ({"name": "x", "description": "y" * 100_001}, "description"),
        ({"name": "x", "modules": "电子监察"}, "modules"),
        ({"name": "x", "modules": [{"name": "a"}] * 101}, "modules"),
        ({"name": 5}, "name"),
        # null is not text, nor a list: the schema says string and array.
        ({"name": "x", "description": None}, "description"),
        ({"name": "x", "modules": None}, "modules"),
        ({"name": "x", "modules": [{"name": None}]}, "modules"),
    ],
)
def test_api_bad_input_names_the_field(world: Any, client_for: Any, data: Any, field: str) -> None:
    response = _post(client_for("office"), data)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["message"]


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "description": "。，、！？……——"},
        {"name": "", "description": "电子监察" * 25_000},  # 100,000 characters
        {"name": "Video surveillance platform", "description": "Integrate all the cameras of the city."},
        {"name": "GIS 与 OA 集成", "description": "Mixed 中文 and English 行政审批 text"},
        {"name": "x", "description": "", "modules": [{"name": "", "description": ""}, {"name": "电子监察"}]},
    ],
)
def test_api_odd_but_valid_input_gives_a_sensible_result(world: Any, client_for: Any, data: Any) -> None:
    _world_with_dzjc(world)
    response = _post(client_for("unit"), data)
    assert response.status_code == 200, response.content
    assert isinstance(response.json()["matches"], list)


def test_punctuation_only_says_why_nothing_is_compared(world: Any) -> None:
    result = overlap.check(name="", description="。。。！！！", modules=[])
    assert result.matches == [] and result.message


def test_check_page_and_fragment_render(world: Any, client_for: Any) -> None:
    _world_with_dzjc(world)
    proposal = make_project(
        world,
        unit="A",
        programme="P1",
        code="XZ-01",
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=PROPOSAL["modules"],
    )
    office = client_for("office")
    page = office.post(
        reverse("consolidation:check"),
        {
            "name": PROPOSAL["name"],
            "description": PROPOSAL["description"],
            "modules": "\n".join(f"{m['name']}：{m['description']}" for m in PROPOSAL["modules"]),
        },
    )
    assert page.status_code == 200
    assert 'data-project-code="DZJC-01"' in page.content.decode()
    assert "<mark>" in page.content.decode()
    fragment = office.get(reverse("consolidation:overlap_fragment", kwargs={"pk": proposal.pk}))
    assert 'data-project-code="DZJC-01"' in fragment.content.decode()
    empty = office.post(reverse("consolidation:check"), {"name": "", "description": "", "modules": ""})
    assert "Give a name" in empty.content.decode() or "名称" in empty.content.decode()


def test_user_text_in_results_is_escaped(world: Any, client_for: Any) -> None:
    make_project(
        world,
        unit="A",
        programme="P1",
        code="X-1",
        name="<script>alert(1)</script>电子监察系统",
        description="行政审批电子监察<b>",
        modules=[{"name": "电子监察<i>", "description": "行政审批电子监察"}],
    )
    page = client_for("office").post(
        reverse("consolidation:check"),
        {"name": "电子监察系统", "description": "行政审批电子监察", "modules": "电子监察：行政审批电子监察"},
    )
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_the_partial_renders_a_stored_snapshot_as_the_live_result(world: Any) -> None:
    from django.template.loader import render_to_string

    from tongchou.consolidation.selectors import overlap_check_for_project

    _world_with_dzjc(world)
    proposal = make_project(
        world,
        unit="A",
        programme="P1",
        code="XZ-01",
        name=PROPOSAL["name"],
        description=PROPOSAL["description"],
        modules=PROPOSAL["modules"],
    )
    result = overlap_check_for_project(proposal)
    stored = json.loads(json.dumps(result.snapshot()))  # as a review snapshot keeps it
    live_html = render_to_string("consolidation/partials/overlap_result.html", {"result": result})
    stored_html = render_to_string("consolidation/partials/overlap_result.html", {"result": stored})
    assert live_html == stored_html
    assert 'data-project-code="DZJC-01"' in stored_html and "<mark>" in stored_html


def test_kept_terms_pack_and_unpack_to_the_same_entry() -> None:
    entry = project_terms("电子监察系统", "行政审批 OA", [("投诉处理", "群众投诉"), ("空", "")])
    assert store.unpack(store.pack(entry)) == entry
