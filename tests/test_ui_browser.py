"""The real page in headless Debian Chromium: ask, read the answer and its source, filter duties.

Screenshots land in tests/artifacts/ (gitignored) for a human to look at; one per tab at 1400×1000 goes to
evals/reports/ui/. The browser runs with an en-US locale: the page must still speak Chinese.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"
SHOTS = ROOT / "evals" / "reports" / "ui"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip
QUESTION = "谁负责开展“先投后股”科技成果转化试点？"

if not CHROMIUM.exists():
    pytest.skip(
        "需要 Debian chromium：apt-get install -y chromium chromium-driver（不要运行 playwright install）",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="需要 Python 包 playwright（pip install playwright）"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("ui-browser-home")  # empty: ui.py must build the index itself
    port = free_port()
    env = {**os.environ, "PLANBOT_HOME": str(home), "PLANBOT_UI_PORT": str(port), "PLANBOT_LLM": "none"}
    env.pop("PLANBOT_UI_AUTH", None)
    log = (tmp_path_factory.mktemp("ui-log") / "ui.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "ui.py")], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                raise RuntimeError(f"ui.py exited early: {Path(log.name).read_text()}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield url, home
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def page(server: tuple[str, Path]) -> Iterator[object]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US", accept_downloads=True)
        pg.goto(server[0])
        # first start builds the index; the status line says when it is ready
        sync_api.expect(pg.locator("#planbot-status")).to_contain_text("已就绪", timeout=240_000)
        yield pg
        browser.close()


def test_ask_shows_answer_and_verbatim_source(page, server) -> None:
    expect = sync_api.expect
    box = page.locator("textarea").first
    box.fill(QUESTION)
    box.press("Enter")
    bot = page.locator("#planbot-chatbot .message.bot, #planbot-chatbot [data-testid='bot']").last
    sources = page.locator("#planbot-chatbot details.planbot-sources").last
    expect(sources).to_be_visible(timeout=60_000)
    expect(bot).to_contain_text("龙湾区政府")
    expect(bot).to_contain_text("[1]")
    sources.locator("summary").first.click()
    expect(sources.locator("blockquote").first).to_be_visible()
    expect(sources).to_contain_text("先投后股")
    # the sentence that carries the answer is shown; the whole passage is one click further
    whole = sources.locator("details details")
    if whole.count():
        whole.first.locator("summary").click()
        expect(whole.first.locator("blockquote")).to_be_visible()
    expect(page.locator("#planbot-mode")).to_contain_text("依据原文")
    page.screenshot(path=str(ARTIFACTS / "ui-chat.png"), full_page=True)

    # thumbs up with a comment lands in feedback.jsonl
    page.get_by_text("反馈与导出").click()
    page.locator("#planbot-comment textarea").fill("答案和出处都对")
    like = "button[aria-label='赞'], button[aria-label='Like'], button[title='赞'], button[title='Like']"
    page.locator("#planbot-chatbot").locator(like).last.click()
    feedback = server[1] / "feedback.jsonl"
    for _ in range(40):
        if feedback.exists() and feedback.read_text(encoding="utf-8").strip():
            break
        time.sleep(0.25)
    record = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["comment"] == "答案和出处都对"
    assert record["question"] == QUESTION and "龙湾区政府" in record["answer"]


def test_citation_opens_highlighted_source(page) -> None:
    expect = sync_api.expect
    pick = page.locator("#planbot-cite input")
    pick.click()
    page.get_by_role("option").first.click()
    mark = page.locator("#planbot-source mark")
    expect(mark).to_be_visible(timeout=20_000)
    expect(mark).to_contain_text("先投后股")
    page.screenshot(path=str(ARTIFACTS / "ui-source.png"), full_page=False)


def test_duties_filter_by_agency(page) -> None:
    expect = sync_api.expect
    page.get_by_role("tab", name="责任分工").click()
    table = page.locator("#planbot-duties")
    expect(table).to_contain_text("市教育局", timeout=20_000)
    unit = page.locator("#planbot-unit input")
    unit.click()
    unit.fill("龙湾区政府")
    page.get_by_role("option", name="龙湾区政府", exact=False).first.click()
    expect(table).not_to_contain_text("瑞安市政府", timeout=20_000)
    expect(table).to_contain_text("先投后股")
    rows = [t for t in table.locator("tbody tr").all_text_contents() if t.strip()]  # skip spacer rows
    assert rows
    assert all("龙湾区政府" in t for t in rows), rows
    page.screenshot(path=str(ARTIFACTS / "ui-duties.png"), full_page=True)


# Cells whose text runs past their box (cut off) in the tables of the current tab; the matrix is left
# out: it has one narrow column per unit and scrolls sideways by design.
CUT_OFF_JS = """() => [...document.querySelectorAll('.planbot-table:not(#planbot-matrix) td')]
  .filter(td => td.offsetParent !== null && td.scrollWidth > td.clientWidth + 2)
  .map(td => td.innerText.slice(0, 40))"""


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_labels_are_chinese_in_an_english_browser(page) -> None:
    expect = sync_api.expect
    page.get_by_role("tab", name="方案管理").click()
    upload = page.locator("#planbot-upload")
    expect(upload).to_contain_text("点击上传", timeout=20_000)
    assert "Drop File Here" not in upload.inner_text() and "Click to Upload" not in upload.inner_text()
    _shoot(page, "plans")
    page.get_by_role("tab", name="对话").click()


def test_example_questions_come_from_the_index(page) -> None:
    expect = sync_api.expect
    examples = page.locator("#planbot-examples")
    expect(examples).to_contain_text("市科技局", timeout=20_000)  # the unit with most tasks in the plan
    examples.locator("button").first.click()
    expect(page.locator("#planbot-input textarea")).to_have_value(re.compile(r"^谁(负责|牵头)“.+”？$"))
    page.locator("#planbot-input textarea").fill("")
    _shoot(page, "chat")


def test_duties_tab_shows_the_matrix_and_downloads_the_excel(page, tmp_path) -> None:
    expect = sync_api.expect
    page.get_by_role("tab", name="责任分工").click()
    page.locator("#planbot-unit input").click()
    page.get_by_role("option", name="全部单位").click()
    expect(page.locator("#planbot-duties")).to_contain_text("瑞安市政府", timeout=20_000)
    expect(page.locator("#planbot-matrix")).to_be_visible()  # not folded away
    expect(page.locator("#planbot-matrix")).to_contain_text("市科技局")
    assert page.evaluate(CUT_OFF_JS) == []
    _shoot(page, "duties")
    page.locator("#planbot-xlsx-btn").click()
    link = page.locator("#planbot-xlsx a").first
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "export.xlsx"
    info.value.save_as(saved)
    from openpyxl import load_workbook

    wb = load_workbook(saved, read_only=True)
    assert {"责任分工", "按单位", "目标指标"} <= set(wb.sheetnames)
    cells = {str(c) for row in wb["责任分工"].iter_rows(values_only=True) for c in row}
    assert {f"附件 第{n}项" for n in range(1, 16)} <= cells and "龙湾区政府、鹿城区政府、市科技局" in cells


def test_deadline_agency_target_and_intro_tabs_wrap_their_text(page) -> None:
    expect = sync_api.expect
    page.get_by_role("tab", name="时间节点").click()
    expect(page.locator("#planbot-deadlines")).to_contain_text("2025年", timeout=20_000)
    assert page.evaluate(CUT_OFF_JS) == []
    _shoot(page, "deadlines")

    page.get_by_role("tab", name="单位任务").click()
    box = page.locator("#planbot-agency input")
    box.click()
    box.fill("科技局")  # a short form: the plan writes 市科技局
    box.press("Enter")
    expect(page.locator("#planbot-agency-summary")).to_contain_text("市科技局", timeout=20_000)
    rows = page.locator("#planbot-agency-tasks")
    expect(rows).to_contain_text("二、重点任务（一）")  # the table renders its first rows only
    expect(rows).to_contain_text("先投后股")  # each task with its source text
    assert page.evaluate(CUT_OFF_JS) == []
    _shoot(page, "agency")

    page.get_by_role("tab", name="目标指标").click()
    expect(page.locator("#planbot-targets")).to_contain_text("42%", timeout=20_000)
    assert page.evaluate(CUT_OFF_JS) == []
    _shoot(page, "targets")

    page.get_by_role("tab", name="原文").click()
    _shoot(page, "source")

    page.get_by_role("tab", name="入门").click()
    terms = page.locator("#planbot-terms")
    expect(terms).to_contain_text("揭榜挂帅", timeout=20_000)
    terms.scroll_into_view_if_needed()
    assert page.evaluate(CUT_OFF_JS) == []
    _shoot(page, "intro")
    page.get_by_role("tab", name="对话").click()


def test_upload_another_plan_and_ask_within_it(page) -> None:
    expect = sync_api.expect
    page.get_by_role("tab", name="方案管理").click()
    page.locator("#planbot-upload input[type=file]").set_input_files(
        str(ROOT / "tests/fixtures/qingshan-gbk.txt")
    )
    expect(page.locator("#planbot-job")).to_contain_text("索引已建立", timeout=120_000)
    expect(page.locator("#planbot-plans")).to_contain_text("青政办发〔2024〕12号", timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "ui-plans.png"), full_page=True)
    page.get_by_role("tab", name="对话").click()
    page.locator("#planbot-doc input").click()
    page.get_by_role("option", name="青山县", exact=False).first.click()
    box = page.locator("textarea").first
    box.fill("完善乡村数字基础设施由哪个单位牵头？")
    box.press("Enter")
    sources = page.locator("#planbot-chatbot details.planbot-sources").last
    expect(sources).to_contain_text("青山县数字乡村建设行动计划", timeout=60_000)  # sources name their plan
    expect(page.locator("#planbot-chatbot")).to_contain_text("县经信局")
    # the example questions now come from the plan in scope, not from the shipped one
    examples = page.locator("#planbot-examples")
    expect(examples).not_to_contain_text("市科技局", timeout=20_000)
    expect(examples).to_contain_text("县")
