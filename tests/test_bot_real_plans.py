"""Grounded answers on real district plans of the development corpus (evals/data/plans/real/), one genre of
wording each, asked the way a civil servant would. Pure: ingest, understand, compose; lexical retrieval only.
"""

from __future__ import annotations

import re

import pytest

from bot.answer import Answer
from bot.compose import Context
from tests.conftest import ROOT, grounded_context
from tests.test_bot_unseen import _ingest, ask

REAL = ROOT / "evals" / "data" / "plans" / "real"


@pytest.fixture(scope="module")
def gumei() -> Context:
    # a street (街道) plan whose duties are a list “1.街道消委办。牵头开展…”
    return grounded_context([_ingest(REAL / "ds-gumei-dujulaoren.txt")])


@pytest.fixture(scope="module")
def chongming() -> Context:
    # a district plan whose units are the subjects of its sentences
    return grounded_context([_ingest(REAL / "ds-chongming-gaoceng.txt")])


def test_the_plans_own_place_in_a_question_does_not_steer_it_to_other_passages(gumei: Context) -> None:
    # the annex titles repeat 古美路街道; the question's 古美路街道 only says whose plan it is
    ans = ask(gumei, "古美路街道独居老人消防安全关爱工作由哪个部门牵头？")
    assert not ans.abstained
    assert "街道消委办" in ans.answer
    assert all("附件" not in c.locator for c in ans.citations)


def test_a_unit_asked_what_it_must_do_gets_its_whole_duty_list(gumei: Context) -> None:
    ans = ask(gumei, "服务办在方案中具体要做哪些事？")
    assert ans.intent == "reverse" and not ans.abstained
    # the paragraph's later duties too, not only its first sentence
    assert "深化推进“老伙伴”计划" in ans.answer
    assert "收集掌握居委上报的独居老人信息" in ans.answer


def test_a_duty_list_unit_that_supports_is_not_given_as_the_lead(gumei: Context) -> None:
    ans = ask(gumei, "独居老人消防安全关爱工作由哪个部门牵头？")
    assert "街道消委办" in ans.answer and "建管中心" not in ans.answer


def test_a_unit_named_after_a_condition_clause_answers_who(chongming: Context) -> None:
    ans = ask(chongming, "没有行业主管部门的高层建筑，由谁明确牵头单位负责排查治理？")
    assert not ans.abstained and "乡镇政府" in ans.answer


def test_where_no_fact_is_parsed_a_sentence_that_holds_the_answer_is_quoted(chongming: Context) -> None:
    # a phase heading carries its own date: “（一）动员部署阶段（8月31日前）”
    ans = ask(chongming, "动员部署阶段要在什么时间前完成？")
    assert not ans.abstained and "8月31日前" in ans.answer
    assert any("8月31日前" in c.quote for c in ans.citations)


@pytest.mark.parametrize(
    "question",
    [
        "高层建筑消防安全综合治理协调小组要建多少个工作站？",  # a count in a measure the plan never gives
        "协调小组办公室主任的年薪是多少万元？",
    ],
)
def test_a_value_the_plan_does_not_give_still_abstains(chongming: Context, question: str) -> None:
    assert ask(chongming, question).abstained


def test_a_phase_heading_with_its_dates_answers_when(chongming: Context) -> None:
    # a phase named in a heading with its period: the heading says when, in the plan's words
    ans = ask(chongming, "排查整治阶段的时间段是什么？")
    assert not ans.abstained and "9月1日至11月30日" in ans.answer


def test_an_elliptical_when_question_stays_on_the_previous_task() -> None:
    # “什么时候完成？” names no task: its one content word 完成 must not link it to another row that says 完成
    ctx = grounded_context([_ingest(ROOT / "tests" / "fixtures" / "linchuan-merged.docx")])
    follow = ask(ctx, "什么时候完成？", history=["建设农村公共厕所60座由谁牵头？"])
    assert "建设农村公共厕所60座" in follow.answer and "2025年11月底前" in follow.answer


@pytest.fixture(scope="module")
def suzhou() -> Context:
    # a municipal 实施细则 whose sections each end in an item “（四）责任单位及承办科室：X，Y。”
    return grounded_context([_ingest(REAL / "ct-ahsuzhou-xize.txt")])


def test_a_list_closed_by_its_responsibility_item_answers_for_each_of_its_items(suzhou: Context) -> None:
    # the question describes item （三） of 五、; the units stand in item （四）
    ans = ask(suzhou, "按揭贷款纾困工作由谁负责落实？")
    assert not ans.abstained
    for unit in ("人民银行宿州市中心支行", "银保监会宿州监管分局", "宿州市地方金融监管局"):
        assert unit in ans.answer
    assert any("责任单位" in c.quote for c in ans.citations)


def test_a_compound_label_lists_the_unit_and_its_office(suzhou: Context) -> None:
    ans = ask(suzhou, "分期缴纳土地出让金由哪个单位负责、哪个科室承办？")
    assert "市自然资源局" in ans.answer and "储备中心" in ans.answer


def test_a_marker_inside_a_label_value_gives_its_own_roles(suzhou: Context) -> None:
    # “…；市住房城乡建设局审批科牵头承办，建设工程管理中心、工程质量监督站协办。”
    ans = ask(suzhou, "分阶段申办施工许可证，除了审批科牵头承办，还有哪些单位协办？")
    assert "建设工程管理中心" in ans.answer and "工程质量监督站" in ans.answer
    assert "审批科" not in ans.answer.split("：", 1)[-1]


def test_the_time_item_of_such_a_list_answers_when_in_the_plans_word(suzhou: Context) -> None:
    ans = ask(suzhou, "缓缴城市基础设施配套费的办理时限是多久？")
    assert "1.5个工作日" in ans.answer and "办理时限" in ans.answer
    assert any("1.5个工作日" in c.quote for c in ans.citations)


def test_a_duty_list_of_unnumbered_paragraphs_answers_each_duty_with_its_own_unit() -> None:
    # 白银: under 附件, one paragraph per unit “市司法局负责对虚假公证…”, all sharing the locator 附件
    ctx = grounded_context([_ingest(REAL / "ct-baiyin-fangdichan.txt")])
    ans = ask(ctx, "虚假公证、违法公证归哪个部门查处？")
    assert "市司法局" in ans.answer
    assert "市发展改革委" not in ans.answer and "市公安局" not in ans.answer


def test_a_question_of_two_counts_gets_both_in_their_measures() -> None:
    # 环城生态公园带: “向内连接10片楔形绿地，向外连接17条生态间隔带”
    ctx = grounded_context([_ingest(REAL / "pv-shanghai-gongyuandai.md")])
    ans = ask(ctx, "到2035年，外环绿带要向内连接多少片楔形绿地、向外连接多少条生态间隔带？")
    assert "10片" in ans.answer and "17条" in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        ("ct-baotou-shuzizhengfu.txt", "今年5G基站要新增多少座？累计要达到多少个？", ["1000座", "4600个"]),
        (
            "ds-huangpu-rencai.txt",
            "技工人才住房补贴每年遴选多少名优秀高技能人才，每人补贴多少？",
            ["1000名", "6000元"],
        ),
        (
            "na-guoban-jixiaokaohe.txt",
            "标了“▲”的国家监测指标有多少个？其中自动生成的有几个？",
            ["26个", "15个"],
        ),
    ],
)
def test_two_counts_one_sentence_states_are_both_answered(plan: str, question: str, said: list[str]) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained and all(s in ans.answer for s in said), ans.answer


def test_a_goals_time_is_said_as_the_plan_says_it_and_another_year_is_not_asked_for() -> None:
    ctx = grounded_context([_ingest(REAL / "ct-shenzhen-denglingqiye.txt")])
    assert "到2027年" in ask(ctx, "累计培育1000家瞪羚企业的目标要在什么时候实现？").answer
    # the plan sets its goal for 2027 only: a question for 2025 gets no 2027 sentence
    assert ask(ctx, "到2025年底深圳要培育多少家独角兽企业？").abstained


def test_a_year_asked_for_a_goal_without_a_number_is_quoted() -> None:
    ctx = grounded_context([_ingest(REAL / "pv-shanghai-nongcungonglu.pdf")])
    ans = ask(ctx, "全面建成体系完备、运转高效的农村公路管理养护体制机制的目标年份是？")
    assert not ans.abstained and "2035年" in ans.answer


@pytest.fixture(scope="module")
def songjiang() -> Context:
    # a district plan whose tasks close with （牵头单位：…，支撑单位：…）
    return grounded_context([_ingest(REAL / "ds-songjiang-chengshigengxin.txt")])


def test_a_supporting_role_is_answered_in_the_plans_own_word(songjiang: Context) -> None:
    ans = ask(songjiang, "王槐亭宅、沈氏宅、张逸盛宅这些修缮工程，哪个部门做支撑？")
    assert "支撑单位：区文化旅游局" in ans.answer
    assert "岳阳街道" not in ans.answer  # the leads are not asked for
    lead = ask(songjiang, "晨星口袋公园建设由谁牵头？")
    assert "区绿化市容局" in lead.answer and "经开区" not in lead.answer


def test_how_large_an_area_asks_for_the_target(songjiang: Context) -> None:
    ans = ask(songjiang, "低效产业用地处置任务要完成多大面积？")
    assert "3.44平方公里" in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # a time given by an event's day, in a national plan of each kind
        ("na-guoban-xiaofeifupin.txt", "全社会的消费扶贫活动要在什么时间集中开展？", "国家扶贫日前后"),
        (
            "na-guofa-zongbaoqu.txt",
            "入区企业进口自用的机器设备，从什么时候起就能享受综合保税区税收政策？",
            "自国务院批准设立综合保税区之日起",
        ),
        # how often: a sentence that states the period (每年, 每季度), in three real plans
        ("ct-shenzhen-denglingqiye.txt", "瞪羚、独角兽优质企业的遴选多长时间开展一次？", "每年遴选"),
        ("ds-huangpu-rencai.txt", "区级技能大赛多长时间举办一次？", "每年举办区级技能大赛"),
        ("ds-jingan-yingshang.txt", "政企圆桌会多久举办一次？", "每季度举办圆桌会"),
        # a compound the plan writes around other words is no term the plan lacks (崇明: 书面报告 in
        # “1小时内书面将相关情况报告”; 国发 综保区: 符合标准 in “符合有关标准”)
        (
            "ds-chongming-jianshegongcheng.txt",
            "发生一般级别以上的建设工程事故，接报后口头和书面报告分别有什么时限？",
            "1小时内书面",
        ),
        (
            "na-guofa-zongbaoqu.txt",
            "综合保税区内新设的研发设计、加工制造企业，评定符合标准的可以直接拿到什么信用等级？",
            "最高信用等级",
        ),
    ],
)
def test_the_sentence_that_states_what_is_asked_answers(plan: str, question: str, said: str) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained and said in ans.answer, ans.answer


def test_a_town_unit_the_plan_never_names_is_not_answered_with_another() -> None:
    ctx = grounded_context([_ingest(REAL / "ds-wujing-fangwuanquan.txt")])
    assert ask(ctx, "镇团委在房屋安全隐患排查整治中承担什么任务？").abstained
    duties = ask(ctx, "安监所在这次排查整治中负责哪些工作？")
    assert "消防安全宣传和指导" in duties.answer and "石油化工行业" in duties.answer


def test_a_row_linked_just_under_sure_and_retrieved_first_answers() -> None:
    # 嘉定: the annex row 第2项 “海绵城市系统方案” is linked at just under the sure score, well ahead of any
    # other, and retrieval puts it first: both readings agree
    ctx = grounded_context([_ingest(REAL / "ds-jiading-haimian.pdf")])
    ans = ask(ctx, "附件任务分解表里“海绵城市系统方案”这一项由哪个单位负责？")
    assert not ans.abstained and "区建设管理委" in ans.answer


def test_a_units_duty_list_answers_each_duty_in_its_own_role() -> None:
    # 奉贤: “区民防办：负责制定…规划…” and “区应急管理局：参与制定…规划…;…;负责全区应急避难场所启用。”
    ctx = grounded_context([_ingest(REAL / "ds-fengxian-binan.txt")])
    ans = ask(ctx, "应急避难场所专业规划谁负责制定、谁参与？")
    assert "区民防办" in ans.answer and "区应急管理局" in ans.answer
    assert "参与单位：区应急管理局" in ans.answer
    duties = ask(ctx, "区教育局要做哪些事？")
    assert duties.intent == "reverse"
    assert "编制本系统应急避难场所建设计划" in duties.answer and "主体责任" in duties.answer


def test_a_unit_asked_what_it_must_do_gets_each_duty_with_its_role() -> None:
    # 沈阳: “市城乡建设局：负责提供…检测机构名录；牵头制定新建房屋工程质量保险相关制度…”
    ctx = grounded_context([_ingest(REAL / "ct-shenyang-fangwuanquan.txt")])
    ans = ask(ctx, "市城乡建设局具体要干哪几件事？")
    assert ans.intent == "reverse"
    lines = ans.answer.splitlines()
    assert any("检测机构名录" in ln and "责任单位" in ln for ln in lines)
    assert any("新建房屋工程质量保险" in ln and "牵头单位" in ln for ln in lines)


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # a column of the row's table the question names: 推广范围 (国办), 参考文件 (嘉定)
        ("na-guoban-chuangxin.docx", "科技创新专板这项举措在什么范围推广？", "推广范围：8个改革试验区域"),
        ("na-guoban-chuangxin.docx", "知识产权“三合一”审判推广到什么范围", "推广范围：全国"),
        (
            "ds-jiading-haimian.pdf",
            "海绵城市系统方案这项工作的参考文件是什么？",
            "参考文件：《本市系统化全域推进海绵城市建设的实施意见》",
        ),
    ],
)
def test_a_column_the_question_names_answers_from_the_rows_cell(plan: str, question: str, said: str) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained and said in ans.answer
    assert all(part in ans.citations[0].quote for part in said.split("：")[1:])


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # a share asked as “什么比例” / “…金额的多少”: the percentage, not a sentence without one
        ("ct-shenyang-fangwuanquan.txt", "住房公积金增值收益按什么比例计提进房屋养老金？", "2%"),
        ("na-guoban-yaopincaigou.txt", "医保基金提前预付给医疗机构的钱，不低于采购金额的多少？", "30%"),
        # “这次” refers to the plan itself, it is no content to match
        ("na-guoban-jili.txt", "这次督查激励措施由原来的多少项调整为多少项？", "30项"),
    ],
)
def test_a_ratio_or_count_question_gets_the_number(plan: str, question: str, said: str) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained and said in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # asked when of the goals as a whole: the time the goals passage opens with (two provinces)
        ("pv-jiangxi-gaozhong.txt", "目标任务要在哪一年实现？", "到2022年"),
        ("pv-anhui-gongyehulianwang.txt", "行动计划的发展目标什么时候实现？", "到2023年"),
    ],
)
def test_the_goals_asked_when_get_the_time_their_passage_opens_with(
    plan: str, question: str, said: str
) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained and ans.answer.startswith(said), ans.answer
    assert said in ans.citations[0].quote


def test_a_how_often_question_is_not_answered_by_a_sentence_without_a_period() -> None:
    # 杨浦 基层消防: the passage listing the places checked says 定期, the period (每半年) is elsewhere
    ctx = grounded_context([_ingest(REAL / "ds-yangpu-jicengxiaofang.txt")])
    ans = ask(ctx, "街道消防办对建筑工地、厂库房、规模型租赁房这类第三类场所，检查要达到什么频次？")
    assert "落实定期消防安全检查" not in ans.answer and "每月全覆盖一次" not in ans.answer


def test_units_addressed_by_a_duty_are_not_what_a_when_question_asks() -> None:
    # 东莞: “各责任单位要在2026年2月中旬前发布申报指引” — neither a who-question nor the notice's date
    ctx = grounded_context([_ingest(REAL / "ct-dongguan-kaimenhong.txt")])
    ans = ask(ctx, "各责任单位最晚什么时候要发布申报指引？")
    assert "2026年2月中旬前" in ans.answer
    assert "2026年1月27日" in ask(ctx, "这个通知什么时候印发？").answer


def test_a_lead_asked_then_the_others_asked_after_a_question_mark() -> None:
    # 恩阳: （牵头责任单位：区发改局；责任单位：区经信局、…）
    ctx = grounded_context([_ingest(REAL / "ds-enyang-wenzengzhang.txt")])
    ans = ask(ctx, "优化投资项目审批由哪个部门牵头？还有哪些部门参与？")
    assert "区发改局" in ans.answer and "区经信局" in ans.answer and "区生态环境局" in ans.answer


def test_a_phase_asked_from_when_to_when_gets_the_range_its_heading_gives() -> None:
    # 沈阳: “（二）实施阶段（2025年1月1日至2025年12月31日）。”
    ctx = grounded_context([_ingest(REAL / "ct-shenyang-fangwuanquan.txt")])
    ans = ask(ctx, "三项制度的实施阶段是从什么时候到什么时候？")
    assert "2025年1月1日至2025年12月31日" in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a list closed by 等 (two Chongqing plans): its last name is a unit of its own, asked by name
        (
            "pv-chongqing-qingliconsume.txt",
            "重庆市税务局在这批措施里承担哪几项任务？",
            ["支持二手车市场发展壮大", "提升入境消费服务水平"],
            ["公积金"],
        ),
        (
            "pv-chongqing-tizhenxiaofei.txt",
            "市委宣传部负责哪些任务？",
            ["加快吸引外来消费"],
            ["市委宣传部等"],
        ),
        # a duty list headed by several units (黄浦 职责分工（四）)
        (
            "ds-huangpu-paishui.txt",
            "南京路步行街、外滩风景区、圆明园路这些区域的排水设施移交，由哪些单位配合？",
            ["区商务委", "区城管执法局", "外滩投资集团"],
            ["永业集团"],
        ),
        # a label line (“责任单位：市住房城乡建设局”) does not run into the closing sentence after it
        (
            "ct-anyang-fangdichan.txt",
            "这个意见的综合协调、政策宣传和组织实施由哪个部门牵头？",
            ["市住房城乡建设局"],
            ["各责任单位负责"],
        ),
        # words jieba only guesses (“专篇容”, “发新市” before 市民) are no terms or places the plan lacks
        (
            "ds-putuo-haimian.txt",
            "重大工程项目的海绵城市设计专篇容缺后补，需经哪个部门同意？",
            ["区建管委"],
            [],
        ),
        (
            "ct-anyang-fangdichan.txt",
            "引导银行降低个人住房贷款首付比例、开发新市民按揭产品，归哪个部门管？",
            ["市金融工作局"],
            [],
        ),
        # a task list whose only columns are 序号 / 任务内容 / 责任单位: the 内容 cell is the row's task
        (
            "ds-jingan-lajifenlei.txt",
            "区教育局在今年垃圾分类工作里要承担哪些任务？",
            ["垃圾分类进校园", "节约型智慧学校食堂"],
            ["“”"],
        ),
        # articles (第五条 职责分工 / 1.… , 第三条　市…负责…) are sections like 一、 (吴泾镇, 北京 共有产权)
        ("ds-wujing-chubeiyongdi.txt", "储备地块上的来信来访由谁处置？", ["第五条", "镇信访办"], ["前言"]),
        (
            "pv-beijing-gongyouchanquan.txt",
            "共有产权住房的政策制定和规划计划编制由谁负责？",
            ["第三条", "市住房城乡建设委"],
            ["区人民政府", "第四条"],
        ),
        # national prose: an agency and a plain verb (国办发〔2019〕4号, 国家粮食应急预案)
        ("na-guoban-jixiaokaohe.txt", "全国统一的手术操作编码由哪个部门推行？", ["国家卫生健康委"], ["各地"]),
        (
            "na-guoban-liangshiyingji.txt",
            "应急动用中央储备粮的价差和利息由哪个部门审核清算？",
            ["财政部"],
            ["公安部"],
        ),
        # decimal numbering (2.1.3 / （5）; 3.5 专家机构) keeps each section its own passage
        (
            "na-guoban-liangshiyingji.txt",
            "应急粮食的运输由哪些部门安排？",
            ["2.1.3（5）", "铁道部", "交通部"],
            ["农业部"],
        ),
        (
            "ds-chongming-jianshegongcheng.txt",
            "建设工程事故专家库由谁组建？",
            ["3.5", "区建设管理委"],
            ["（6）"],
        ),
        # a measure whose paragraphs each close with their own （牵头单位：…）
        (
            "ds-huangpu-rencai.txt",
            "给人才父母提供免费体检由哪个部门牵头？",
            ["区卫生健康局"],
            ["区住房城乡建设局"],
        ),
        # a flattened 单位 / 职责分工 table: each unit with its duties
        (
            "ds-fengxian-weifayongdi.txt",
            "查处水行政执法和海洋行政执法中的违法行为归谁？",
            ["区水务局", "责任单位"],
            ["区应急局"],
        ),
        # “在X指导监督下” names who guides the passage's work
        (
            "pv-beijing-gongyouchanquan.txt",
            "摇号配售工作由哪个部门指导？",
            ["指导单位", "区住房城乡建设委(房管局)"],
            ["联网审核"],
        ),
        # “X在哪些措施里被列为责任单位” is a reverse question (北京 生育, 广州 5G)
        (
            "pv-beijing-shengyu.txt",
            "北京市税务局在哪些措施里被列为责任单位？",
            ["建立生育补贴制度", "优化托育支持政策"],
            [],
        ),
        (
            "ct-guangzhou-5ggongye.txt",
            "天河区人民政府在哪些措施中被列为责任单位？",
            ["持续数字设施建设", "强化知识产权保护"],
            [],
        ),
        # who holds a post, and where an office sits: the clause that says so (four plans)
        (
            "na-guoban-liangshiyingji.txt",
            "粮食应急指挥部总指挥是谁？",
            ["国家发展改革委主要负责人"],
            ["副总指挥"],
        ),
        (
            "ds-chongming-gaoceng.txt",
            "高层建筑消防协调小组组长由谁担任？",
            ["区政府分管消防工作的领导"],
            ["区公安分局分管副局长"],
        ),
        ("ct-baiyin-fangdichan.txt", "领导小组办公室设在哪里？谁兼任办公室主任？", ["市住建局", "宋涛"], []),
        ("ds-wujing-fangwuanquan.txt", "领导小组办公室主任由谁兼任？", ["房管所所长"], []),
        # a label of a role word and a qualifier (牵头考核单位), its group opened by the time
        (
            "ct-baotou-shuzizhengfu.txt",
            "抵押登记“不见面”办理这项工作归哪个部门牵头考核？",
            ["市自然资源局"],
            [],
        ),
        ("ct-baotou-shuzizhengfu.txt", "政府网站集约化平台升级要求什么时候完成？", ["7月底完成"], []),
        ("ct-baotou-shuzizhengfu.txt", "市发改委牵头考核的任务有哪些？", ["信易贷", "物价信息服务平台"], []),
        # 和 inside a name: 市工业和信息化局 is one unit
        (
            "ct-shenzhen-denglingqiye.txt",
            "瞪羚企业的发现和培育工作由哪些部门统筹推进？",
            ["市工业和信息化局"],
            ["市工业、"],
        ),
        # a party committee's department is one unit: 市委宣传部, not 市委
        ("ct-baiyin-fangdichan.txt", "媒体报道房地产市场信息的正面引导由哪个部门负责？", ["市委宣传部"], []),
        # “X是…的第一责任人”, “X对…负责”, a name ending in 机关 / 机构
        (
            "na-guoban-sanxiangzhidu.txt",
            "推动落实重大执法决定法制审核制度的第一责任人是谁？",
            ["主要负责人"],
            [],
        ),
        (
            "na-guoban-sanxiangzhidu.txt",
            "送审材料的真实性、准确性由谁负责？",
            ["行政执法承办机构"],
            ["法制审核机构"],
        ),
        ("na-guoban-sanxiangzhidu.txt", "法制审核目录清单编制工作由谁加强指导？", ["上级行政执法机关"], []),
        # a customs office is a unit (安徽 RCEP: （省商务厅牵头，合肥海关配合）)
        ("pv-anhui-rcep.txt", "积极扩大进口由谁牵头，谁配合？", ["省商务厅", "合肥海关"], []),
        # a unit alone 负责 for a task leads it; 负责 beside a 牵头 unit does not
        (
            "pv-anhui-rcep.txt",
            "省市场监管局牵头哪些任务？",
            ["支持市场竞争力较强的企业参与重点领域标准制订修订", "强化知识产权保护"],
            [],
        ),
        ("pv-anhui-rcep.txt", "省交通运输厅牵头哪些任务？", ["推动合肥新桥"], ["打造国际物流网络"]),
        # 协同 in the task's own words asks for no supporting role
        (
            "pv-anhui-rcep.txt",
            "推动合肥新桥、芜宣机场协同联动，由哪些单位负责？",
            ["省交通运输厅", "省发展改革委"],
            [],
        ),
        # “X是哪几条的责任单位”, two city plans
        (
            "ct-fuzhou-fangdichan.txt",
            "市发改委是哪几条措施的责任单位？",
            ["强化商品房价格管理", "完善房地产市场监管"],
            [],
        ),
        (
            "ct-chuzhou-fangdichan.txt",
            "市财政局是哪些措施的责任单位？",
            ["发放购房补贴", "加大配套设施建设"],
            [],
        ),
        # the notice's 抄送 and 印发 lines printed above the plan it issues (two 生态环境部 plans)
        (
            "na-sthjb-jianwujiangtan.txt",
            "推进污水资源化利用由哪些部门负责？",
            ["生态环境部", "国家发展改革委", "住房城乡建设部", "农业农村部"],
            ["国家能源局"],
        ),
        (
            "na-sthjb-paiwuxuke.txt",
            "对无证排污、偷排偷放这类违法行为从严查处，责任主体有哪些？",
            ["生态环境部", "公安部", "地方有关人民政府"],
            ["最高人民法院"],
        ),
        # items numbered with the small full stop (1﹒), a 工作组 as the only unit
        ("pv-anhui-gongyehulianwang.txt", "加快标识解析体系建设由谁负责？", ["省通信管理局"], []),
        (
            "pv-anhui-gongyehulianwang.txt",
            "深化5G＋工业互联网融合应用的责任单位是谁？",
            ["省推进工业互联网创新发展专项工作组"],
            ["各市人民政府"],
        ),
        # a flattened table with no 序号 column
        ("ds-yangpu-jicengxiaofang.txt", "消防物联网建设由谁牵头？", ["区消防救援支队"], ["区考核办"]),
        # 江西 金融: “（X、Y按职责分工牵头，A、B等省直有关部门配合）”, and “哪些省直部门” asks who
        (
            "pv-jiangxi-jinrong.txt",
            "疫情防控重点保障企业融资名单制管理这件事，哪些部门牵头？",
            ["人行南昌中心支行", "省发展改革委", "省工业和信息化厅", "省财政厅"],
            [],
        ),
        (
            "pv-jiangxi-jinrong.txt",
            "“百行进万企”、对受疫情影响企业一对一结对帮扶，哪些省直部门配合？",
            ["省工业和信息化厅", "省农业农村厅", "省文化和旅游厅"],
            ["江西证监局"],
        ),
        # a spoken question word (啥) reads as the written one
        ("pv-jiangxi-kaifaqu.txt", "省政务服务办负责啥？", ["放权"], []),
        ("ds-gumei-dujulaoren.txt", "服务办负责啥？", ["老伙伴"], []),
        (
            "ds-yangpu-jicengxiaofang.txt",
            "可视化运管平台全覆盖需要哪些单位配合？",
            ["区财政局", "区城运中心"],
            [],
        ),
    ],
)
def test_real_plan_wordings_of_who_does_what(
    plan: str, question: str, said: list[str], not_said: list[str]
) -> None:
    _answered(plan, question, said, not_said)


def _answered(plan: str, question: str, said: list[str], not_said: list[str]) -> Answer:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    assert not ans.abstained
    assert all(s in ans.answer for s in said), ans.answer
    assert not any(s in ans.answer for s in not_said), ans.answer
    return ans


def test_a_plan_term_is_not_read_into_words_the_question_spells_right() -> None:
    # 静安 营商环境 defines “企业码”; “企业至少” is 企业 + 至少, no typo of it (a real one still is fixed)
    from bot.understand import fix_typos

    cat = grounded_context([_ingest(REAL / "ds-jingan-yingshang.txt")]).cat
    assert fix_typos("服务专员每月实地走访企业至少几次？", cat) == "服务专员每月实地走访企业至少几次？"
    assert "企业码" in fix_typos("“企业马”可以用来干什么？", cat)


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a post the vocabulary lacks, named by its form (路长), and the head of a body the plan sets up
        # (工作专班 由…牵头, 联席会议 由…主持): the clause that names its holder
        (
            "ds-fengxian-nongcungonglu.txt",
            "区级农村公路路长由谁担任？",
            ["区交通委主要负责人"],
            ["区政府分管领导", "镇人民政府主要领导"],
        ),
        (
            "pv-shanghai-xiaofangjichu.txt",
            "全市消防基础设施建设工作专班由谁牵头？",
            ["市政府分管副秘书长"],
            ["各区政府"],
        ),
        ("ct-shenzhen-denglingqiye.txt", "推进这项工作的部门联席会议由谁来主持？", ["分管市领导"], []),
        # a line of a labelled record (排查对象 / 排查主体) read with its siblings, in two district plans
        (
            "ds-chongming-jicengxiaofang.txt",
            "规模型生产经营单位、建筑工地、地下空间这类场所的消防检查由谁组织？",
            ["乡镇消防安全委员会办公室"],
            ["村居委专兼职消防工作人员", "乡镇巡查人员"],
        ),
        (
            "ds-yangpu-jicengxiaofang.txt",
            "街道消防办对建筑工地、厂库房、规模型租赁房这类第三类场所，检查要达到什么频次？",
            ["每半年全覆盖一次"],
            ["每月全覆盖一次"],
        ),
        # a bureau's own office asked as “哪个处”: no 教育处 read into 宣传教育
        ("pv-shanghai-shijianranqi.txt", "燃气安全宣传教育是哪个处牵头", ["市局新闻宣传处"], []),
        ("pv-shanghai-ranqipaicha.txt", "“铁拳”行动“回头看”归哪个处室牵头？", ["特种设备安全监察处"], []),
        # a marker whose editor's note follows a comma (“…，以下各项工作均需要各单位负责，不再单独列出”)
        (
            "pv-shanghai-ranqipaicha.txt",
            "燃气管道的属地监管、全面排摸和隐患排查治理，市局哪个处牵头？",
            ["特种设备安全监察处"],
            ["计量处"],
        ),
        # who does exactly what is asked, said in a sentence, over the units that close the passage
        (
            "pv-shanghai-xiaofangjichu.txt",
            "小区里的居民住宅区消火栓，谁负责按标准建？",
            ["建设单位"],
            ["各区政府", "水务部门"],
        ),
        (
            "pv-shanghai-shijianranqi.txt",
            "上海化学工业区里的特种设备监管由谁负责？",
            ["市局执法总队"],
            ["区市场监管局"],
        ),
        ("ds-huangpu-paishui.txt", "排水设施运维的政府采购由哪个部门统一组织？", ["市水务局"], ["区建管委"]),
        # a unit the plan assigns no task, whose part its prose states
        (
            "pv-shanghai-xiaofangjichu.txt",
            "市消防救援总队在这个文件里承担了什么具体角色？",
            ["设在市消防救援总队"],
            [],
        ),
        ("pv-shanghai-shijianranqi.txt", "市局执法总队负责什么？", ["上海化学工业区"], []),
        # a state asked as a target, in the plan's words
        (
            "na-sthjb-paiwuxuke.txt",
            "到2023年年底，以排污许可制为核心的固定污染源执法监管体系要达到什么状态？",
            ["基本形成"],
            [],
        ),
        ("ds-putuo-haimian.txt", "普陀区河湖水面率有什么要求？", ["只增不减"], []),
        # a five-year plan's period answers “在哪个时期内完成”
        (
            "na-sthjb-jianwujiangtan.txt",
            "推动一批企业开展减污降碳协同创新行动，方案要求在哪个时期内完成？",
            ["“十四五”期间"],
            [],
        ),
        (
            "pv-shanghai-xiaofangjichu.txt",
            "中心城区增建小型消防救援站、站点数量增长的任务，时间上要求在哪个时期内完成？",
            ["“十四五”期间"],
            [],
        ),
        (
            "ds-jingan-xiaofangjiuyuan.txt",
            "中、远期消防站点专项规划要在什么时候制定？",
            ["在“十四五”规划"],
            [],
        ),
        # a sentence that says no time, under a phase heading that does
        (
            "ds-fengxian-wenwuxiaofang.txt",
            "对重点单位的统一检查安排在几月？",
            ["9月", "统一检查"],
            ["8月31日前"],
        ),
        (
            "pv-shanghai-ranqipaicha.txt",
            "对排查出来的重大问题限时整改落实，是哪段时间的工作？",
            ["2022年4月—2022年10月"],
            ["2022年2月—2022年3月"],
        ),
        # the plan's own span, as its title gives it
        ("ds-jingan-xiaofangjiuyuan.txt", "这个消防救援发展三年行动计划管到哪一年为止？", ["2019—2021"], []),
        ("pv-anhui-gongyehulianwang.txt", "这个工业互联网创新发展行动计划管到哪一年？", ["2021-2023年"], []),
        # “A和B分别…” said in two sentences: each is quoted
        (
            "ds-fengxian-wenwuxiaofang.txt",
            "发现火情后，第一灭火力量和第二灭火力量分别要在几分钟内形成？",
            ["1分钟", "3分钟"],
            [],
        ),
        # a post within a unit acts as a unit does (消防安全管理人应组织开展…)
        (
            "ds-fengxian-wenwuxiaofang.txt",
            "评分细则里，防火检查、巡查工作应当由谁组织开展、制定检查计划？",
            ["消防安全管理人"],
            [],
        ),
        # several units that lead together (“X、Y、Z要会同有关部门加强督促检查”)
        (
            "pv-jiangxi-kaifaqu.txt",
            "这份意见落实情况的督促检查由哪些部门牵头会同有关部门开展？",
            ["省商务厅", "省发展改革委", "省科技厅"],
            ["省财政厅"],
        ),
        # an agency the plan names only in its prose, with what it does there (会同…督导)
        ("ds-fengxian-wenwuxiaofang.txt", "区消防支队在这项标准化建设里参与什么工作？", ["督导"], []),
        # how often, in hours
        ("ds-fengxian-wenwuxiaofang.txt", "文物建筑白天的防火巡查多长时间要巡一次？", ["每2小时"], []),
        # a span written in words answers how long (“原则上不超过二年”)
        ("ds-wujing-chubeiyongdi.txt", "储备用地临时利用的期限最长是多久？", ["二年"], []),
        # the targets of several things asked at once, each found by its own name
        (
            "pv-chongqing-qingliconsume.txt",
            "黑珍珠、必吃榜和米其林大厨餐厅分别定了什么目标？",
            ["黑珍珠餐厅6家", "米其林大厨餐厅4家"],
            [],
        ),
        ("ds-jingan-lajifenlei.txt", "投放点微更新和专项更新各要做几个？", ["289个", "159个"], []),
        # a table whose column before 序号 is merged: each row keeps its own units
        ("pv-shanghai-guangfu.txt", "沪东码头、冠东码头屋顶光伏由哪个单位负责？", ["上港集团"], ["市水务局"]),
        (
            "ds-jingan-chengshigengxin.txt",
            "走马塘片区规划研究的推进单位有哪些？",
            ["市北高新集团"],
            ["大宁集团"],
        ),
        # targets of one passage told apart by whom they are for: the one the question names, quoted with
        # the clause that says so
        (
            "ct-luzhou-fangdichan.txt",
            "夫妻双方都缴存公积金的，最高能贷多少？",
            ["60万元", "夫妻双方"],
            ["50万元"],
        ),
        ("pv-jiangxi-kaifaqu.txt", "个人创业的，创业担保贷款额度最高多少？", ["15万元"], ["600万元"]),
        ("na-guofa-jiuye.txt", "个人自主创业的创业担保贷款最高能贷多少？", ["15万元"], ["300万元"]),
        # a who-question in everyday words for a measure no task name links: the passage far ahead of the
        # others, with its own units
        ("ct-chuzhou-fangdichan.txt", "卖房后一年内又买房的，退个税这项由哪些单位负责？", ["市税务局"], []),
        ("ct-luzhou-fangdichan.txt", "卖了房一年内重新买房退个税，谁牵头？", ["泸州市税务局"], ["市财政局"]),
        # 几成 asks a share, not a count of something the plan must name
        ("ct-luzhou-fangdichan.txt", "退役军人买新房，一次性购房补助按房款的几成给？", ["2%"], []),
        # a question in the label's own word asks what the label lists, not who acts in the passage's prose
        (
            "pv-anhui-gongyehulianwang.txt",
            "加快工业设备网络化技术改造的责任单位是谁？",
            ["省经济和信息化厅"],
            [],
        ),
        (
            "ds-chongming-nongcungonglu.txt",
            "深化农村公路养护市场化的责任部门是哪些？",
            ["区交通委"],
            ["专业化企业"],
        ),
        # a head office's branch by its own name (泸州, 广东)
        ("ct-luzhou-fangdichan.txt", "泸州市税务局牵头哪些措施？", ["税收优惠"], []),
        ("pv-guangdong-xiaofei.txt", "广东监管局要做哪些工作？", ["加大汽车金融支持"], []),
        # targets whose names share their opening (…用于乡道、村道日常养护经费…不得低于乡道/村道每年每公里)
        (
            "ds-chongming-nongcungonglu.txt",
            "镇级配套的村道日常养护经费每公里每年不得低于多少？",
            ["3000元"],
            ["5000元"],
        ),
        # 管哪条 asks what a unit is responsible for
        ("pv-jiangxi-rongzidanbao.txt", "省工业和信息化厅要管哪条？", ["落实国家扶持政策"], []),
        # a verb with its complement (顺延到) is the plan's 顺延至, not a term the plan lacks
        (
            "pv-jiangxi-shichangjianguan.txt",
            "到期的医疗器械生产经营许可证有效期顺延到什么时候？",
            ["60天"],
            [],
        ),
        # an amount's share asks a ratio, not an amount in 元
        (
            "pv-jiangxi-rongzidanbao.txt",
            "支小支农担保金额占全部担保金额的比例要提高到多少？",
            ["80%"],
            ["500万元"],
        ),
        # a row's cell under a column named for a year answers when (上海 综合交通: 2024年工作任务)
        ("pv-shanghai-zonghejiaotong.txt", "西藏南路隧道数字孪生平台试点哪一年完成？", ["2024年"], []),
        # 哪些处室 asks who, in a table of a commission's own divisions
        ("pv-shanghai-zonghejiaotong.txt", "增强交通基础设施安全韧性有哪些处室配合？", ["轨道交通处"], []),
        # a table numbered inside its task cell, its years as columns (上海 交通精细化 清单)
        ("pv-shanghai-jiaotong.txt", "持续改善水路客运服务由哪个处牵头？", ["港监处"], ["久事集团"]),
        ("pv-shanghai-jiaotong.txt", "内环高架“年轻化”三期工程哪一年完成？", ["2024年"], []),
        # what a unit leads, known by what each measure does, not only by whom it concerns
        ("ct-luzhou-fangdichan.txt", "市财政局牵头哪些措施？", ["购房补助", "按揭贷款保证金"], []),
    ],
)
def test_real_plan_wordings_answered_in_the_plans_own_sentence(
    plan: str, question: str, said: list[str], not_said: list[str]
) -> None:
    ans = _answered(plan, question, said, not_said)
    # what the answer quotes, it quotes from a cited passage, word for word
    quoted = re.findall(r"“([^”]+)”", ans.answer)
    assert all(any(q in c.quote for c in ans.citations) for q in quoted if len(q) > 12), ans.answer


def test_an_office_the_plan_never_names_is_not_answered_with_its_bureaus_tasks() -> None:
    # 市局 is a unit of the plan; 市局食品生产安全监督管理处, which opens with it, is not
    ctx = grounded_context([_ingest(REAL / "pv-shanghai-shijianranqi.txt")])
    ans = ask(ctx, "市局食品生产安全监督管理处在燃气专项整治里负责哪项？")
    assert ans.abstained and "市局食品生产安全监督管理处" in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a measure written as a heading line over its paragraph is asked by its heading, and a paraphrase of
        # the heading finds it (吉林, 安阳 房地产 measures); the answer names it once, by its locator
        (
            "ct-jilin-fangdichan.txt",
            "卖了自有住房一年内再买房退个税这件事归哪个部门管？",
            ["市税务局"],
            ["市财政局"],
        ),
        (
            "ct-jilin-fangdichan.txt",
            "二孩三孩家庭买新房的政府补贴，由哪些部门负责落实？",
            ["市财政局"],
            ["市税务局"],
        ),
        ("ct-anyang-fangdichan.txt", "实施竣工联合验收由哪个部门负责？", ["市住房城乡建设局"], []),
        # a two-column indicator table read line by line: the value line measures the name line above it
        # (上海 排水管理体制改革方案 and 黄浦区's own 排水 plan)
        ("pv-shanghai-paishuitizhi.txt", "管道养护抽查合格率的预期目标是多少？", ["95%"], []),
        ("ds-huangpu-paishui.txt", "管道养护抽查合格率要达到多少？", ["95%"], []),
        # places sharing the 政府 the last one writes: “(广州、深圳市政府分别负责)”
        (
            "pv-guangdong-guoneidaxunhuan.txt",
            "“久摇不中”直接领号牌由谁负责？",
            ["广州", "深圳市政府"],
            ["公安厅"],
        ),
        # a unit asked with its level, listed without it after the first (“省住房城乡建设厅、自然资源厅”)
        (
            "pv-guangdong-guoneidaxunhuan.txt",
            "省自然资源厅牵头哪些事？",
            ["带押过户", "全域土地综合整治"],
            [],
        ),
        ("pv-guangdong-xiaofei.txt", "省自然资源厅负责哪些事？", ["扩大保障性住房供给"], []),
        # two labels in one line: the second closes a task of its own (湖南 交房即交证)
        ("pv-hunan-jiaofangjiaozheng.txt", "省人防办是哪些任务的责任单位？", ["联合验收", "报建费"], []),
        # the lead and who carries it out, asked together
        (
            "pv-guangdong-guoneidaxunhuan.txt",
            "出口转内销产品凭自我承诺就能在国内卖那条，省里哪个部门牵头？落实是谁？",
            ["省市场监管局", "各地级以上市政府"],
            [],
        ),
        # 楼市 is a word, not a place the plan lacks
        ("ct-jilin-fangdichan.txt", "打击唱衰楼市言论是哪几个部门负责的", ["市委网信办", "市公安局"], []),
    ],
)
def test_holdout20_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    ans = _answered(plan, question, said, not_said)
    # a measure named by its heading is not named twice (“十二、支持自有住房换购“支持自有住房换购””)
    assert not re.search(r"、([^“”、]{4,})“\1”", ans.answer), ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a verb with its manner (全面实施) where the plan writes 全面推行 and 实施 is no term the plan lacks
        ("pv-hunan-jiaofangjiaozheng.txt", "市州本级全面实施交房即交证的时间点是？", ["7月1日"], []),
        # a unit's tasks asked with a verb between (牵头干什么) or 哪条 after 的是 (广元, 郑州)
        ("ct-guangyuan-jingjiyunxing.txt", "市科技局牵头干什么？", ["天府科创贷"], ["小升规"]),
        ("ct-guangyuan-jingjiyunxing.txt", "市交通运输局牵头的是哪条措施？", ["ETC"], []),
        ("ct-zhengzhou-jinrong.txt", "市住房保障局在这份金融措施里牵头干哪些事？", ["租购并举"], []),
        # 哪几家 asks who
        ("ct-zhengzhou-jinrong.txt", "“基金入郑”工程是哪几家牵头的？", ["金水区人民政府"], ["市科技局"]),
    ],
)
def test_holdout21_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # a where-question is answered by a sentence that names a place (a plan's own place written
        # without its 市: 乐清 of 乐清市政府), not by one that only names the thing asked about
        (str(ROOT / "index" / "corpus" / "wenzhou-2023-86.txt"), "科技副总科技服务工作在哪里开展？", "乐清"),
        ("na-guofa-zongbaoqu.txt", "第三方检验检测认证机构在哪里开展进出口检验认证服务？", "综合保税区"),
        ("na-guofa-zimaoqu.txt", "国际贸易单一窗口标准版新项目率先在哪里开展试点？", "自贸试验区"),
    ],
)
def test_a_where_question_is_answered_by_a_sentence_naming_a_place(
    plan: str, question: str, said: str
) -> None:
    _answered(plan, question, [said], [])


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # plans copied with half-width punctuation: a target is read from its own clause up to the “,”
        # (天津 保租房, 南县 房地产)
        ("pv-tianjin-baozulinzhufang.txt", "宿舍型保租房人均使用面积最少要多大？", ["5平方米"], ["住宅型"]),
        ("ds-nanxian-fangdichan.txt", "首套房贷5年以上的利率要执行到多少以下？", ["4.9%"], ["5.45%"]),
        # a bound asked (“控制在多少以内”) is no thing the plan must name
        ("pv-tianjin-baozulinzhufang.txt", "住宅型的建筑面积一般控制在多少以内？", ["70平方米"], []),
        # a heading closed by its units is named without them: the answer does not list the heading's
        # other units as if they led (南县 附件 十、…(责任单位:县自然资源局、县住房和城乡建设局、县教育局))
        (
            "ds-nanxian-fangdichan.txt",
            "新建商品房小区周边的管网配套建设，谁牵头？",
            ["县住房和城乡建设局"],
            ["县教育局"],
        ),
        # everyday words for the plan's (申请材料 / 申请资料, 交上去 / 提交)
        ("ds-nanxian-fangdichan.txt", "契税补贴的申请材料最晚什么时候要交上去？", ["2023年12月31日"], []),
        # a unit's part of a plan asked as 哪块 / 哪一条 (福田 消费)
        ("ds-futian-xiaofei.txt", "区科技创新局管的是哪一条？", ["数字消费"], ["绿色消费"]),
    ],
)
def test_holdout22_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("产业紧缺人才目录是在哪条保障措施里提出的？", "建立教育科技人才资源配置一体机制"),
        ("“先用后转”出现在哪项任务里？", "优化科技成果转化体制机制"),
    ],
)
def test_where_in_the_plan_is_answered_with_the_sections_name(question: str, section: str) -> None:
    ans = _answered(str(ROOT / "index" / "corpus" / "wenzhou-2023-86.txt"), question, [section], [])
    assert ans.citations and section in ans.citations[0].quote


def test_a_closing_remark_after_a_marker_answers_with_its_own_actor() -> None:
    # a closing remark after the last measure's marker is not that measure's: its own actor answers
    # (福清 经济向好; 江西 开发区's “…要会同有关部门加强督促检查” is read the same way, tested above)
    _answered(
        "ds-fuqing-jingjixianghao.txt",
        "政策兑现落实的统筹跟踪协调由哪个部门负责？",
        ["市发改局"],
        ["市商务局"],
    )


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a units line after a list's last item names the units of the whole list (定西: “牵头单位:X,
        # 责任单位:Y” closing each section), asked of any item, and a unit's part lists the items
        (
            "ct-dingxi-jingjiwenzhang.txt",
            "牛羊良种繁育场、屠宰加工企业奖励那部分，牵头单位是谁？",
            ["市畜牧兽医局"],
            ["市人社局"],
        ),
        (
            "ct-dingxi-jingjiwenzhang.txt",
            "个人创业担保贷款最高20万那条，牵头的是哪个局？",
            ["市人社局"],
            ["市商务局"],
        ),
        ("ct-dingxi-jingjiwenzhang.txt", "市人社局牵头哪些事？", ["创业担保贷款", "稳岗返还"], []),
        # “排序第一的责任单位为该项牵头单位” / “列第一的为牵头单位”: the first of each 责任单位 list
        # leads (南京, 江西 流通)
        (
            "ct-nanjing-zhengtihaozhuan.txt",
            "商品房预售资金监管那条，牵头的是哪家？",
            ["市房产局"],
            ["省银保监局"],
        ),
        ("pv-jiangxi-liutong.txt", "优化社区便民服务设施由哪个部门牵头？", ["省发展改革委"], ["省体育局"]),
    ],
)
def test_holdout23_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a flattened task table whose numbered rows split into sub-rows, each with its own text and units,
        # the 序号 and 工作事项 given once (广州 家庭医生): the sub-row asked answers with its own units
        (
            "ct-guangzhou-jiatingyisheng.txt",
            "定期对签约服务机构和家庭医生开展考核评价、结果挂钩经费分配，这一条是谁牵头？",
            ["各区政府"],
            ["市卫生健康委"],
        ),
        # a unit column narrowed by whose it is (“市卫健委内牵头处室”) answers when the question names it
        (
            "ct-guangzhou-jiatingyisheng.txt",
            "中医馆建设、社区卫生服务站设中医阁这块，市卫健委内部哪个处室牵头？",
            ["中医药处"],
            ["基层处", "各区政府"],
        ),
        # a row whose measure cell is a paragraph is named by its short 工作事项 in a unit's list
        (
            "ct-guangzhou-jiatingyisheng.txt",
            "市人社局在这个方案里牵头哪些工作？",
            ["拓宽家庭医生职业上升通道"],
            [],
        ),
        # 实施主体 is a units column of its own; “由哪个单位具体实施” asks it, not the 牵头部门
        (
            "pv-shanghai-jiaotong.txt",
            "轨道交通车站出入口新增电扶梯由哪个单位具体实施？",
            ["申通集团"],
            ["轨道交通处"],
        ),
        # 这几个 points back, it asks no count; “有哪些街道（镇）配合” asks who
        (
            "ds-jingan-quanchengfenlei.txt",
            "静安寺、静安公园、大宁、苏河湾这几个精细化分类样板区域的打造，有哪些街道（镇）配合？",
            ["静安寺街道", "彭浦镇"],
            [],
        ),
        # the plan's own term of validity, from its closing clause (not “在本政策措施有效期内…”)
        ("ds-chongming-dixiakongjian.txt", "这个地下空间突发事件应急预案的有效期是几年？", ["5年"], []),
        ("ds-huangpu-rencai.txt", "这份人才政策措施的有效期是多久？", ["有效期3年"], []),
        # a licence's validity is no plan's: the sentence about the 服务协议 answers
        ("ct-guangzhou-jiatingyisheng.txt", "家庭医生服务协议有效期可以签几年？", ["1年、2年或3年"], []),
    ],
)
def test_holdout24_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_rows_under_a_merged_units_cell_have_its_units_quoted_from_the_row_that_names_them() -> None:
    # 上海 交通精细化 清单: the 牵头/配合/实施主体 cells stand once, on the first row of the group
    # “8、提升地面公交服务水平”; the rows below share them, and the quote shows the units it names
    plan = "pv-shanghai-jiaotong.txt"
    ans = _answered(plan, "每年投运中小车型公交车200辆由谁牵头？", ["客运处"], ["轨道交通处"])
    assert any("客运处" in c.quote and "中小车型公交车" in c.quote for c in ans.citations)
    reverse = _answered(plan, "客运处牵头哪些地面公交方面的任务？", ["无障碍低地板公交车"], [])
    assert "第三卫生间" not in reverse.answer


def test_a_when_question_about_another_document_of_the_plan_is_not_the_plans_own_date() -> None:
    # “各区的实施方案要在什么时候前出台” asks a time the plan sets, not the day it was issued
    ans = ask(
        grounded_context([_ingest(REAL / "ct-guangzhou-jiatingyisheng.txt")]),
        "各区自己的家庭医生实施方案要在什么时候前出台？",
    )
    assert "2023年10月19日" not in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a unit's other name in angle brackets (“市住建局〈市人防办〉”) keeps the list going (常德)
        (
            "ct-changde-jianzhuye.txt",
            "采用装配式建造的项目奖励容积率这条，责任单位都有哪些？",
            ["市自然资源规划局", "市住建局", "市发展改革委", "市财政局"],
            ["市公共资源交易中心"],
        ),
        # 市外 is outside the city, no place the plan lacks
        ("ct-changde-jianzhuye.txt", "鼓励企业到市外承接业务这一条谁负责？", ["市税务局", "市商务局"], []),
        # one measure's amounts, each in a clause of its own: the case asked picks its own
        (
            "ct-changde-jianzhuye.txt",
            "晋升为工程监理综合资质的，一次性奖励多少钱？",
            ["30万元"],
            ["50万元", "10万元"],
        ),
    ],
)
def test_holdout25_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_which_matter_a_unit_is_responsible_for_is_a_question_about_its_tasks() -> None:
    # “要负责哪件事” asks the unit's tasks, answered with each task, not the marker that names it
    ans = _answered("ct-changde-jianzhuye.txt", "市审计局在这些措施里要负责哪件事？", ["规范工程结算"], [])
    assert ans.intent == "reverse"


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # “任务清单里…”: the question says where to look; the main-text task beside the row is not asked
        (
            "ds-jingan-quanchengfenlei.txt",
            "用好上海志愿者网这项，任务清单里由哪个部门负责？",
            ["区社工部"],
            ["区文明办"],
        ),
        # an amount in any measure (5亿公斤), in the clause the question is about
        (
            "na-guoban-liangshiyingji.txt",
            "中央储备粮一次动用多少以下可以由指挥部直接下达动用命令？",
            ["5亿公斤"],
            [],
        ),
        # a table's year columns (2024年工作项目 / 2025年计划 / 2026年计划) date their cells; 对 counts trains
        ("pv-shanghai-jiaotong.txt", "2025年金山铁路全天开行列车多少对？", ["37.5对"], ["30.5对", "38对"]),
    ],
)
def test_real_dev_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_two_times_asked_in_one_question_are_both_answered() -> None:
    # 河南 服务业: “对2024年—2025年期间购置的…免征购置税…;对2026年—2027年期间购置的…减半征收”
    from bot.understand import separate_questions

    ctx = grounded_context([_ingest(REAL / "pv-henan-fuwuye.txt")])
    parts = separate_questions("新能源车购置税哪段时间免征、哪段时间减半？")
    said = "\n".join(ask(ctx, p).answer for p in parts)
    assert "2024年—2025年" in said and "2026年—2027年" in said


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # “〔牵头单位:X,配合单位:Y〕” in 〔〕 brackets closes each measure (昆明; 福清 writes 〔责任单位:…〕)
        ("ct-kunming-fangdichan.txt", "以旧换新这项由哪个单位牵头？", ["市住房城乡建设局"], ["市金融管理局"]),
        # an opening clause that only names the plan (“河南生育支持措施里，”) is no content to match
        (
            "pv-henan-shengyu.txt",
            "河南生育支持措施里，扩大生育保险覆盖面这一条由哪些省直部门负责？",
            ["省医保局", "财政厅"],
            ["卫生健康委"],
        ),
        # a line closed by “（…按职责分工负责）” ends its task: the paragraph after it is read on its own
        (
            "pv-henan-shengyu.txt",
            "前瞻性生育支持政策研究由谁负责？",
            ["省卫生健康委", "发展改革委"],
            ["广电局"],
        ),
        # 哪方面 asks a unit's tasks; a rise in an amount (额度…提高多少) may be a share, not money
        ("pv-henan-shengyu.txt", "药监局参与哪方面的工作？", ["儿童医疗"], []),
        ("pv-henan-shengyu.txt", "多孩家庭公积金贷款额度可以提高多少？", ["20%"], []),
    ],
)
def test_holdout26_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_a_broadcaster_is_a_unit_of_a_marker() -> None:
    # “(…广电局、河南广播电视台…按职责分工负责)”: 电视台 ends a unit's name, so the marker is read
    ans = _answered("pv-henan-shengyu.txt", "河南广播电视台负责哪些工作？", ["婚育文化", "宣传"], [])
    assert ans.intent == "reverse"


@pytest.mark.parametrize(
    ("plan", "title"),
    [
        ("ct-baiyin-fangdichan.txt", "白银市建立房地产市场平稳健康发展“一城一策”工作方案"),
        ("ct-kunming-fangdichan.txt", "关于进一步推动房地产市场平稳健康发展的若干措施"),
    ],
)
def test_the_notices_publication_note_is_no_part_of_the_plans_title(plan: str, title: str) -> None:
    # “（此件公开发布）” after the notice's date says how it is published
    ans = _answered(plan, "这个方案的全称是什么？", [title], ["此件"])
    assert ans.citations


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a prefecture's units (“地区文化体育广播电视和旅游局”) are found by their contraction (地区文旅局)
        ("ct-aletai-fangdichan.txt", "地区文旅局牵头哪些措施？", ["支持旅游地产高质量发展"], []),
        # 县市政府 is the plan's 县(市)人民政府 said plainly; an event's time (“在项目交房前”) answers when
        (
            "ct-aletai-fangdichan.txt",
            "已开发建设的项目，县市政府要在什么时候前完成配套设施？",
            ["交房前"],
            [],
        ),
        # “牵头或参与哪些工作” asks both roles
        (
            "ct-yuncheng-fangdichan.txt",
            "市住房公积金管理中心牵头或参与哪些工作？",
            ["以旧换新"],
            [],
        ),
    ],
)
def test_holdout27_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_a_verb_that_qualifies_a_thing_names_no_actor() -> None:
    # “…由供水供电供气供热企业承担的部分” describes a cost, it assigns no task: the measure's lead answers
    _answered(
        "ct-aletai-fangdichan.txt",
        "供水供电供气供热投资界面延伸到红线、给开发企业纾困减负这块，牵头的是哪个部门？",
        ["地区市场监督管理局"],
        ["供水供电供气供热企业"],
    )


@pytest.mark.parametrize(
    ("plan", "question", "value", "old"),
    [
        # “从50万元提高至60万元”, “由4.3%下调至4.0%”: the new value is the target, of the thing named
        # before 从/由 (the quote still shows both)
        ("ct-aletai-fangdichan.txt", "三孩家庭公积金贷款最高能贷多少？", "：60万元", "：50万元"),
        ("ct-lanzhou-zhuqishukun.txt", "首套住房商业贷款利率下限调到多少？", "：4.0%", "：4.3%"),
    ],
)
def test_a_value_changed_from_an_old_one_answers_with_the_new(
    plan: str, question: str, value: str, old: str
) -> None:
    _answered(plan, question, [value], [old])


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # an opening clause that names the plan by its long title, pointed at with 那份 and with its edition
        # in brackets, only says which plan: the rest of the question is matched
        (
            "ct-haerbin-fangdichan.txt",
            "哈尔滨那份促进房地产市场平稳健康发展的若干措施里，非哈市户籍的人买新房给1万元补贴那条谁负责？",
            ["市住建局", "市财政局", "市税务局"],
            ["市人社局"],
        ),
        (
            "ct-qinzhou-fangdichan.txt",
            "钦州那份支持房地产业平稳健康发展的若干措施（修订）里，交房即得证那条谁牵头？",
            ["市自然资源局"],
            [],
        ),
        # everyday words for the plan's: 一半 is 50%, 新房 is 新建商品住房, 二孩 is a second child
        ("ct-fuzhou-fangdichan.txt", "土地出让金合同签了以后一半要多少天内交？", ["30天内"], []),
        ("ct-haerbin-fangdichan.txt", "生二孩、三孩的家庭买新房，补贴由哪些部门负责？", ["市卫健委"], []),
        # a sentence that points back (“该项工作…”, “…完成上述工作”) is read with the one before it
        ("na-guoban-youeryuan.txt", "摸底排查要在什么时候前完成？", ["2019年4月底前"], ["2019年6月底前"]),
        ("na-guoban-jixiaokaohe.txt", "国家监测分析从2020年起每年什么时候前完成？", ["3月底前"], []),
        # basis points are a rate's measure (LPR减20个基点, 加点20BP)
        ("ct-qinzhou-fangdichan.txt", "首套房商贷利率下限是LPR减多少？", ["20个基点"], []),
        ("pv-xizang-loushi.txt", "二套房贷款利率下限加点多少？", ["20BP"], []),
        # a list that names its level once (“各地(市)住建局、自然资源局、财政局”): each unit is of that level
        (
            "pv-xizang-loushi.txt",
            "各地(市)税务局负责哪些措施？",
            ["开展商品房现房销售试点", "支持居民换购住房"],
            [],
        ),
        # a unit with few tasks is shown what each says at length, and a name cut inside a word is completed
        ("ct-haerbin-fangdichan.txt", "哈公积金中心负责哪些？", ["组合贷款", "40倍"], []),
        ("na-guoban-youeryuan.txt", "自然资源部门在配套园治理中负责哪些工作？", ["划拨建设用地"], []),
    ],
)
def test_holdout28_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "answered"),
    [
        # a value set for the 商业性 loan is no answer for a 公积金 loan, nor one for 首套 for 二套
        ("ct-qinzhou-fangdichan.txt", "公积金贷款的最低首付比例是多少？", None),
        ("pv-xizang-loushi.txt", "住房公积金贷款的最低首付比例定在多少？", None),
        ("ct-qinzhou-fangdichan.txt", "二套房商贷利率下限是LPR减多少？", None),
        ("pv-xizang-loushi.txt", "首套房商贷最低首付比例是多少？", "20%"),
    ],
)
def test_a_value_for_a_rival_kind_does_not_answer(plan: str, question: str, answered: str | None) -> None:
    ans = ask(grounded_context([_ingest(REAL / plan)]), question)
    if answered is None:
        assert ans.abstained, ans.answer
    else:
        assert not ans.abstained and answered in ans.answer, ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "own", "note"),
    [
        # “以下均需各区政府、北京经济技术开发区管委会负责，不再列出”, “各项措施责任单位均包括各市〔州〕…
        # 人民政府,以下不再列出”, “以下任务均需各市落实,不再列出”: a later task's who-answer says so, quoting
        # the note
        ("pv-beijing-shengyu.txt", "加强交通出行保障由谁负责？", "市交通委", "北京经济技术开发区管委会"),
        (
            "pv-guizhou-zhongdaxiangmu.txt",
            "加快推进新型城镇化投资项目建设由谁负责？",
            "省住房城乡建设厅",
            "各县〔市、区、特区〕人民政府",
        ),
        ("pv-guangdong-guoneidaxunhuan.txt", "支持电商企业设立出口转内销专区由谁负责？", "省商务厅", "各市"),
    ],
)
def test_units_named_once_for_every_later_task_answer_too(
    plan: str, question: str, own: str, note: str
) -> None:
    ans = _answered(plan, question, [own, note, "不再"], [])
    assert len({c.locator for c in ans.citations}) == 2  # the task's passage and the note's
    # ... but not for who leads it
    led = ask(grounded_context([_ingest(REAL / plan)]), question.replace("负责", "牵头"))
    assert "不再" not in led.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # “应当由教育行政部门办成公办园”: after 由 a unit does what follows, whatever the verb
        ("na-guoban-youeryuan.txt", "小区配套幼儿园移交后由哪个部门办成公办园？", ["教育行政部门"], []),
        # what the question sets aside (“除了省住建厅这些省直单位，”) is not what it is about
        (
            "pv-guizhou-zhongdaxiangmu.txt",
            "新型城镇化投资项目这条，除了省住建厅这些省直单位，还有哪些单位负责？",
            ["省发展改革委"],
            [],
        ),
        # “〔责任单位:市民政局,南充金融监管分局、…,逗号前为牵头单位,下同〕”: the unit before the comma
        # leads, and the note is no unit
        (
            "ct-nanchong-shengyu.txt",
            "首次结婚登记夫妻的贷款贴息由谁牵头？",
            ["市民政局"],
            ["市财政局", "逗号"],
        ),
        # a PDF's space inside a unit's brackets (“各县(市、 区)人民政府”) does not split it
        ("ct-nanchong-shengyu.txt", "购车补助的责任单位有哪些？", ["各县(市、 区)人民政府"], []),
    ],
)
def test_holdout29_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a notice's request names who does it: “请服务办于7月21日前上报…”, “请财政部落实…”
        ("ds-gumei-dujulaoren.txt", "独居老人排摸统计表由谁上报？", ["服务办"], []),
        ("na-guoban-keyanzizhuquan.txt", "财政部要做哪些事？", ["国有资产"], []),
        # “科技部、财政部等有关部门要…”: named units, each one of its own
        ("na-guoban-keyanzizhuquan.txt", "科技部负责哪些工作？", ["做好培训宣传工作"], []),
        # a recurring time (“此后，请于每季度最后一个周五前…”) is one of the passage's times: the first
        # date is not the task's own deadline
        ("ds-gumei-dujulaoren.txt", "此后每季度的统计表什么时候前更新报送？", ["每季度最后一个周五前"], []),
        # 担了哪些活 asks what a unit does
        ("ct-wuhan-shichangzhuti.txt", "市农业农村局在这份政策里担了哪些活？", ["支持现代都市农业发展"], []),
        # 政府性 is an adjective: “各级政府性融资担保机构” names no 各级政府
        ("na-guoban-rongzidanbao.txt", "明确支持范围由谁负责？", ["政府性融资担保"], ["责任单位：各级政府"]),
    ],
)
def test_holdout30_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # 中支 (a central bank's 中心支行, “人行苏州中支”) ends a unit's name, so its marker is read
        ("ct-suzhou-zhengtihaozhuan.txt", "苏州海关参与了哪些措施？", ["贸易外汇收支便利化"], []),
        # “该为民办实事项目建设主体为区应急局，…”: the body named for the work does it
        ("ds-hongkou-diandongche.txt", "这个实事项目的建设主体是哪个单位？", ["区应急局"], ["区消防救援局"]),
        # everyday words: 物业公司 is the plan's 物业服务企业, 要花的钱 its 经费
        (
            "ds-hongkou-diandongche.txt",
            "物业公司不配合的话，由谁去指导、协调？",
            ["区住房保障房屋管理局", "区公安分局"],
            [],
        ),
        ("ds-hongkou-diandongche.txt", "这个项目要花的钱由哪些部门落实？", ["区财政局", "区发改委"], []),
        # “在哪个阶段完成” asks the stage of a schedule by quarters or phases
        ("ds-hongkou-diandongche.txt", "参建单位选取和招投标在哪个阶段完成？", ["第二季度"], []),
        ("ds-fengxian-wenwuxiaofang.txt", "区级督导要在哪个阶段完成？", ["6月-8月"], []),
    ],
)
def test_holdout31_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_every_unit_of_a_responsibility_is_written_so_in_its_quote() -> None:
    # the one rule starts here: a unit is never rebuilt from parts (“省级及以上开发区” split at 及 and joined
    # again with 和), cut inside brackets, or given a level its list does not write
    bad = [
        (path.stem, r.locator, u)
        for path in sorted(REAL.glob("*.txt"))
        for r in _ingest(path).facts.responsibilities
        for u in r.units
        if re.sub(r"\s", "", u) not in re.sub(r"\s", "", r.quote)
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # “市住房和城乡建设局牵头,市财政局配合,对…进行审核”: prose names the lead, then who supports
        ("ct-wuzhong-goufangbutie.txt", "补贴申请的审核由哪个部门配合？", ["市财政局"], []),
        # a partner keeps the other name it goes by: “会同各街镇（经开区）”
        ("ds-songjiang-gongyilin.txt", "公益林抚育项目由谁配合实施？", ["各街镇（经开区）"], []),
        # “X政府办公厅（室）对…负总责”: who answers for the whole, with its own office in brackets
        (
            "na-guoban-wangzhanjiyue.txt",
            "试点工作的考核管理由谁负总责？",
            ["试点地区政府办公厅（室）"],
            [],
        ),
    ],
)
def test_holdout32_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_a_units_reverse_answer_adds_the_prose_that_opens_with_it() -> None:
    # “国家中医药局在组织对三级公立中医医院考核时，…适当调整和补充考核指标”: a clause that opens with the unit
    # and its duty, in a passage no marker assigns it, is said after the unit's tasks, quoted
    ans = _answered(
        "na-guoban-jixiaokaohe.txt", "国家中医药局要做哪些事？", ["方案中还写到", "补充考核指标"], []
    )
    assert any("满意度评价" in c.locator for c in ans.citations)
    # a later sentence of its own that opens with 请 names who does the passage's task: “（四）…。请财政部在
    # 相关项目经费使用管理规定中明确…” is among 财政部's tasks
    _answered("na-guoban-keyanzizhuquan.txt", "财政部要做哪些事？", ["出差和会议"], [])
    # ... and not for a role asked (“牵头哪些”), which only the parsed roles answer
    led = ask(grounded_context([_ingest(REAL / "na-guoban-keyanzizhuquan.txt")]), "财政部牵头哪些工作？")
    assert "方案中还写到" not in led.answer


def test_a_units_head_is_no_unit_that_acts() -> None:
    # “由养老分管局长负责”, “各养老服务机构负责人要…”: a post (局长, 负责人) is no unit;
    # “安监所负责人员密集场所…” still names 安监所 doing its duty
    facts = _ingest(REAL / "ds-fengxian-yanglaoranqi.txt").facts.responsibilities
    assert not any(u in ("养老分管局", "各养老服务机构") for r in facts for u in r.units)
    _answered("ds-wujing-fangwuanquan.txt", "安监所负责哪些工作？", ["消防安全宣传和指导"], [])


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a count written in characters or of people (“不足五十平方米”, “5人以下”): the clause stating it
        ("pv-shandong-tuoguan.txt", "餐饮区域不足多少平方米的要办小餐饮登记？", ["五十平方米"], []),
        ("pv-shandong-tuoguan.txt", "家长互助托管几个人以下的不适用本意见？", ["5人以下"], []),
        # a recurring time keeps its 前后 (“每年春季、秋季开学前后”)
        ("pv-shandong-tuoguan.txt", "部门联合检查在什么时间开展？", ["开学前后"], []),
        # “…也有责任吗” asks who is responsible: the marker's units and the plan's standing note
        (
            "na-haiguan-kouan.txt",
            "航空货运安保制度优化这条，地方人民政府也有责任吗？",
            ["交通运输部", "地方人民政府"],
            [],
        ),
        # the lead's partners in the task's prose: “协同区住建局、区市场监管局及金融监管部门合力推广”
        ("ds-linping-tijingji.txt", "带押过户要配合的部门有哪些？", ["区住建局", "金融监管部门"], []),
        ("ct-xining-zhufang.txt", "差别化住房信贷政策由哪些部门配合？", ["银行监管部门"], []),
        # “X牵头的都有哪几条”, “X牵扯到哪些事” ask for the unit's tasks
        ("ds-linping-tijingji.txt", "区住建局牵头的都有哪几条？", ["购房补贴", "存量销售"], []),
        ("ct-baoji-fangdichan.txt", "市住建局牵扯到哪些事？", ["差别化预售许可"], []),
        # a unit that holds the plan's place in its name (人民银行宝鸡市分行) is still named whole
        ("ct-baoji-fangdichan.txt", "人民银行宝鸡市分行负责哪些措施？", ["支持居民合理住房需求"], []),
        # “从50万元调至60万元”: the new value answers, the old one is no target
        ("ct-baoji-fangdichan.txt", "双缴存职工公积金最高能贷多少？", ["60万元"], ["40万元"]),
        # an undated value in a passage set for the time asked (“对2023年四季度…，最高不超过500万元”)
        ("ds-linping-tijingji.txt", "2023年四季度制造业企业奖励单个企业最高多少？", ["500万元"], []),
        # a body's 小组 is a unit (“北京市大数据工作推进小组负责…”); 专区监管部门 is no 专区
        ("pv-beijing-shujuzhuanqu.txt", "重大问题决策由谁负责？", ["北京市大数据工作推进小组"], []),
        ("pv-beijing-shujuzhuanqu.txt", "试点示范经信局会同谁组织？", ["数据专区监管部门"], []),
    ],
)
def test_holdout33_34_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        # a sentence that gives no amount beyond the question's own (“…营业额达5万元(含)以上的,…分档给予奖励”)
        ("ds-linping-tijingji.txt", "大型会议营业额5万元以上的分档奖励各是多少？"),
        # a value for another tier or degree (“对E类人才…博士8万元、硕士5万元”, “对D类人才…10万元”)
        ("ds-chengan-fangdichan.txt", "E类人才中的本科生购房补贴多少？"),
        # a time inside a quoted rule (“…计入当年本单位绩效工资总量…”) is no deadline of the task
        ("na-guoban-keyanzizhuquan.txt", "现金奖励的具体操作办法要在哪天前出台？"),
    ],
)
def test_holdout33_34_abstains(plan: str, question: str) -> None:
    assert ask(grounded_context([_ingest(REAL / plan)]), question).abstained


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a marker closing the last item of a numbered list is the whole heading's (“…\n2.…〔责任单位:…〕”)
        ("ds-yujiang-fangdichan.txt", "生育家庭差异化购房补助由哪些单位负责？", ["区卫健委", "区财政局"], []),
        ("ds-yujiang-fangdichan.txt", "二孩家庭公积金贷款额度上浮由谁负责？", ["余江办事处"], []),
        # “余江区那份…实施意见，…”: a plan pointed at with 那份 only scopes the question, with or without 里
        (
            "ds-yujiang-fangdichan.txt",
            "那份推动房地产市场平稳健康发展的实施意见，生育家庭购房补助谁负责？",
            ["区卫健委"],
            [],
        ),
        # “…牵头，配合的是哪几个” asks who supports
        ("ct-zhaotong-fangdichan.txt", "优化车位配比这条，配合的是哪几个？", ["市公安局", "市住建局"], []),
        # one item of a 、-list quoted alone (“二孩及以上家庭…上浮30%、引进高层次人才…上浮50%”)
        ("ct-zhaotong-fangdichan.txt", "高层次人才公积金贷款额度上浮多少？", ["50%"], ["30%"]),
        # values listed with “，或者”: each measures its own thing (总质量, not 总高度)
        ("pv-shanghai-dajianyunshu.txt", "三类大件的总质量超过多少？", ["100000千克"], []),
        # “X是Y的主管单位”: the competent body of a field
        ("na-guoban-zhengwuxinmeiti.txt", "全国政务新媒体工作由哪个单位主管？", ["国务院办公厅"], []),
        (
            "na-guoban-zhengwuxinmeiti.txt",
            "本地区政务新媒体工作的主管单位是谁？",
            ["地方各级人民政府办公厅（室）"],
            [],
        ),
    ],
)
def test_holdout35_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a heading that is a unit's name over the numbered list of its duties (“（一）区交通委\n1．…”)
        ("ds-songjiang-tingche.txt", "区交通委要负责哪些事？", ["定期沟通会商机制", "一点一方案"], []),
        ("ds-songjiang-tingche.txt", "停车共享的第三方企业由哪个部门确定？", ["区交通委"], ["区财政局"]),
        ("ds-yangpu-jicengxiaofang.txt", "小区居委要做哪些事？", ["微型消防站"], []),
        # 分 counts points (积分落户, 考核): “积分满100分”, “最高分值…80分”
        ("ct-hangzhou-huji.txt", "积分满多少分可以申请积分落户？", ["100分"], []),
        ("ct-hangzhou-huji.txt", "个人所得税指标项最高分值提高到多少分？", ["80分"], []),
        # the day the plan takes effect: its closing clause (“本意见自2023年5月8日起施行”)
        ("ct-hangzhou-huji.txt", "这份户籍意见从哪天起施行？", ["2023年5月8日"], []),
        ("ds-linping-tijingji.txt", "这份意见什么时候开始施行？", ["2023年12月1日"], []),
    ],
)
def test_holdout36_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_an_age_asked_in_words_is_answered_in_years() -> None:
    # “多大年纪以上的驾驶人…” asks a number of 岁: the clause that states it (“为50岁及以上驾驶人增加…”)
    _answered("pv-shanghai-jiaotongshigu.txt", "多大年纪以上的驾驶人体检要加心脑血管项目？", ["50岁"], [])


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # “持续推动航空口岸通关便利化” sets no end: a when-question is told so, quoted, not left unanswered
        ("na-haiguan-kouan.txt", "通关便利化工作有截止时间吗，要推进到什么时候？", "持续推动"),
        ("pv-shanghai-qianrushi.txt", "社区嵌入式服务设施建设的跟踪监测要做到什么时候？", "持续"),
    ],
)
def test_work_the_plan_keeps_going_has_no_end_date(plan: str, question: str, said: str) -> None:
    ans = _answered(plan, question, [said, "没有写明完成时限"], [])
    assert ans.citations


def test_sustainable_is_no_ongoing_work() -> None:
    # “在可持续经营的前提下，…逐步将平均担保费率降至1%以下” sets no time and says nothing goes on
    ctx = grounded_context([_ingest(REAL / "na-guoban-rongzidanbao.txt")])
    assert ask(ctx, "平均担保费率降到1%以下要在哪个时间节点前完成？").abstained


def test_a_percentage_asked_as_bili_is_no_thing_the_plan_lacks() -> None:
    # “多少比例” asks a percentage: a plan that writes “完成20％” without the word 比例 still answers
    ans = ask(grounded_context([_ingest(REAL / "ds-jiading-weifayongdi.txt")]), "3月底前要完成多少比例？")
    assert not ans.abstained and "20" in ans.answer


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # with no fact parsed, a sentence that names who does the asked thing answers (“…由本部门审核机构
        # 进行审核”, “由市城管执法局对违法违规企业依法处罚”): 机构 ends a name, and after 由 any verb does
        (
            "na-guoban-hefaxingshenhe.txt",
            "国务院各部门自己出的规范性文件，由谁来做合法性审核？",
            ["本部门审核机构"],
            [],
        ),
        ("pv-shanghai-jiaotongshigu.txt", "建筑垃圾运输企业违法违规，由哪个部门处罚？", ["市城管执法局"], []),
        # “县政府” is the plan's 县级以上人民政府: a level said without its qualifier is no term it lacks
        (
            "na-guoban-hefaxingshenhe.txt",
            "以县政府或者县政府办名义印发的规范性文件，合法性审核归谁？",
            ["同级人民政府审核机构"],
            [],
        ),
        # a post with how many hold it: “设召集人1人，由…担任；设副召集人2人，由…担任”; “哪几位” asks who
        (
            "na-guohan-zhijiaolianxihui.txt",
            "联席会议的召集人由谁担任？",
            ["国务院分管教育工作的领导同志"],
            ["副召集人"],
        ),
        ("na-guohan-zhijiaolianxihui.txt", "副召集人是哪几位来当？", ["教育部主要负责同志"], []),
        # a body made of named units, the lead named after them (“…组成，教育部为牵头单位”)
        (
            "na-guohan-zhijiaolianxihui.txt",
            "国务院职业教育工作部际联席会议的牵头单位是哪个部门？",
            ["教育部"],
            ["发展改革委"],
        ),
        # “（牵头指导处室：X，Y为实施单位，下同）”: the label's lead, and the units every task is done by
        (
            "pv-shanghai-diandongzixingche.txt",
            "电商平台和外卖平台的监管，是哪个处室牵头指导？",
            ["市局网络交易和市场规范监督管理处"],
            [],
        ),
        (
            "pv-shanghai-diandongzixingche.txt",
            "电动自行车产品质量抽查这类任务，具体由哪些单位来实施？",
            ["各区市场监管局", "机场分局"],
            [],
        ),
        ("pv-shanghai-diandongzixingche.txt", "消费者权益保护处牵头指导哪些任务？", ["拓宽线索发现渠道"], []),
        # a subject's later duty in another role (“…负责指导…；配合民政部门及属地政府对养老机构开展综合治理”)
        (
            "pv-shanghai-yanglaoxiaofang.txt",
            "对养老机构开展综合治理时，消防救援部门是配合哪些方面？",
            ["民政部门及属地政府"],
            [],
        ),
        # the plan's term, not the start the sentence gives first (“本意见2023年12月10日起施行，有效期至…”)
        (
            "pv-shanghai-juzhuguangfu.txt",
            "这份居住光伏的若干意见有效期到哪天？",
            ["2028年12月9日"],
            ["2023年12月10日"],
        ),
        # a schedule whose headings are its dates (“三、时间节点 （一）2023年4月底前”): the heading says when
        ("pv-shanghai-andian.txt", "岸电执法检查操作规程要在什么时候前制定出来？", ["2023年4月底前"], []),
        # “哪几个处” asks which offices lead, not how many
        (
            "pv-shanghai-andian.txt",
            "码头岸电设施建设这项任务，牵头的是交通委哪几个处？",
            ["市交通委科技信息处", "港务监管处", "综合规划处", "交通建设处"],
            [],
        ),
        # a total counts the noun after it (“…范围内的共计58处优秀历史建筑”)
        ("ds-hongkou-fangzai.txt", "这个机制覆盖的优秀历史建筑一共有多少处？", ["58处"], []),
    ],
)
def test_holdout38_40_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


def test_a_unit_named_for_every_later_task_is_told_so_when_asked_what_it_does() -> None:
    # “（牵头指导处室：…，各区市场监管局、临港新片区市场监管局、机场分局为实施单位，下同）”: the two tasks
    # that name 各区市场监管局 in prose are not all it does; the note says it implements every task
    ans = _answered(
        "pv-shanghai-diandongzixingche.txt",
        "各区市场监管局负责哪些任务？",
        ["强化滚动排查", "为实施单位，下同"],
        [],
    )
    assert any("下同" in c.quote for c in ans.citations)


def test_a_body_member_fact_does_not_answer_what_the_plan_never_assigns() -> None:
    # the 联席会议's members are no answer to who pays for it: the plan never says
    ctx = grounded_context([_ingest(REAL / "na-guohan-zhijiaolianxihui.txt")])
    assert ask(ctx, "职教联席会议的工作经费由哪个部门负责保障？").abstained


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # a duty list headed by its unit and the word for its duties (“（三）居（村）委职责”, “3.村居委职责”)
        (
            "ds-baoshan-jicengxiaofang.txt",
            "按宝山这份意见，居（村）委要承担哪些消防职责？",
            ["防火公约", "微型消防站"],
            [],
        ),
        (
            "ds-chongming-jicengxiaofang.txt",
            "村居委在基层消防里要承担哪些职责？",
            ["防火公约", "微型消防站"],
            [],
        ),
        (
            "ds-baoshan-jicengxiaofang.txt",
            "街镇消防安全管理办公室都负责些什么？",
            ["日常工作事务", "火灾预警信息"],
            [],
        ),
        # “X要会同谁/配合谁”: X itself is no answer; the sentence that names whom it works with is
        (
            "ds-baoshan-jicengxiaofang.txt",
            "对履职不力的物业公司落实警示约谈、信用扣分，街镇消防安全委员会要会同谁？",
            ["区相关职能部门"],
            [],
        ),
        (
            "pv-shanghai-guidaojiaotong.txt",
            "公共安全防范这块，市交通管理部门是配合谁来做？",
            ["公安部门"],
            [],
        ),
        # “…，由X牵头，Y、Z配合” / “成立由X牵头，Y…等部门共同参与的推进机制”
        (
            "ds-jinshan-xiaofang.txt",
            "消火栓那件事，配合的是哪几家？",
            ["区发改委", "区建管委", "区水务局", "区消防救援支队"],
            ["属地政府"],
        ),
        (
            "pv-shanghai-guangfu.txt",
            "交通领域光伏推进机制有哪些部门共同参与？",
            ["民航华东管理局", "市电力公司"],
            [],
        ),
        # domains sharing one 部门 as the subject (“公安、应急管理部门负责…”)
        (
            "pv-shanghai-guidaojiaotong.txt",
            "地铁里的治安和消防监督归哪个部门管？",
            ["公安、应急管理部门"],
            ["市交通管理部门"],
        ),
        (
            "pv-shanghai-jianzhulaji.txt",
            "非法跨省倾倒建筑垃圾的查处由哪些部门牵头？",
            ["生态环境、绿化市容、城管执法部门"],
            [],
        ),
        # the treasury of a level pays (“区级财政支持…”, “…费用由各级财政予以保障”)
        (
            "ds-yangpu-wenwu.txt",
            "示范区建设和区属文物保护利用的必要投入，由哪一级财政来支持？",
            ["区级财政"],
            [],
        ),
        ("ds-jinshan-xiaofang.txt", "村（居）委微型消防站的建设和运行费用谁来保障？", ["各级财政"], []),
        # the post of the office the question names, not the committee's (“…兼任消防安全管理办公室主任”)
        (
            "ds-baoshan-jicengxiaofang.txt",
            "街镇城运中心里设的消防安全管理办公室，主任由谁兼？",
            ["城运中心主要负责人"],
            ["行政主要领导"],
        ),
        # “哪些区级部门” asks who
        (
            "ds-chongming-jicengxiaofang.txt",
            "意见要求哪些区级部门在基层消防综合治理中发挥主力军、主推手作用？",
            ["区公安、应急、消防部门"],
            [],
        ),
        # a clause timed for its own work, beside one that is not: the time is its own (山阳, not 兴塔)
        ("ds-jinshan-xiaofang.txt", "山阳消防救援站什么时候开工？", ["年内"], []),
    ],
)
def test_holdout41_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # how soon (尽快, 及时, 第一时间), alongside what (同步), how often (定期, 年度考核), at an event
        # (…前, …时)
        ("pv-jiangxi-liutong.txt", "工商用电同价政策要求什么时候落实到位？", "尽快"),
        (
            "na-guoban-hefaxingshenhe.txt",
            "各地区各部门落实这份意见时遇到的重要事项，什么时候报司法部？",
            "及时",
        ),
        (
            "pv-shanghai-diandongzixingche.txt",
            "发生电动自行车火灾，区市场监管局什么时候介入事故调查？",
            "第一时间",
        ),
        ("pv-shanghai-liangcangguangfu.txt", "新建粮库的光伏发电设施，什么时候建？", "同步设计和建设"),
        ("pv-shanghai-yinfajingji.txt", "上海养老产业发展政策指南多久更新发布一次？", "定期"),
        (
            "pv-shanghai-guidaojiaotong.txt",
            "轨交驾驶员、调度员这些重点岗位，多久要做一次考核筛查？",
            "年度考核",
        ),
        (
            "pv-tianjin-baozulinzhufang.txt",
            "保租房运营主体最晚什么时候要在住房租赁管理服务平台推送开业信息？",
            "项目开始运营前",
        ),
        (
            "pv-beijing-shujuzhuanqu.txt",
            "运营单位什么时候需要把数据应用场景、使用范围向专区监管部门备案？",
            "对外提供数据服务时",
        ),
    ],
)
def test_work_timed_without_a_date_is_answered_with_how_the_plan_times_it(
    plan: str, question: str, said: str
) -> None:
    ans = _answered(plan, question, [said], [])
    assert "方案没有写明具体" in ans.answer and ans.tentative


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        # a span or a year asked is not given by how soon the plan wants it (限期, 及时)
        ("pv-shandong-tuoguan.txt", "存量托管机构消防审验手续不全被要求限期整改的，整改期限是多长时间？"),
        ("pv-shanghai-guidaojiaotong.txt", "《上海市轨道交通运营安全管理办法》要在哪年年底前修订完？"),
        # a time of a parallel clause (“年内开工建设山阳消防救援站，加快推进兴塔消防救援站建设”)
        ("ds-jinshan-xiaofang.txt", "兴塔消防救援站要求哪一年建成投用？"),
    ],
)
def test_holdout41_abstains(plan: str, question: str) -> None:
    assert ask(grounded_context([_ingest(REAL / plan)]), question).abstained


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # to whom work is sent or reported: the unit after 移送 / 报至 / 报送, not the task's own doer
        (
            "ds-fengxian-yanglaoranqi.txt",
            "养老机构里查出假冒伪劣的气瓶、调压器，要移交给谁去追溯生产流通企业？",
            ["市场监管部门"],
        ),
        (
            "ds-fengxian-yanglaoranqi.txt",
            "各机构每月的整治进展和最后的工作总结报给哪个单位？",
            ["区养老机构管理中心"],
        ),
        ("ds-jiading-weifayongdi.txt", "如果违法用地牵涉党员干部，移送给谁处理？", ["各级纪检监察部门"]),
        (
            "ds-chongming-chengshitijian.txt",
            "正式体检报告经区政府同意后要报送哪家？",
            ["市住房城乡建设管理委"],
        ),
        ("ds-xuhui-zhuangxiu.txt", "发现装修垃圾重大违法线索应移交哪个部门处理？", ["区城管执法局"]),
        # (found as a new user) whom to notify, quoted with its condition
        ("ds-jiading-xialijiao.txt", "积水超过二十厘米时要通知谁？", ["公安部门", "二十厘米"]),
    ],
)
def test_a_question_to_whom_names_the_unit_the_work_goes_to(
    plan: str, question: str, said: list[str]
) -> None:
    _answered(plan, question, said, [])


@pytest.mark.parametrize(
    ("plan", "question", "said"),
    [
        # a count of the thing asked (“分4个阶段进行” for “一共分几个阶段”) over counts of other things
        ("pv-shanghai-ranqipaicha.txt", "2022年这轮燃气安全排查整治一共分几个阶段？", ["4个阶段"]),
        # a threshold of a tiered rule is read with the condition after it (“超过“二十五厘米”的积水，水位
        # 得不到有效控制时，…果断采取封交措施”), not the tier before it
        (
            "ds-jiading-xialijiao.txt",
            "下立交积水超过多少厘米、水位又控制不住时，管理单位就得果断封交？",
            ["二十五厘米", "封交"],
        ),
        # “向哪里反映” asks whom
        ("pv-shanghai-jiliang.txt", "试点执行中遇到新情况新问题，应该向哪里反映？", ["市市场监管局"]),
        # what the doer acts on may stand before its verb: “供水供气服务企业对…水表、燃气表进行验收登记”
        (
            "pv-shanghai-jiliang.txt",
            "二检合一的水表燃气表装上去之前，谁负责验收登记并把安装使用信息传到平台？",
            ["供水供气服务企业"],
        ),
        ("na-guoban-sanxiangzhidu.txt", "法制审核意见本身出了问题，责任归谁？", ["法制审核机构"]),
        # a recurring time before an event (“每年汛期前组织…演习”) answers when
        ("ds-jiading-xialijiao.txt", "按预案的模拟应急处置演习，什么时候要搞？", ["每年汛期前"]),
    ],
)
def test_holdout42_genres(plan: str, question: str, said: list[str]) -> None:
    _answered(plan, question, said, [])


BAOSHAN = "ds-baoshan-haiyanglaji.txt"

JINSHAN_JT = "ds-jinshan-jiaotongsheshi.txt"


@pytest.mark.parametrize(
    ("plan", "question", "said", "not_said"),
    [
        # where no fact answers who, the sentence that names its doer is quoted: a doer whose name ends in a
        # word of other uses too (企业, 站, 机构, 力量, 区) where it acts (“电网企业应…”, “鼓励…服务机构为…”)
        ("pv-shanghai-liangcangguangfu.txt", "粮仓光伏的并网流程和配电网改造，谁负责？", ["电网企业"], []),
        ("pv-shanghai-dikongfeixing.txt", "载人飞行试验示范是放在哪个区重点推进？", ["青浦区"], []),
        (
            "pv-shanghai-baiyulan.txt",
            "新优品种的示范应用和相关标准宣贯，由哪个单位来推进？",
            ["绿化指导站"],
            [],
        ),
        (
            "na-guoban-wenjiuye.txt",
            "给就业困难人员、防止返贫监测对象提供专业化就业创业服务，通知鼓励谁来干？",
            ["人力资源服务机构"],
            [],
        ),
        # a task closed by a bare list of its units (宝山) or by a line “相关部门：X、Y等。” (杨浦), the
        # answer in the document's own word
        (BAOSHAN, "入海闸口那一块的漂浮垃圾打捞，区里哪个部门管？", ["区水务局（区海洋局）"], []),
        (BAOSHAN, "区水务局（区海洋局）负责哪几项任务？", ["防治河流垃圾入海", "打捞频次"], []),
        ("ds-yangpu-neibudaolu.txt", "自治管理类的内部道路，谁来负责监管？", ["属地街道", "相关部门"], []),
        # a term the question quotes keeps its 方案; “列出的相关部门有哪些” asks who, not for a list of tasks
        ("ds-yangpu-neibudaolu.txt", "“一路一方案”那项工作，列出的相关部门有哪些？", ["区规划资源局"], []),
        # the time of a passage's work answers for that work
        (BAOSHAN, "码头的船舶垃圾岸带接收设施，要求什么时候配置完成？", ["2025年"], []),
        # two roles asked in two who-clauses: both answered
        (
            "pv-shandong-weixianfeiwu.txt",
            "排查工业企业危废产生量和去向这项，谁牵头、谁负责落实？",
            ["省生态环境厅", "各市政府"],
            [],
        ),
        # a span (“1个月内”) answers how long from a sentence that covers less of the question; a verb said
        # with where it goes (交上来) is no term the plan lacks
        (
            "pv-shandong-weixianfeiwu.txt",
            "核查意见反馈下去以后，各市多久内得把整改方案交上来？",
            ["1个月内"],
            [],
        ),
        (
            "ct-wuzhong-goufangbutie.txt",
            "公示没异议之后，住建局要在多长时间内把补贴打到购房人账户？",
            ["14天内"],
            [],
        ),
        # a heading line that is only the units, the duties in the paragraph under it (松江 清水行动, 停车)
        ("ds-songjiang-qingshui.txt", "道路污染的应急清理由谁来统筹做好？", ["各街镇", "经开区"], []),
        (
            "ds-songjiang-qingshui.txt",
            "城管执法部门在清水行动里负责查哪些事？",
            ["依法严查运输车辆未密闭"],
            [],
        ),
        ("ds-songjiang-tingche.txt", "本区域停车共享的具体实施工作由谁开展？", ["相关街镇"], []),
        # 几号 asks a day; a staffing quota (保洁员额度) is no money; a count that names its own rate
        # (“配一名”) or an adverb (“不再核准”) is not the thing counted
        ("ds-luodian-shirongkaohe.txt", "各村保洁员的工资表、考勤表每月几号前交？", ["每月5日前"], []),
        (
            "ds-luodian-shirongkaohe.txt",
            "超额度村保洁员退休后名额往人少的村调，计划多长时间调到各村相对平衡？",
            ["三年"],
            [],
        ),
        ("na-guoban-meitan.txt", "新建煤矿规模下限是多少，低于多少的不再核准？", ["30万吨/年"], []),
        # a plan that takes effect on trial (“自发布之日起试行，有效期三年”); “几个试点镇” counts towns
        (
            "ds-lingang-chengshitijian.txt",
            "这个体检方案从什么时候开始试行，管多长时间？",
            ["自发布之日起试行", "有效期三年"],
            [],
        ),
        ("ds-lingang-chengshitijian.txt", "每年挑几个试点镇开展城市体检？", ["4个试点镇"], []),
        # (the plan's own title holds 试行: no question about when it takes effect)
        (
            "ds-lingang-chengshitijian.txt",
            "临港新片区城市体检实施方案（试行）里，选试点镇做镇级体检，管委会要会同哪两个区？",
            ["奉贤区"],
            [],
        ),
        # how often, of parallel clauses that each say it: the one the question names, with its context
        (
            JINSHAN_JT,
            "已经施划过标线的道路，热熔漆多长时间要复划一次？",
            ["对已施划标线的道路，热熔漆复划每两年不少于1次"],
            ["每年不少于2次"],
        ),
        (BAOSHAN, "评估为不清洁的岸段，最低要多久全覆盖清理一次？", ["每周至少一次"], ["每两周"]),
        # the last item before a closing 附件 line and the signature is no contents entry
        (JINSHAN_JT, "这份道路交通设施管理的实施意见从什么时候开始施行？", ["自印发之日起施行"], []),
        # of clauses each opening with its own time, the one the question names (宝山 水务, 余江 保交房)
        (
            "ds-baoshan-shuiwuanquan.txt",
            "2023年及以前排查出来的重大事故隐患存量，要求什么时候基本消除？",
            ["2024年底前"],
            ["2025年底前", "2026年底前"],
        ),
        # of parallel amounts, the one the question names; a bare value stays with the one before it
        (
            "na-guoban-shetuan.txt",
            "地方性的法人社会团体想保留下来，资金起码要有多少？",
            ["5万元"],
            ["210万元"],
        ),
        (
            "ct-aletai-fangdichan.txt",
            "信用AAA、AA级的开发商申请用预售资金，使用额度分别能上浮多少？",
            ["10%", "5%"],
            [],
        ),
        # a span written in words (“二十四小时内”)
        ("pv-shanghai-wajuedaolu.txt", "管线爆裂先抢修了，手续要在多长时间内补办？", ["二十四小时内"], []),
        # 发改委 is how everyone says 发展改革委: no term the plan lacks
        (
            "pv-shanghai-zhongdagongcheng.txt",
            "编年度投资计划时，发改委和重大办要会同的是哪类部门？",
            ["行业管理部门"],
            [],
        ),
        # a question that opens by saying which plan it asks about is about what follows (the title's words
        # are no match for a task), while a plan's subject asked inline still is (城镇房屋安全管理三项制度)
        (
            "pv-shanghai-shangwulouyu.txt",
            "市政府办公厅推进商务楼宇更新提升的实施意见里，小面积简易装修免办施工许可这条由谁负责？",
            ["市住房城乡建设管理委"],
            [],
        ),
        # 哪天 is said of any deadline, not only of a day
        (
            "na-guoban-youeryuan.txt",
            "要补建、改建、新建的配套园，项目竣工验收的期限是哪天？",
            ["2020年12月底前"],
            [],
        ),
    ],
)
def test_holdout43_49_genres(plan: str, question: str, said: list[str], not_said: list[str]) -> None:
    _answered(plan, question, said, not_said)


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        # the same words where they are served or acted on name no doer (“为重点相关企业配备…”, “放开桐庐县…”)
        ("na-guoban-wenjiuye.txt", "给重点企业配备人力资源社会保障服务专员，这事由哪个部门牵头负责？"),
        ("ct-hangzhou-huji.txt", "桐庐、淳安、建德三县（市）放开城镇落户，由哪个部门牵头负责？"),
        # “2025年完成码头…的配置…。鼓励设置智能型船舶生活垃圾接收设施。”: no year for the 智能型 ones
        (BAOSHAN, "智能型船舶生活垃圾接收设施要求哪年之前全部建成？"),
        # the annex's receipt form: “201   年  月  日，我单位已收到编号为（CGD）201*0000的…抄告单”
        (JINSHAN_JT, "收到交通设施安全隐患排查抄告单后，被抄告单位要在几天内整改完毕？"),
        # “镇规保办每月对各村考核一次，考核成绩呈送镇主要领导”: no day of the month
        ("ds-luodian-shirongkaohe.txt", "镇规保办每月的考核成绩要在每月几号前呈送镇主要领导？"),
    ],
)
def test_holdout43_49_abstains(plan: str, question: str) -> None:
    assert ask(grounded_context([_ingest(REAL / plan)]), question).abstained


def test_a_task_heading_that_ends_in_a_word_of_names_is_no_unit() -> None:
    facts = _ingest(REAL / "ds-chongming-gaoceng.txt").facts
    assert not any("建强微型消防站" in u for r in facts.responsibilities for u in r.units)
