"""The grammar of responsibility markers (index/roles.py), on the wording genres plans use, and on the
real national plans of the development corpus."""

from __future__ import annotations

import pytest

from index.facts import extract_facts, label_units
from index.parse import parse
from index.pipeline import ingest
from index.roles import (
    actor_segments,
    body_members,
    duty_clauses,
    heading_unit,
    later_duties,
    lead_sentence,
    led_with,
    markers,
    parse_marker,
    shortened_names,
    standing_units,
    subject_roles,
)
from tests.conftest import ROOT

REAL = ROOT / "evals" / "data" / "plans" / "real"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (
            "发展改革委牵头，工业和信息化部、财政部参与",
            (("牵头", ("发展改革委",)), ("参与", ("工业和信息化部", "财政部"))),
        ),
        ("教育部、人力资源社会保障部指导", (("指导", ("教育部", "人力资源社会保障部")),)),
        ("市场监管总局负责", (("负责", ("市场监管总局",)),)),
        ("科技部指导，各省级人民政府参与", (("指导", ("科技部",)), ("参与", ("各省级人民政府",)))),
        ("市发展改革委牵头，市财政局配合", (("牵头", ("市发展改革委",)), ("配合", ("市财政局",)))),
        ("国家发展改革委会同财政部负责", (("牵头", ("国家发展改革委",)), ("配合", ("财政部",)))),
        ("教育部会同有关部门负责", (("负责", ("教育部",)),)),
        ("农业农村部、财政部等负责", (("负责", ("农业农村部", "财政部")),)),
        (
            "各有关部门和单位，各省级人民政府按职责分工负责",
            (("负责", ("各有关部门和单位", "各省级人民政府")),),
        ),
    ],
)
def test_marker_styles(inner: str, expected: tuple) -> None:
    assert parse_marker(inner) == expected


@pytest.mark.parametrize("inner", ["以下简称“双创”", "含港澳台", "试点工作由市政府统一部署", "2019年6月底前"])
def test_other_parentheses_are_no_markers(inner: str) -> None:
    assert parse_marker(inner) == ()


def test_the_first_listed_unit_leads_where_the_plan_says_so() -> None:
    got = parse_marker(
        "工业和信息化部、发展改革委、科技部等负责。列第一位者为牵头单位，下同", first_is_lead=True
    )
    assert got == (("牵头", ("工业和信息化部",)), ("负责", ("发展改革委", "科技部")))


def test_a_paragraph_with_several_marked_tasks_gives_each_its_own_units() -> None:
    text = (
        "某市推进体育产业发展实施方案\n一、重点任务\n"
        "（一）鼓励创新创业。推进商事制度改革。（市场监管局负责）加强体育产业创新创业教育服务。"
        "（市体育局牵头，市教育局参与）鼓励退役运动员投身产业。（市体育局、市人力社保局指导）\n"
    )
    plan = parse(text, doc_id="p", path="p.txt", sha256="x")
    facts = extract_facts(plan)
    by_loc = {}
    for r in facts.responsibilities:
        by_loc.setdefault(r.locator, []).append((r.role, r.units))
    assert by_loc["一、重点任务（一）"] == [("负责", ["市场监管局"])]
    assert by_loc["一、重点任务（一）之二"] == [("牵头", ["市体育局"]), ("参与", ["市教育局"])]
    assert by_loc["一、重点任务（一）之三"] == [("指导", ["市体育局", "市人力社保局"])]
    quotes = {b.locator: b.text for b in plan.blocks}
    assert quotes["一、重点任务（一）之二"].startswith("加强体育产业创新创业教育服务")


def test_units_as_the_subject_of_a_task_sentence() -> None:
    got = subject_roles("2.11月30日前，区建设管理委、区住房保障房屋管理局会同区公安分局对排查结果进行分析")
    assert got == (("牵头", ("区建设管理委", "区住房保障房屋管理局")), ("配合", ("区公安分局",)))
    assert subject_roles("2.派出所。配合开展独居老人消防安全关爱工作") == (("配合", ("派出所",)),)
    assert subject_roles("（三）强化资源化处理。推动设施建设。") == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a name runs on to its longest form: 乡镇 / 乡镇政府, 街道办 / 街道办事处
        ("乡镇政府、街道办事处要规范开展日常管理", (("负责", ("乡镇政府", "街道办事处")),)),
        # names without an administrative prefix, followed by a modal (national and municipal plans)
        ("国家发展改革委、科技部要适时督促检查推广工作", (("负责", ("国家发展改革委", "科技部")),)),
        (
            "公安部门要会同城管执法、交通等部门开展专项整治",
            (("牵头", ("公安部门",)), ("配合", ("城管执法、交通等部门",))),
        ),
        # partners named later in the actor's own sentence
        (
            "2.区公安分局和区公安消防支队列出清单，会同区发展改革委、区市场监管局等部门将信息纳入征信体系",
            (("牵头", ("区公安分局", "区公安消防支队")), ("配合", ("区发展改革委", "区市场监管局"))),
        ),
        ("教育部要会同财政部、有关部门研究制定办法", (("牵头", ("教育部",)), ("配合", ("财政部",)))),
        # 及 joins names as 和 does (虹口 建筑垃圾)
        (
            "区城管执法局、区公安分局及各街道办事处等单位负责强化对运输车辆的日常执法检查",
            (("负责", ("区城管执法局", "区公安分局", "各街道办事处")),),
        ),
        # no actor: a place or a generic subject without a modal
        ("市区联动，形成合力", ()),
        ("全部企业要按照标准整改", ()),
    ],
)
def test_actors_named_as_the_subject(sentence: str, expected: tuple) -> None:
    assert subject_roles(sentence) == expected


def test_a_paragraph_of_actor_sentences_is_cut_into_one_task_each() -> None:
    # a municipal plan (市建筑垃圾) and a district plan (崇明 高层建筑): several agencies per paragraph
    text = (REAL / "pv-shanghai-jianzhulaji.txt").read_text(encoding="utf-8").split("\n")[12]
    parts = actor_segments(text)
    assert "".join(parts) == text  # verbatim, nothing lost
    assert parts[0].startswith(
        "（二）提升消纳处置能力。2024年底前，市规划资源局"
    )  # heading stays with its first
    assert [subject_roles(p) for p in parts[2:4]] == [
        (("牵头", ("市规划资源局",)), ("配合", ("市水务局", "市农业农村委", "相关区政府"))),
        (("负责", ("各区政府", "临港新片区管委会")),),
    ]
    assert lead_sentence(parts[2]).startswith("加快研究并落实南汇东滩")  # named without its actors
    one_actor = "（一）全面摸清底数。区建设管理委要摸清全区高层建筑的数量。区建设管理委要登记造册。"
    assert actor_segments(one_actor) == [one_actor]

    plan = ingest(REAL / "ds-chongming-gaoceng.txt").facts
    found = {(r.role, tuple(r.units)) for r in plan.responsibilities if "可行性分析" in r.task}
    assert found == {
        ("牵头", ("区建设管理委", "区住房保障房屋管理局")),
        ("配合", ("区公安分局", "区公安消防支队")),
    }
    counted = [r for r in plan.responsibilities if "底数" in r.task and "区建设管理委" in r.units]
    assert [r.deadline for r in counted] == [
        "9月30日前"
    ]  # the item “1.9月30日前，…” is numbered 1., not the decimal 1.9


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # a duty list's role is its duty's first role verb, wherever it stands in the first sentence
        ("4.建管中心。积极依托“红色物业”创建工作，协同开展社区关爱工作。负责牵头落实", "配合"),
        ("3.服务办。牵头负责收集掌握居委上报的信息。", "牵头"),
        ("（一）区发展改革委：负责统筹推进。", "负责"),
        ("6.城运中心。根据区网格中心要求，推动将工作纳入平台。", "负责"),
        # names of any organisation ending: 居委会, 村委会
        ("7.居委会。具体负责排摸更新社区独居老人信息。", "负责"),
    ],
)
def test_a_duty_list_names_its_unit_and_role(head: str, expected: str) -> None:
    got = subject_roles(head)
    assert len(got) == 1 and got[0][0] == expected


def test_a_sentence_opened_by_a_condition_keeps_it_with_its_actor() -> None:
    # 崇明 (district) and 上海市建筑垃圾 (municipal): “对…，X要…” and “…，会同X…” inside actor sentences
    text = (
        "区政府是第一责任主体，统筹推进全区工作。各乡镇政府是直接责任主体，负责会同区有关部门具体实施。"
        "对无行业主管部门的高层建筑，乡镇政府要明确牵头单位负责排查治理工作。"
    )
    parts = actor_segments(text)
    assert "".join(parts) == text
    assert parts[-1] == "对无行业主管部门的高层建筑，乡镇政府要明确牵头单位负责排查治理工作。"
    # “会同区发展改革委…” continues the actor's sentence; 会同区 is no unit
    later = "区公安分局列出责任人清单，会同区发展改革委、区市场监管局等部门将相关信息纳入征信体系。"
    assert actor_segments("（三）强化惩戒。" + later) == ["（三）强化惩戒。" + later]
    facts = ingest(REAL / "ds-chongming-gaoceng.txt").facts
    township = [r for r in facts.responsibilities if "无行业主管部门" in r.task]
    assert [tuple(r.units) for r in township] == [("乡镇政府",)]
    assert not any(u.startswith("会同") for r in facts.responsibilities for u in r.units)


@pytest.mark.parametrize(
    ("plan", "minimum"),
    [
        ("na-guofa-nongji.txt", 30),
        ("na-guoban-jili.txt", 28),
        ("na-guoban-tiyusaishi.md", 18),
        ("na-guofa-zimaoqu.txt", 50),
    ],
)
def test_real_national_plans_have_their_inline_responsibilities_read(plan: str, minimum: int) -> None:
    facts = ingest(REAL / plan).facts
    assert len(facts.responsibilities) >= minimum
    assert all(r.units for r in facts.responsibilities)


def test_markers_are_found_in_order_with_their_offsets() -> None:
    text = "推进A。（甲局负责）推进B。（乙局牵头，丙局参与）"
    found = markers(text)
    assert [text[m.start : m.end] for m in found] == ["（甲局负责）", "（乙局牵头，丙局参与）"]


def test_a_marker_verb_may_say_it_carries_the_work_out() -> None:
    # 奉贤 耕地: “(X、Y、Z牵头，各街镇、开发区、头桥集团配合实施)”; an area names its administration
    roles = parse_marker("区农业农村委、区规划资源局牵头，各街镇、开发区、头桥集团配合实施")
    assert roles == (("牵头", ("区农业农村委", "区规划资源局")), ("配合", ("各街镇", "开发区", "头桥集团")))


def test_a_parenthesis_of_names_after_a_task_names_its_units() -> None:
    # 宝山 海洋垃圾: each task closes with its units and no role word, brackets mixed as the page has them
    text = "推进A。(区水务局（区海洋局）、相关沿海街镇)推进B。（区交通委、宝山海事局）"
    found = markers(text)
    assert [m.roles for m in found] == [
        (("责任", ("区水务局（区海洋局）", "相关沿海街镇")),),
        (("责任", ("区交通委", "宝山海事局")),),
    ]
    # inside a sentence such a parenthesis is another name or examples, not who does the task
    assert markers("由区水务局（区海洋局）负责，市局（区交通委、区公安分局）配合。") == []


def test_a_share_that_meets_a_standard_is_a_target() -> None:
    # municipal (市海绵) wording: the share comes before 达到…要求, or before 的面积达到…
    targets = ingest(REAL / "pv-shanghai-haimian.txt").facts.targets
    shares = {(t.value, t.unit, t.comparator) for t in targets if "海绵城市建设目标要求" in t.sentence}
    assert {("40", "%", "以上"), ("50", "%", "以上"), ("60", "%", "以上")} <= shares
    # a number that only says which things are meant stays out
    plan = parse("一、目标\n（一）实现20户以上自然村光纤全覆盖。", doc_id="t", path="t.txt", sha256="0")
    assert extract_facts(plan).targets == []


def test_a_five_year_period_is_its_last_year() -> None:
    from index.vocab import same_time

    assert same_time("十四五") == ("十四五", "2025年")
    assert same_time("2025年") == ("2025年", "十四五")
    assert same_time("2027年") == ("2027年",)


def test_a_labelled_lead_among_responsible_units() -> None:
    # county plans label the lead “牵头责任单位” and the others “责任单位” in one marker
    from index.facts import unit_clauses

    got = unit_clauses("加强冷藏保鲜设施建设。（牵头责任单位：区农业农村局；责任单位：区商务局、区财政局）")
    assert got == [("牵头", ["区农业农村局"]), ("责任", ["区商务局", "区财政局"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a compound label: the unit and the office that carries the work out
        ("（三） 责任单位及承办科室：市自然资源局，储备中心。", [("责任", ["市自然资源局", "储备中心"])]),
        (
            "2. 责任单位及承办科室（单位）：市住房城乡建设局，各燃气企业。",
            [("责任", ["市住房城乡建设局", "各燃气企业"])],
        ),
        # the list runs on into what the office does: only the units before it
        (
            "（三） 责任单位及承办科室：市住房城乡建设局、市人防办，"
            "市政务服务中心工程建设项目综合窗口、人防窗口负责收件、受理。",
            [("责任", ["市住房城乡建设局", "市人防办"])],
        ),
        # a clause of the value that is itself a marker keeps its roles
        (
            "（四） 责任单位及承办科室：市住房城乡建设局；"
            "市住房城乡建设局审批科牵头承办，建设工程管理中心、工程质量监督站协办。",
            [
                ("牵头", ["市住房城乡建设局审批科"]),
                ("配合", ["建设工程管理中心", "工程质量监督站"]),
                ("责任", ["市住房城乡建设局"]),
            ],
        ),
        # another label after a comma ends the units: （负责部门：民航局，适用范围：河南自贸试验区）
        ("（负责部门：民航局，适用范围：河南自贸试验区）", [("责任", ["民航局"])]),
    ],
)
def test_labels_compound_numbered_and_running_on(text: str, expected: list) -> None:
    from index.facts import unit_clauses

    assert unit_clauses(text) == expected


def test_a_marker_clause_that_names_no_units_is_kept_for_the_answer() -> None:
    from index.facts import other_clauses

    assert other_clauses("（负责部门：民航局，适用范围：河南自贸试验区）") == [("适用范围", "河南自贸试验区")]
    assert other_clauses("（牵头单位：市发改委；配合单位：市财政局；完成时限：2024年底）") == []


def test_a_responsibility_item_closing_a_list_is_the_headings_and_takes_its_time_item() -> None:
    text = (
        "关于某事的实施细则\n一、支持缓缴配套费\n（一）适用范围：主城区房地产开发项目。\n（二）办理时限：1.5个工作日。\n"
        "（三）责任单位：市自然资源局、市财政局。\n二、推动项目平稳交付\n在建项目不能如期交房的，可适当顺延交房期限。\n"
        "责任单位：市住房城乡建设局。\n"
    )
    facts = _facts(text)
    got = {(r.task, tuple(r.units), r.deadline) for r in facts.responsibilities}
    assert ("支持缓缴配套费", ("市自然资源局", "市财政局"), "1.5个工作日") in got
    assert ("推动项目平稳交付", ("市住房城乡建设局",), None) in got


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one leading year governs every item listed in its sentence
        (
            "2023年新增放心消费承诺单位8000家，线下无理由退货承诺店3000家。",
            {("放心消费承诺单位", "8000", "2023年"), ("线下无理由退货承诺店", "3000", "2023年")},
        ),
        # an aim verb before the year, and a thing counted that starts with a digit (5G, 4K)
        ("力争2023年新建4万个5G基站。", {("新建5G基站", "4万", "2023年")}),
    ],
)
def test_targets_of_a_sentence_keep_its_year(sentence: str, expected: set) -> None:
    text = f"某某方案\n一、主要任务\n（一）壮大数字消费。{sentence}\n"
    facts = _facts(text)
    assert {(t.metric, t.value, t.deadline) for t in facts.targets} == expected


def test_a_towns_own_offices_open_its_duty_list() -> None:
    # 吴泾镇: “房管所、规建生态办负责牵头组织…\n房管所负责规模租赁场所的…\n新吴泾投资经营有限公司负责…”
    text = (
        "某镇工作方案\n三、保障措施\n（二）细化职责分工\n镇领导小组根据职责，将任务分解到各部门。\n"
        "房管所、规建生态办负责牵头组织排查整治工作；\n房管所负责规模租赁场所的排查整治工作；\n"
        "新吴泾投资经营有限公司负责镇属国有资产的排查整治工作；\n吴泾司法所负责配合完善管理制度。\n"
    )
    facts = _facts(text)
    got = {(r.task, tuple(r.units)) for r in facts.responsibilities}
    assert ("牵头组织排查整治工作", ("房管所", "规建生态办")) in got
    assert ("规模租赁场所的排查整治工作", ("房管所",)) in got
    assert ("镇属国有资产的排查整治工作", ("新吴泾投资经营有限公司",)) in got
    assert ("配合完善管理制度", ("吴泾司法所",)) in got
    # an office word inside what is done is no unit: “有关部门研究制定办法”
    assert subject_roles("教育部要会同财政部、有关部门研究制定办法") == (
        ("牵头", ("教育部",)),
        ("配合", ("财政部",)),
    )


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        # 等和 closes one list and opens another
        (
            "自然资源部、交通运输部等和各有关省级人民政府负责",
            (("负责", ("自然资源部", "交通运输部", "各有关省级人民政府")),),
        ),
        # national mass organisations are units
        ("全国工商联、共青团中央、全国妇联等负责", (("负责", ("全国工商联", "共青团中央", "全国妇联")),)),
    ],
)
def test_marker_unit_lists_of_national_plans(inner: str, expected: tuple) -> None:
    assert parse_marker(inner) == expected


def test_the_documents_own_role_label_is_kept() -> None:
    # 松江: （牵头单位：…，支撑单位：…）; 支撑 is the supporting role, said in the plan's word
    text = "某区计划\n一、行动任务\n1.完成晨星口袋公园建设。（牵头单位：区绿化市容局，支撑单位：经开区）\n"
    facts = _facts(text)
    got = {(r.role, r.label, tuple(r.units)) for r in facts.responsibilities}
    assert got == {("牵头", "牵头单位", ("区绿化市容局",)), ("配合", "支撑单位", ("经开区",))}


def _facts(text: str):
    return extract_facts(parse(text, doc_id="x", path="x.txt", sha256="0"))


def test_the_one_later_sentence_that_names_its_actor_is_that_units_step() -> None:
    text = (
        "某市方案\n三、工作内容\n（一）土地供应\n2.科学确定土地供应节奏。充分考虑商品住房去化周期：对去化周期在36个月"
        "以上的，应停止供地。市住建局要及时向市自然资源局反馈商品住房去化周期，市自然资源局合理确定土地供应节奏。\n"
    )
    got = {(r.task[:15], tuple(r.units)) for r in _facts(text).responsibilities}
    assert ("及时向市自然资源局反馈商品住房", ("市住建局",)) in got
    # 经 opens a name (经发办, 经信局) as well as “经区政府同意”
    assert subject_roles("经发办负责园区、企业的排查整治工作") == (("负责", ("经发办",)),)
    assert subject_roles("经区政府同意后实施") == ()


def test_a_units_duties_each_open_with_their_own_role() -> None:
    # 奉贤 应急避难场所 and 沈阳 房屋安全: “X：参与A;参与B;负责C。”, “X：负责A；牵头B”
    units, duties = duty_clauses(
        "区应急管理局：参与制定区级应急避难场所专业规划和年度建设计划;参与应急避难场所的建设指导和验收;"
        "负责全区应急避难场所启用。"
    )
    assert units == ["区应急管理局"]
    assert duties == [
        ("参与", "制定区级应急避难场所专业规划和年度建设计划"),
        ("参与", "应急避难场所的建设指导和验收"),
        ("负责", "全区应急避难场所启用"),
    ]
    # a list of verbs after 负责 is the unit's own duty, not a 指导 role; one duty is no list
    assert duty_clauses("区教育局：负责推进学校建设;负责指导、监督各学校落实主体责任。")[1][1] == (
        "负责",
        "指导、监督各学校落实主体责任",
    )
    assert duty_clauses("市数据局：负责在平台建设上提供数据共享支持。") == ([], [])
    # 负责配合 supports; a party department heads its duties whole; a heading setting up an office is no unit
    assert subject_roles("市财政局：负责配合市房产局制定资金使用管理制度。") == (("配合", ("市财政局",)),)
    assert subject_roles("市委宣传部：负责广泛宣传三项制度的重要意义。") == (("负责", ("市委宣传部",)),)
    assert subject_roles("（二）成立联合采购办公室。在试点工作小组领导下开展集中采购。") == ()


def test_each_listed_duty_of_a_real_plan_is_a_fact_of_its_own() -> None:
    facts = ingest(REAL / "ds-fengxian-binan.txt").facts
    got = {(r.task, r.role) for r in facts.responsibilities if r.units == ["区应急管理局"]}
    assert ("全区应急避难场所启用", "负责") in got
    assert ("制定区级应急避难场所专业规划和年度建设计划", "参与") in got
    # the sentence that says who leads after its conditions (“…，在区政府的统一领导下，X、Y牵头，…”)
    leads = [r.units for r in facts.responsibilities if r.role == "牵头"]
    assert ["区民防办", "应急管理局"] in leads
    national = ingest(REAL / "na-guoban-yaopincaigou.txt").facts
    # “国家医保局承担制定试点方案…的职责”: 承担 names the actor as 负责 does
    assert any(r.units == ["国家医保局"] and "试点方案" in r.task for r in national.responsibilities)


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        # 安徽: an editor's note after the units says how later measures are marked, it is no unit list
        (
            "省发展改革委、省商务厅等按职责分工负责，各市、县人民政府负责落实。以下均需各市、县人民政府落实，不再一一列出",
            (("负责", ("省发展改革委", "省商务厅")), ("负责", ("各市", "县人民政府"))),
        ),
        # 四川 (the same note in another plan's words)
        (
            "省发展改革委、省市场监管局按职责分工负责。具体任务均涉及相关市（州）人民政府，不再做分工，下同。",
            (("负责", ("省发展改革委", "省市场监管局")),),
        ),
        # 上海 市场监管局, two plans: the note follows a comma, or a 。 inside the same parenthesis
        (
            "市局特种设备安全监察处牵头，各单位按职责分工负责，以下各项工作均需要各单位负责，不再单独列出",
            (("牵头", ("市局特种设备安全监察处",)), ("负责", ("各单位",))),
        ),
        (
            "市局特种设备安全监察处牵头，执法稽查处、信用监督管理处按职责分工负责；区市场监管局组织落实。"
            "以下均需区市场监管局落实，市局执法总队负责上海化学工业区内的特种设备相关监管工作，不再单独列出",
            (
                ("牵头", ("市局特种设备安全监察处",)),
                ("负责", ("执法稽查处", "信用监督管理处")),
                ("负责", ("区市场监管局",)),
            ),
        ),
        # 江西 金融: leads by 按职责分工牵头, co-units “…等省直有关部门配合”, or only “省直有关部门配合”
        (
            "省财政厅、省金融监管局按职责分工牵头，省农业农村厅、省商务厅等省直有关部门配合",
            (("牵头", ("省财政厅", "省金融监管局")), ("配合", ("省农业农村厅", "省商务厅"))),
        ),
        (
            "人行南昌中心支行、省金融监管局按职责分工牵头，省直有关部门配合",
            (("牵头", ("人行南昌中心支行", "省金融监管局")),),
        ),
        ("省发展改革委牵头，有关部门配合", (("牵头", ("省发展改革委",)),)),
        # the members of a body named by its long name are a unit
        (
            "省完善促进消费体制机制厅际联席会议成员单位按职责分工负责",
            (("负责", ("省完善促进消费体制机制厅际联席会议成员单位",)),),
        ),
    ],
)
def test_a_marker_with_an_editors_note_still_names_its_units(inner: str, expected: tuple) -> None:
    assert parse_marker(inner) == expected


def test_a_festival_sets_a_tasks_deadline() -> None:
    from index.facts import inline_deadline

    assert inline_deadline("确保专项督查中经查实的欠薪问题在春节前整改到位。") == "春节前"
    assert inline_deadline("各责任单位要在2026年2月中旬前发布申报指引") == "2026年2月中旬前"


def test_each_item_of_a_list_said_once_is_measured_in_the_lists_frame() -> None:
    # 上海 农村公路: “不得低于县道每年每公里1万元，乡道每年每公里5000元，村道每年每公里3000元”
    facts = ingest(REAL / "pv-shanghai-nongcungonglu.pdf").facts
    by_value = {t.value + t.unit: t.metric for t in facts.targets if "每公里" in t.sentence}
    assert by_value["5000元"] == "用于农村公路日常养护的总额不得低于乡道每年每公里"
    assert by_value["3000元"].endswith("村道每年每公里")
    # items that share only a short ending are not one list: no frame is borrowed across them
    wenzhou = ingest(ROOT / "index" / "corpus" / "wenzhou-2023-86.txt").facts
    assert all(not t.metric.startswith("在温高职业") for t in wenzhou.targets)


def test_a_standard_set_per_household_names_whom_it_is_for() -> None:
    facts = ingest(REAL / "pv-anhui-cujinxiaofei.txt").facts
    (t,) = [t for t in facts.targets if t.value == "1000"]
    assert t.unit == "元" and "深度困难职工" in t.metric


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the last name joined by 和, and the governments of every city and county as one unit (江西 融资担保)
        (
            "省金融监管局、省直相关部门和各市、县〔区〕人民政府",
            ["省金融监管局", "省直相关部门", "各市、县〔区〕人民政府"],
        ),
        ("省财政厅，各市、县（区）政府", ["省财政厅", "各市、县（区）政府"]),
        # 和 inside one name stays: 省工业和信息化厅, 十五运会和残特奥会广州赛区执委会 (广州 5G)
        ("省财政厅、省工业和信息化厅", ["省财政厅", "省工业和信息化厅"]),
        ("十五运会和残特奥会广州赛区执委会、市教育局", ["十五运会和残特奥会广州赛区执委会", "市教育局"]),
    ],
)
def test_a_label_lists_its_units_as_written(value: str, expected: list[str]) -> None:
    assert label_units(value) == expected


def test_a_body_made_of_named_units_has_them_as_members_and_its_named_lead() -> None:
    # 国函〔2018〕144号: “联席会议由教育部、…9个部门和单位组成，教育部为牵头单位”
    body, roles = body_members(
        "联席会议由教育部、发展改革委、工业和信息化部、财政部9个部门和单位组成，教育部为牵头单位。"
    )
    assert body == "联席会议"
    assert roles == [("牵头", ["教育部"]), ("参与", ["发展改革委", "工业和信息化部", "财政部"])]
    # 国办发〔2019〕3号: members named with the officials they send, and no lead
    _, roles = body_members(
        "成立治理工作小组，组长由国务院副秘书长担任，成员由教育部、民政部等部门负责同志组成。"
    )
    assert roles == [("参与", ["教育部", "民政部"])]
    # a body of one kind of member names no unit
    assert body_members("联合采购办公室由试点城市各派1名代表组成")[1] == []


def test_a_name_the_plan_shortens_is_read_back_to_its_full_name() -> None:
    text = (
        "经国务院同意，建立国务院职业教育工作部际联席会议（以下简称联席会议）制度。"
        "成立本市城镇燃气安全专项整治工作专班（以下简称市工作专班）"
    )
    assert shortened_names(text) == {
        "联席会议": "国务院职业教育工作部际联席会议",
        "市工作专班": "本市城镇燃气安全专项整治工作专班",
    }


def test_a_subjects_later_duty_in_another_role_is_read_with_that_role() -> None:
    text = (
        "消防救援部门负责指导养老机构履行消防安全主体责任；配合民政部门及属地政府对养老机构开展综合治理；"
        "对单位消防安全管理人员开展消防安全教育培训。"
    )
    assert later_duties(text) == [("配合", "配合民政部门及属地政府对养老机构开展综合治理")]
    assert later_duties("9.镇城管中心负责巡查监督，并协助镇规建办做好现场监管和竣工验收。") == [
        ("配合", "协助镇规建办做好现场监管和竣工验收")
    ]
    assert later_duties("区财政局负责资金保障，做好预算管理。") == []


def test_units_named_with_their_role_for_every_later_task_are_a_standing_note() -> None:
    marker = (
        "（牵头指导处室：市局产品质量安全监督管理处，"
        "各区市场监管局、临港新片区市场监管局、机场分局为实施单位，下同）"
    )
    note = standing_units(marker)
    assert note is not None and note[1] == ("各区市场监管局", "临港新片区市场监管局", "机场分局")
    assert note[0].startswith("各区市场监管局")
    # and the marker's own units stop before the note
    assert label_units("市局产品质量安全监督管理处，各区市场监管局、机场分局为实施单位，下同") == [
        "市局产品质量安全监督管理处"
    ]


def test_a_unit_whose_verb_qualifies_a_thing_is_no_actor() -> None:
    # “国务院部门制定的规范性文件，由本部门审核机构进行审核”: 国务院部门 does not act here
    assert subject_roles("国务院部门制定的规范性文件，由本部门审核机构进行审核。") == ()
    assert subject_roles("国务院部门制定规范性文件的审核标准。") == (("负责", ("国务院部门",)),)


def test_a_duty_list_headed_by_a_unit_and_the_word_for_its_duties_is_that_units() -> None:
    # 宝山 / 崇明 基层消防: “（三）居（村）委职责”, “2.乡镇消防安全委员会办公室职责” over the numbered duties
    assert heading_unit("（三）居（村）委职责") == "居（村）委"
    assert heading_unit("（一）街镇（园区）消防安全委员会职责") == "街镇（园区）消防安全委员会"
    assert heading_unit("2.乡镇消防安全委员会办公室职责") == "乡镇消防安全委员会办公室"
    # a heading about duties in general names no unit
    assert heading_unit("（二）全面明确消防工作职责") is None


def test_a_word_that_ends_in_ju_or_ban_is_no_unit_unless_it_names_a_body() -> None:
    # “6.优化消防站点建设布局。…”, “2.分级挂牌督办。…”: 布局 and 督办 are no 局 and 办
    units = {
        u
        for plan in (
            "ds-jinshan-xiaofang.txt",
            "ds-baoshan-jicengxiaofang.txt",
            "pv-shanghai-xiaofangjichu.txt",
        )
        for r in ingest(REAL / plan).facts.responsibilities
        for u in r.units
    }
    assert not [u for u in units if u.endswith(("布局", "督办"))]
    assert {"区交通委", "消防安全管理办公室"} <= units


def test_a_lead_and_its_partners_in_one_sentence_are_read_with_their_roles() -> None:
    # 金山 公共消防: the sentence's own work, beside another sentence's subject in the same passage
    task, roles = led_with(
        "7.积极推进消防水源建设。将市政消火栓建设列为区政府实事项目，由区交通委牵头，"
        "区发改委、区建管委、区水务局、区消防救援支队配合。属地政府要强化缺水区域消防取水码头建设。"
    )
    assert task == "将市政消火栓建设列为区政府实事项目"
    assert roles == (
        ("牵头", ("区交通委",)),
        ("配合", ("区发改委", "区建管委", "区水务局", "区消防救援支队")),
    )
    # 上海 交通光伏: a body set up so, its partners named with 等部门共同参与
    task, roles = led_with(
        "成立由市交通委牵头，市发展改革委、市规划资源局、民航华东管理局、市电力公司等部门共同参与的推进机制"
    )
    assert task == "" and roles[0] == ("牵头", ("市交通委",))
    assert roles[1] == ("参与", ("市发展改革委", "市规划资源局", "民航华东管理局", "市电力公司"))


def test_domains_sharing_one_bumen_are_a_subject() -> None:
    # 上海 轨道交通 / 上海 建筑垃圾: “公安、应急管理部门负责…”, “生态环境、绿化市容、城管执法部门要会同…”
    assert subject_roles("公安、应急管理部门负责本市轨道交通的治安和消防监督管理。") == (
        ("负责", ("公安、应急管理部门",)),
    )
    said = subject_roles(
        "生态环境、绿化市容、城管执法部门要会同建设主管部门加强对非法跨省倾倒建筑垃圾行为的查处"
    )
    assert said and said[0] == ("牵头", ("生态环境、绿化市容、城管执法部门",))


def test_a_lead_that_works_with_named_partners_mid_sentence_is_read_for_that_clause() -> None:
    # 静安 文物, 北京 共有产权: “区级文物保护单位由区文化局会同区规土局共同编制”, “…，并由市住房城乡建设委会同
    # 市发展改革委、市财政局、市规划国土委审核确定”
    task, roles = led_with(
        "统筹协调保护规划的编制工作，区级文物保护单位由区文化局会同区规土局共同编制，报区政府批准"
    )
    assert task == "区级文物保护单位由区文化局会同区规土局共同编制"
    assert roles == (("牵头", ("区文化局",)), ("配合", ("区规土局",)))
    task, roles = led_with(
        "由代持机构委托房地产估价机构进行评估，并由市住房城乡建设委会同市发展改革委、市财政局审核确定。"
    )
    assert task.startswith("由市住房城乡建设委会同") and roles[1] == ("配合", ("市发展改革委", "市财政局"))
    # partners named by kind only are no partners: the lead alone
    assert led_with("由市住房城乡建设委会同相关部门另行制定。")[1] == (("牵头", ("市住房城乡建设委",)),)
