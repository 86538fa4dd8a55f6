"""Flattened tables (one cell per line, as web and PDF copies give them) are rebuilt from their header."""

from __future__ import annotations

from pathlib import Path

from index.facts import extract_facts
from index.parse import parse
from index.pipeline import ingest
from index.tables import align, unflatten
from tests.conftest import ROOT

FLAT = """某区推进生活垃圾分类工作实施方案

一、工作目标
到2025年，全区生活垃圾回收利用率达到45%。

附件
重点任务分工表
序号
工作任务
具体内容
牵头
部门
配合
部门
时间节点
1
推进源头分类
建成示范小区50个
区绿化市容局
各街镇
2024年底前
2
完善收运体系
区城管执法局
2025年6月底前
序号
工作任务
具体内容
牵头
部门
配合
部门
时间节点
3
强化执法检查
加大执法检查力度
区城管执法局
区公安分局、各街镇
持续推进
"""


def _rows_of(*lines: str) -> list[list[str]]:
    """The rows unflatten rebuilds from a table copied one cell per line."""
    return [ln.split("\t") for ln in unflatten("\n".join(lines)).split("\n") if "\t" in ln]


def test_rows_are_rebuilt_under_their_header_with_missing_cells_told_apart() -> None:
    rows = _rows_of(FLAT)
    assert rows[0] == ["序号", "工作任务", "具体内容", "牵头部门", "配合部门", "时间节点"]
    assert rows[1] == ["1", "推进源头分类", "建成示范小区50个", "区绿化市容局", "各街镇", "2024年底前"]
    # two cells vanished: the lead unit stays the lead, the deadline stays a deadline
    assert rows[2][3] == "区城管执法局" and rows[2][4] == "" and rows[2][5] == "2025年6月底前"
    # the header repeated after a page break is not a row
    assert rows[3][0] == "3" and rows[3][4] == "区公安分局、各街镇"


def test_only_whitespace_changes_and_line_count_is_kept() -> None:
    out = unflatten(FLAT)
    assert out.count("\n") == FLAT.count("\n")
    assert "".join(out.split()) == "".join(FLAT.split()).replace(
        "序号工作任务具体内容牵头部门配合部门时间节点3", "3", 1
    )


def test_a_flattened_table_gives_responsibilities_with_roles_and_deadlines() -> None:
    plan = parse(FLAT, doc_id="flat", path="flat.txt", sha256="x")
    facts = extract_facts(plan)
    by_row = {(r.locator, r.role): r for r in facts.responsibilities}
    assert by_row[("附件 第1项", "牵头")].units == ["区绿化市容局"]
    assert by_row[("附件 第1项", "配合")].units == ["各街镇"]
    assert by_row[("附件 第2项", "牵头")].deadline == "2025年6月底前"
    assert by_row[("附件 第3项", "配合")].units == ["区公安分局", "各街镇"]


def test_a_long_cell_broken_over_lines_stays_in_its_text_column() -> None:
    names = ["序号", "工作任务", "具体内容", "牵头部门", "时间节点"]
    got = align(names, ["推进源头分类", "建成示范小区", "50个", "区绿化市容局", "2024年"])
    assert got[-2:] == ["区绿化市容局", "2024年"]


def test_real_flattened_tables_of_a_district_plan_become_rows() -> None:
    # 奉贤区 公园城市 plan: its annex project tables arrive one cell per line
    ing = ingest(ROOT / "evals" / "data" / "plans" / "real" / "ds-fengxian-gongyuancheng.txt")
    rows = [b for b in ing.plan.blocks if b.kind == "annex_row"]
    assert len(rows) >= 10
    assert any(b.cells and b.cells.get("位置") == "庄行镇" for b in rows)


def test_prose_after_a_numbered_line_is_not_taken_for_a_table(tmp_path: Path) -> None:
    text = "序号\n说明\n1\n这不是表格，只是一段编号文字。\n"
    assert unflatten(text) == text  # one column name is no header


def test_sub_rows_under_a_merged_number_keep_their_own_units() -> None:
    # a district 任务职责分工表 (.docx): rows under one merged 序号/工作任务 cell each name their own measure
    # and units; a row split by a page break (no number, its units cell continuing a list) is joined
    text = (
        "附件\n某区任务职责分工表\n序号\t工作任务\t主要工作内容\t牵头单位\t配合单位\n"
        "（一）\t加强源头监管\t落实工地数字化监督管理。\t区城运中心\t区数据局、区建设管理委\n"
        "\t\t加强装修垃圾监督管理。\t区绿化市容局\t区房管局、属地街镇\n"
        "\t\t加强拆房工地监督管理。\t区房管局\t——\n"
        "（二）\t严查非法排放\t对施工单位未报备建筑垃圾处理方案，\t区城管执法局\t区建设管理委、\n"
        "\t\t依法进行查处。\t\t公安青浦分局\n"
    )
    facts = extract_facts(parse(text, doc_id="t", path="t.txt", sha256="0"))
    by = {(r.locator, r.role): r.units for r in facts.responsibilities}
    assert by[("附件 第（一）项", "配合")] == ["区数据局", "区建设管理委"]
    assert by[("附件 第（一）项之二", "牵头")] == ["区绿化市容局"]
    assert by[("附件 第（一）项之二", "配合")] == ["区房管局", "属地街镇"]
    assert ("附件 第（一）项之三", "配合") not in by  # “——”: no unit
    assert by[("附件 第（二）项", "配合")] == ["区建设管理委", "公安青浦分局"]
    sub = next(r for r in facts.responsibilities if r.locator == "附件 第（一）项之二")
    assert sub.task == "加强源头监管"  # the merged 工作任务 is inherited


def test_columns_written_before_the_number_and_group_rows_of_their_own_are_read() -> None:
    # 静安 营商环境: “改革领域 / 序号 / 改革事项 / 落实推进单位”, each row opening with its field;
    # 静安 碳达峰: a group row “一 / 推进…” before the rows it heads, their 重点任务 cell merged away
    header = ["附件", "任务分工表", "改革领域", "序号", "改革事项", "落实推进单位"]
    rows = _rows_of(
        *header,
        "市场准入",
        "1",
        "推进登记注册便利化。",
        "区市场监管局",
        "纳税",
        "2",
        "推广电子发票应用。",
        "区税务局",
    )
    assert rows == [
        ["改革领域", "序号", "改革事项", "落实推进单位"],
        ["市场准入", "1", "推进登记注册便利化。", "区市场监管局"],
        ["纳税", "2", "推广电子发票应用。", "区税务局"],
    ]
    first = ["一", "推进综合管理", "1", "编制排放清单", "年内完成", "生态环境局"]
    second = ["2", "统筹推进目标分解", "全年推进", "发展改革委、科技经济委等"]
    third = ["二", "推进能源转型", "3", "推动可再生能源发展", "持续推进", "发展改革委"]
    rows = _rows_of(
        "附件", "任务分工表", "序号", "重点任务", "具体工作", "时间进度", "责任部门", *first, *second, *third
    )
    assert rows[1][:2] == ["一", "推进综合管理"]
    assert rows[2] == ["1", "", "编制排放清单", "年内完成", "生态环境局"]
    assert rows[3] == ["2", "", "统筹推进目标分解", "全年推进", "发展改革委、科技经济委等"]
    assert rows[4][:2] == ["二", "推进能源转型"] and rows[5][4] == "发展改革委"


def test_a_column_before_the_number_merged_over_rows_leaves_each_row_its_own_units() -> None:
    # 静安 城市更新 / 上海 交通光伏: “任务类型 / 序号 / 工作任务 / 推进单位”, the type written once for the
    # rows it spans and a group line between rows; a units cell is the row's own, never the next row's type
    rows = _rows_of(
        "附件", "重点任务清单", "任务类型", "序号", "工作任务", "推进单位",
        "行动一：再造发展新极行动", "1", "推进东斯文里区域整体更新", "区规划资源局、江宁路街道",
        "2", "推进走马塘片区规划研究", "区商务委、市北高新集团",
        "行动二：重塑美丽新居行动", "旧区改造", "3", "完成零星旧里房屋改造", "区房管局、各相关街镇",
        "旧住房更新改造", "4", "推进老旧住房成套改造",
        "5", "加快推进各类旧住房更新改造。",
    )  # fmt: skip
    assert rows[0] == ["任务类型", "序号", "工作任务", "推进单位"]
    assert rows[2] == ["", "2", "推进走马塘片区规划研究", "区商务委、市北高新集团"]
    assert rows[3][0].endswith("旧区改造") and rows[3][3] == "区房管局、各相关街镇"
    assert rows[4][:3] == ["旧住房更新改造", "4", "推进老旧住房成套改造"] and rows[4][3] == ""
    assert rows[5][1:3] == ["5", "加快推进各类旧住房更新改造。"]


def test_every_short_line_between_the_number_column_and_the_first_row_names_a_column() -> None:
    # 上海 交通光伏 附表2 and 奉贤 农村公路 权责清单: columns named in the table's own words (交通子行业,
    # 设定依据), read as the header because they stand between 序号 and the row numbered 1
    rows = _rows_of(
        "附表2", "序号", "交通子行业", "建设区域", "十四五装机计划（MW）", "责任单位",
        "1", "地铁", "高架车站、地面车站", "35-36", "申通地铁集团",
        "2", "铁路", "候车楼、货场、站房", "15-20", "中国铁路上海局",
    )  # fmt: skip
    assert rows[0] == ["序号", "交通子行业", "建设区域", "十四五装机计划（MW）", "责任单位"]
    assert rows[2] == ["2", "铁路", "候车楼、货场、站房", "15-20", "中国铁路上海局"]
    # a column before 序号 leaves its first cell to the first row, not to the header
    rows = _rows_of(
        "评分细则表", "项目", "序号", "评分内容", "评分标准", "扣分", "消防安全责任14分",
        "1", "建立体系（2分）。", "未建立的扣2分", "2", "制定制度（4分）。", "不齐全的扣1分",
    )  # fmt: skip
    assert not rows or "消防安全责任14分" not in rows[0]


def test_a_task_table_with_group_headings_year_columns_and_cells_over_lines() -> None:
    # 上海 综合交通 任务分解表: a group heading on its own line (“一、…”) before a row, “—” for no co-unit,
    # co-units one a line, a cell's numbered items one a line, and the task cell merged into the row above
    rows = _rows_of(
        "序号", "内容", "牵头部门", "配合部门", "2024年工作任务", "2025年工作计划", "备注",
        "一、科学编制并实施规划",
        "1", "科学编制规划", "综合规划处", "委内各相关处室",
        "1.完善基本思路。", "2.编制区域规划。", "1.启动编制规划。",
        "2", "推进快速干线建设", "综合规划处", "—", "推进19号线工可调整。", "推进四期规划编制。",
        "3", "交通建设处", "设施养护处", "推进漕宝路快速路建设。", "推进漕宝路快速路建设。",
        "4", "推进慢行交通建设", "设施运行处", "综合规划处", "设施养护处",
        "完成提升项目120项。", "完成项目120项。",
    )  # fmt: skip
    assert rows[1][:2] == ["一、", "科学编制并实施规划"]  # (its 、 kept: the quote is the line as published)
    assert rows[2][4:6] == ["1.完善基本思路。2.编制区域规划。", "1.启动编制规划。"]
    assert rows[3][2:5] == ["综合规划处", "—", "推进19号线工可调整。"]
    assert rows[4][1:4] == ["", "交通建设处", "设施养护处"]
    assert rows[5][3] == "综合规划处 设施养护处" and rows[5][4] == "完成提升项目120项。"


def test_rows_numbered_inside_their_task_cell_are_read_under_a_number_column() -> None:
    # 上海 交通精细化 清单: no 序号; “（1）…” opens each row's task cell, the group and direction columns
    # before it written once for the rows they span, names broken over two lines (牵头 / 部门)
    rows = _rows_of(
        "任务", "分类", "主要方向", "重点任务（2024-2026）", "2024年工作项目", "2025年计划",
        "牵头", "部门", "配合", "部门",
        "（一）", "提升交通设施环境品质", "1、改善城市道路环境",
        "（1）建设精品道路300条。", "建设精品道路100条。", "建设精品道路100条。",
        "设施养护处", "各相关部门和单位",
        "（2）推进道路整治。", "完成100处。", "完成200处。",
        "2、改善农村道路环境",
        "（3）推进“四好农村路”。", "改造300公里。", "改造200公里。", "设施养护处", "市道运中心",
    )  # fmt: skip
    assert rows[0][:4] == ["任务分类", "主要方向", "序号", "重点任务（2024-2026）"]
    assert rows[0][4:] == ["2024年工作项目", "2025年计划", "牵头部门", "配合部门"]
    # (the number the task cell writes is not written twice: the row's quote stays the text as published)
    assert rows[1][1:4] == ["1、改善城市道路环境", "", "（1）建设精品道路300条。"]
    assert rows[1][6:] == ["设施养护处", "各相关部门和单位"]
    # a row whose units the table merged keeps its own cells, and the next row its direction
    assert rows[2][2:6] == ["", "（2）推进道路整治。", "完成100处。", "完成200处。"]
    assert rows[3][1:4] == ["2、改善农村道路环境", "", "（3）推进“四好农村路”。"]
    assert rows[3][6:] == ["设施养护处", "市道运中心"]


def test_two_tables_under_one_annex_keep_apart_locators_and_answer_with_their_units() -> None:
    ing = ingest(ROOT / "evals" / "data" / "plans" / "real" / "ds-jingan-yingshang.txt")
    by_loc = {(r.locator, u) for r in ing.facts.responsibilities for u in r.units}
    assert ("附件 第71项", "区一网通办专班") in by_loc  # the basic task list
    assert ("附件 表2 第2项", "区商务委") in by_loc  # the brand list, numbered from 1 again
    tan = ingest(ROOT / "evals" / "data" / "plans" / "real" / "ds-jingan-tandafeng.txt")
    fifth = next(r for r in tan.facts.responsibilities if r.locator == "附件 第5项")
    assert fifth.units == ["生态环境局"] and fifth.task == "推进碳达峰碳中和综合管理"


def test_a_table_without_a_number_column_is_read_row_by_row_up_to_its_units() -> None:
    # 杨浦 基层消防 附件: “类别 / 项目 / 主要任务 / 牵头单位 / 配合单位”, no 序号; a group row's “一、…” and a
    # 项目 wrapped over two lines open some rows, a units cell is broken after its 、
    rows = _rows_of(
        "附件：",
        "重点任务清单",
        *["类别", "项目", "主要任务", "牵头单位", "配合单位"],
        *["一、做好政策保障", "1.做好规划配套", "将基层消防工作与专项规划同步规划、同步实施。"],
        *["区消防救援支队", "区应急局、区公安分局"],
        *["贯彻执行本市重点检查事项检查指引，进一步细化检查要求。", "区消防救援支队", "各街道"],
        *["5.实化运行消防", "安全委员会", "年底前，各街道成立消防安全委员会。", "区委编办、", "各街道"],
        "区消防救援支队",
        "指导街道充分发挥多种形式消防队伍作用，统筹力量开展防火巡查。",
    )
    assert rows[0] == ["类别", "项目", "主要任务", "牵头单位", "配合单位"]
    assert rows[1] == ["一、做好政策保障", "1.做好规划配套", "将基层消防工作与专项规划同步规划、同步实施。",
                       "区消防救援支队", "区应急局、区公安分局"]  # fmt: skip
    assert rows[2][1:] == [
        "",
        "贯彻执行本市重点检查事项检查指引，进一步细化检查要求。",
        "区消防救援支队",
        "各街道",
    ]
    assert rows[3][1] == "5.实化运行消防安全委员会" and rows[3][3:] == ["区委编办、各街道", "区消防救援支队"]
    # text that no units close is no row: it stays as written
    assert len(rows) == 4


def test_a_units_cell_wrapped_over_lines_keeps_its_quote_as_written_and_every_unit() -> None:
    # 静安 全程分类 附件: the 配合单位 cell runs over two lines with no 、 between them
    text = "\n".join(
        [
            "附件1",
            "重点任务清单",
            *["类别", "项目", "主要任务", "牵头单位", "配合单位"],
            *["一、完善机制", "完善资金保障机制", "核定各街镇垃圾分类任务指标并制定配套资金分配方案。"],
            *["区绿化市容局", "区财政局", "", "各街镇"],
            *["强化智能化监管机制", "推进街镇垃圾分类场景建设和应用，提高管执联动效能。", "区城运中心"],
            *["各街镇", "区绿化市容局、区城管执法局"],
        ]
    )
    plan = parse(text, doc_id="wrap", path="wrap.txt", sha256="x")
    rows = [b for b in plan.blocks if b.kind == "annex_row"]
    assert len(rows) == 2
    for b in rows:  # the quote adds nothing to the text: only whitespace differs
        assert "".join(b.text.split()) in "".join(text.split())
    helpers = {r.locator: r.units for r in extract_facts(plan).responsibilities if r.role == "配合"}
    assert helpers[rows[0].locator] == ["区财政局", "各街镇"]
    assert helpers[rows[1].locator] == ["各街镇", "区绿化市容局", "区城管执法局"]


def test_a_labelled_group_may_open_with_its_time() -> None:
    from index.facts import clause_deadline, unit_clauses

    # 包头 考评办法: “（6月底完成，牵头考核单位：市市场监管局）” — a qualified label, its time unlabelled
    text = "32．加快企业注销“一网通办”平台应用。（0.5分）（6月底完成，牵头考核单位：市市场监管局、市公安局）"
    assert unit_clauses(text) == [("牵头", ["市市场监管局", "市公安局"])]
    assert clause_deadline(text) == "6月底完成"
    # a score in brackets is no time
    assert clause_deadline("加快平台应用。（0.5分，牵头考核单位：市市场监管局）") is None
