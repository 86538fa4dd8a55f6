"""The words plans use for roles, times, table columns and measures: one table each, shared by the
parser (normalise, parse, facts) and the bot. Data, not logic; every module that needs such a word
imports it from here so that two lists cannot disagree.
"""

from __future__ import annotations

import re
from typing import Literal

# --- roles -------------------------------------------------------------------------------------------
# A Responsibility carries the role word the document uses. Labels (牵头单位：, 配合部门 columns) are read
# as the role they name; inline markers（X牵头，Y参与）keep their own word.
Role = Literal["责任", "负责", "牵头", "配合", "参与", "指导"]
ROLES: tuple[Role, ...] = ("牵头", "负责", "责任", "配合", "参与", "指导")
LEAD_ROLES: frozenset[str] = frozenset({"牵头", "负责", "责任"})  # the units that answer for the task
SUPPORT_ROLES: frozenset[str] = frozenset({"配合", "参与"})

# Verbs a plan's prose opens a task with right after the unit that does it, when it writes no modal or role
# word between (“国家卫生健康委推行…”, “卫生健康行政部门监督指导…”): national and provincial prose.
ACTION_VERBS = (
    r"(?:推行|推动|推进|印发|制定|制订|出台|组织|研究|建立|健全|监督|指导|督促|开展|发布|完善|加强|落实|做好"
    r"|统筹|协调|确定|编制|修订|审核|核定|结合|会商|部署|实施|指派|组建)"
)
# The working departments of a party committee or a government, written right after its name: 市委宣传部,
# 区委组织部, 县委政法委, 市政府办公室 are one unit each, not 市委/市政府 followed by a word.
SUB_BODIES = (
    r"(?:办公室|办公厅|宣传部|组织部|统战部|政法委|编办|网信办|研究室|政研室|督查室|外办|台办|侨办|农办|改革办"
    r"|深改办|巡察办|老干部局|机关工委|教育工委|金融办)"
)
# Label words (责任单位：…, a 牵头部门 column) -> role. 主办/协办 are the older words for 牵头/配合. A label
# is a role word, an optional qualifier and 单位/部门: 牵头单位, 牵头责任单位, 牵头考核单位, 落实推进单位.
_LABEL_PREFIXES: dict[str, Role] = {
    "责任": "责任", "负责": "责任", "主办": "牵头", "牵头": "牵头", "主责": "牵头", "配合": "配合",
    "协办": "配合", "支撑": "配合", "参与": "参与", "指导": "指导", "落实": "责任", "推进": "责任",
    "实施": "责任", "相关": "责任",
}  # fmt: skip
_LABEL_QUALIFIERS = ("责任", "考核", "推进", "落实", "实施", "指导")  # 牵头指导处室: the lead that guides
_LABEL_TAIL = rf"(?:{'|'.join(_LABEL_QUALIFIERS)})?(?:单位|部门|处室)"  # 处室: a department's own divisions
LABEL_WORDS = rf"(?:{'|'.join(_LABEL_PREFIXES)}){_LABEL_TAIL}"
# a passage that is one units line, closing a list: “牵头单位:市商务局,责任单位:各县区人民政府,市政府相关单位”
UNITS_LINE = re.compile(rf"(?:{LABEL_WORDS})\s*[:：][^。\n]*")
_LABEL = re.compile(rf"({'|'.join(_LABEL_PREFIXES)}){_LABEL_TAIL}")  # the prefix captured: its role


def _labels(prefix: str, qualifier: str) -> tuple[str, ...]:
    return f"{prefix}{qualifier}单位", f"{prefix}{qualifier}部门", f"{prefix}{qualifier}处室"


def label_role(word: str) -> Role | None:
    """The role a label word names (牵头考核单位 -> 牵头), None for a word that is no label."""
    m = _LABEL.fullmatch(word)
    return _LABEL_PREFIXES[m.group(1)] if m else None


# The short column labels of a two-row header (牵头 | 配合 under 责任单位).
SHORT_ROLE_LABELS = ("牵头", "配合", "责任", "主办", "协办", "参与", "指导", "支撑")

# A national convention: “（X、Y、Z负责。列第一位者为牵头单位，下同）” makes the first unit of every
# list the lead. Stated once in a plan, it holds for every marker after it.
FIRST_IS_LEAD = re.compile(
    r"(?:(?:列|排|排序)(?:在)?第一位?(?:者|的)?(?:责任)?(?:单位|部门)?|逗号前(?:的)?(?:单位|部门)?)"
    r"为(?:该项)?牵头(?:单位|部门)"
)

# Inline markers after a task: （X牵头，Y、Z参与）（X、Y指导）（X负责）（X会同Y负责）（X牵头负责）.
# The verb closing each clause -> role. Longest first when matched.
MARKER_ROLES: dict[str, Role] = {
    "按职责分工负责": "负责", "按职责分工落实": "负责", "分别负责": "负责", "共同负责": "负责",
    "牵头负责": "牵头", "牵头落实": "牵头", "负责落实": "负责", "具体负责": "负责", "牵头": "牵头",
    "负责": "负责", "落实": "负责", "配合": "配合", "协助": "配合", "协同": "配合", "参与": "参与",
    "参加": "参与", "指导": "指导", "牵头承办": "牵头", "承办": "负责", "协办": "配合", "支撑": "配合",
    "牵头实施": "牵头", "负责实施": "负责", "配合实施": "配合", "参与实施": "参与", "协助实施": "配合",
}  # fmt: skip
MARKER_VERBS = "|".join(sorted(MARKER_ROLES, key=len, reverse=True))

# What a question's role word (bot/phrasings.toml, slot `role`) accepts, best first: the document's own
# word when it uses it, else the nearest class (a plan that only says 负责 answers “谁牵头”).
ASKED_ROLE_FITS: dict[str, tuple[tuple[str, ...], ...]] = {
    "牵头": (("牵头",), ("负责", "责任")),
    "配合": (("配合",), ("参与",)),
    "参与": (("参与",), ("配合",)),
    "指导": (("指导",),),
}


def role_label(role: str) -> str:
    """How an answer names a role: 牵头单位, 配合单位, 参与单位, 指导单位, 责任单位."""
    labels = {"牵头": "牵头单位", "配合": "配合单位", "参与": "参与单位", "指导": "指导单位"}
    return labels.get(role, "责任单位")


def role_label_en(role: str) -> str:
    return {"牵头": "lead units", "配合": "supporting units", "参与": "participating units"}.get(
        role, "guiding units" if role == "指导" else "responsible units"
    )


def fitting_roles(asked: str, present: set[str]) -> set[str]:
    """The roles among `present` that answer a question asking for `asked`; empty when none does.
    Where a passage names a lead and other units in another word (列第一位者为牵头单位: the rest 负责),
    the units that do not lead are the ones that 配合 / 参与."""
    for group in ASKED_ROLE_FITS.get(asked, ()):
        got = present & set(group)
        if got:
            return got
    if asked in ("配合", "参与") and "牵头" in present:
        return present - {"牵头", "指导"}
    return set()


# A passage's own number at its start: （一） / 1. / 一、 / (3)
NUMBER_PREFIX = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[.．﹒、]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百零〇]{1,4}条)?[\s\u3000]*"
)

# --- times ---------------------------------------------------------------------------------------------
# 完成时间 / 完成时限 / 时间节点 / 时间要求 …: an inline label or an annex column. Values are kept as written.
TIME_WORDS = r"(?:完成|办结|办理|推进|工作)?(?:时间|时限|期限)(?:节点|要求|安排)?"
TIME_LABEL = re.compile(rf"({TIME_WORDS})\s*[:：]")
TIME_COLUMN = re.compile(rf"^(?:{TIME_WORDS}|进度安排|截止时间|完成日期)$")
TIME_HEAD = re.compile(rf"{TIME_WORDS}|进度安排|截止时间|完成日期")
# What a time cell or an unlabelled time clause holds (“2024年底前”, “6月底完成”, “持续推进”, “长期”)
TIME_VALUE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|年底|底前|上半年|下半年|长期|持续|每年|全年|年内|季度|前$|完成$|同步$"
)
# Days a deadline is set by in running text besides dates: “在春节前整改到位”, “元宵节前”
FESTIVAL = r"(?:春节|元宵节|清明节|端午节|中秋节|国庆节|元旦)"
# A deadline phrase in running text: 2019年6月底前, 2020年上半年, 2025年底, 2023年12月
DEADLINE_PHRASE = re.compile(
    r"(?:\d{4}\s*年\s*)?(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*年)"
    r"(?:上半年|下半年|年底|底|末|前|以前|内)*(?:前|以前)?"
)
# The five-year plan periods by their last year: a target “至“十四五”期末” is one for 2025年.
PLAN_PERIOD_END = {
    "十一五": "2010年",
    "十二五": "2015年",
    "十三五": "2020年",
    "十四五": "2025年",
    "十五五": "2030年",
}


def same_time(asked: str) -> tuple[str, ...]:
    """The ways a plan may write the time asked: 十四五 / 2025年."""
    if asked in PLAN_PERIOD_END:
        return (asked, PLAN_PERIOD_END[asked])
    return (asked, *(p for p, y in PLAN_PERIOD_END.items() if y == asked.replace(" ", "")))


# --- times a plan gives without a date --------------------------------------------------------------------
# Where a plan sets no date, how it times the work answers a when-question: for as long as the work goes
# on (持续…), how soon (及时, 第一时间), alongside what (同步建成), how often (定期, 年度考核), or at an
# event (项目开始运营前，…). Kinds in the order a sentence is read for them.
UNDATED_TIMES: dict[str, str] = {
    "ongoing": r"(?<!可)持续(?!性)|长期(?:坚持|推进|开展|执行)|常态化",
    "soon": r"立即|及时|尽快|尽早|第一时间|适时|限期|限时|随时",
    "along": r"同步[\u4e00-\u9fa5]{2}",
    # (a recurring time before or after an event: “每年汛期前组织…演习”, “每年汛期结束后…评估”)
    "often": r"定期|动态更新|实时|年度(?:考核|考评|评估|检查|筛查|评价|报告)"
    r"|每(?:年|半年|季度?|月)[\u4e00-\u9fa5]{1,6}?(?:前|后)",
    # (not 同时, 及时, 目前, 提前…: words, no event)
    "event": r"(?:^|(?<=[，,；;。]))[^，,；;。]{2,20}?(?<![同及届随临适平此当目提事])(?:之前|前|时)(?=[，,])",
}

# --- table columns ---------------------------------------------------------------------------------------
# Column kinds of annex tables. A column is the row's title (its own measure), its group (a task shared
# by rows, inherited when blank), a role's units, a deadline, or something else.
#
# A table of who does what, one row per unit (单位 / 职责分工: 成员单位职责分工 annexes of a 领导小组 or
# 联席会议): its units column names the row's responsible unit, its duties column is the row's own text.
UNIT_COLUMNS = ("单位", "成员单位", "部门", "单位名称", "部门名称", "责任主体", "实施主体", "落实主体")
DUTY_COLUMNS = ("职责分工", "主要职责", "工作职责", "职责", "职责任务", "具体职责", "职责内容")
COLUMN_ROLES: dict[str, Role] = {
    **{w: r for p, r in _LABEL_PREFIXES.items() for q in ("", *_LABEL_QUALIFIERS) for w in _labels(p, q)},
    **dict.fromkeys(UNIT_COLUMNS, "责任"),
}
TITLE_COLUMNS = (
    "试点任务", "具体措施", "具体举措", "具体任务", "具体工作", "改革事项", "改革举措", "工作举措",
    "主要举措", "具体内容", "主要内容", "工作内容", "任务内容", "工作措施", "重点举措", "推进措施",
    *DUTY_COLUMNS,
)  # fmt: skip
GROUP_COLUMNS = (
    "任务名称", "重点任务", "重点工作", "主要任务", "工作任务", "类别", "领域", "项目类别", "部署任务",
    "任务分类", "工作事项",
)  # fmt: skip
OTHER_COLUMNS = ("序号", "编号", "备注", "任务", "目标", "主要目标", "工作目标", "落实措施", "工作要求")
HEADER_NAMES = frozenset(
    {*TITLE_COLUMNS, *GROUP_COLUMNS, *OTHER_COLUMNS, *COLUMN_ROLES}
    | {"完成时限", "完成时间", "时间节点", "进度安排", "时间要求", "完成期限", "时限要求", "时间安排"}
)
# A column name as tables word it: short, ending in one of these words.
HEADER_WORD = re.compile(
    r"^.{0,4}(?:序号|编号|任务|工作|措施|举措|内容|事项|单位|部门|时限|时间|节点|安排|目标|指标|备注|类别|类型|领域|名称"
    r"|方向|主体|计划|项目)$"
)


_QUALIFIED_LABEL = re.compile(rf"^.{{1,6}}?({'|'.join(_LABEL_PREFIXES)}){_LABEL_TAIL}$")


def column_role(name: str) -> Role | None:
    """The role a column of units stands for: 牵头单位, 实施主体, and a label narrowed by who it is within
    (“市卫健委内牵头处室”: the lead division inside one bureau)."""
    if name in COLUMN_ROLES:
        return COLUMN_ROLES[name]
    m = _QUALIFIED_LABEL.match(name)
    return _LABEL_PREFIXES[m.group(1)] if m else None


def column_kind(name: str) -> str:
    """title | group | role | time | other, for a header cell."""
    if column_role(name):
        return "role"
    if TIME_COLUMN.match(name):
        return "time"
    if name in TITLE_COLUMNS:
        return "title"
    if name in GROUP_COLUMNS:
        return "group"
    # column names no list holds, by their head word: 推进举措 / 改革事项 hold the row's own measure,
    # 任务类型 / 工作领域 the group it is filed under
    if _TITLE_WORD.search(name):
        return "title"
    if _GROUP_WORD.search(name):
        return "group"
    return "other"


_TITLE_WORD = re.compile(r"(?:措施|举措|事项)$")
_GROUP_WORD = re.compile(r"(?:任务|工作|类型|类别|领域|方向)(?:名称|类型)?$")


def cell_of(cells: dict[str, str], kind: str) -> str | None:
    """The row's title or group cell: a listed column name first (in the list's order of preference),
    else the first column of that kind."""
    listed = TITLE_COLUMNS if kind == "title" else GROUP_COLUMNS
    found = next((cells[k] for k in listed if cells.get(k)), None)
    found = found or next((v for k, v in cells.items() if v and column_kind(k) == kind), None)
    if found or kind != "title":
        return found
    # columns written before 序号 file the row (任务分类 / 主要方向 / 序号 / 重点任务 / …): the column the
    # number opens is the row's own, whatever its name
    keys = list(cells)
    at = keys.index("序号") if "序号" in keys else -1
    if at > 0 and at + 1 < len(keys) and column_kind(keys[at + 1]) not in ("role", "time"):
        return cells[keys[at + 1]] or None
    if any(v and column_kind(k) == "group" for k, v in cells.items()):
        return found
    # a table with neither (序号 / 任务内容 / 责任单位): its 内容 column is all a row says it does
    return next((v for k, v in cells.items() if v and k.endswith("内容")), None)


# --- posts ----------------------------------------------------------------------------------------------
# The posts of a leading group, headquarters or committee (组长：X, 办公室主任由X兼任, 由X任组长): who holds
# them is answered from the sentence that says so. Longest first, so 办公室主任 is not read as 主任.
POSTS = (
    "副总指挥", "总指挥", "现场指挥长", "副指挥长", "指挥长", "常务副组长", "副组长", "组长",
    "办公室副主任", "办公室主任", "常务副主任", "副主任", "主任", "召集人", "副召集人", "秘书长",
    "第一责任人", "直接责任人", "责任主体",
)  # fmt: skip
POST = "|".join(sorted(POSTS, key=len, reverse=True))
# “办公室设在市住建局”: where a body's office sits, asked beside its posts
OFFICE_SEAT = "设在"
# a post the list lacks, by its form: 路长, 总河长, 站长 (“区级路长由谁担任”)
POST_BY_FORM = r"(?:总|副|常务副)?[\u4e00-\u9fa5]长"
# bodies a plan sets up, whose head is asked as a post: “工作专班由谁牵头”, “联席会议由谁来主持”
BODIES = ("工作专班", "专班", "联席会议", "领导小组", "工作小组", "工作组", "指挥部", "委员会")
# how a plan names who heads a body: “由市政府分管副秘书长牵头，…组成的工作专班”, “由分管市领导主持召开…”
BODY_HEAD = r"由(?P<holder>[^，,；;。]{2,30}?)(?:牵头|主持|召集)"

# --- measures ---------------------------------------------------------------------------------------------
# Measure words as plans write them after a number. Longest first in patterns, so a unit is taken as
# written (600台套, not 600台; 15个工作日, not 15个).
MEASURE_WORDS = (
    "%", "％", "‰", "个百分点", "百分点", "个基点", "基点", "BP",  # 基点/BP: a rate's basis points (6 plans)
    "元", "万元", "千元", "亿元", "美元",
    "个工作日", "工作日", "个月", "小时", "分钟", "天", "周", "秒",
    "人次", "人日", "户次", "车次", "架次", "班次", "航次", "场次", "批次", "万人", "人", "名", "位",
    "件", "个", "项", "单", "家", "所", "座", "处", "部", "条", "台套", "台", "套", "篇", "门", "种", "类",
    "批", "户", "间", "栋", "幢", "辆", "艘", "架", "张", "床", "份", "册", "株", "棵", "盏", "宗", "笔",
    "片", "轮", "届", "次", "场", "期", "支", "团队", "倍", "周岁", "岁", "对", "分",  # 分: points
    "亩", "公顷", "平方米", "平方公里", "立方米", "吨", "千克", "公斤", "公里", "千米", "米", "厘米", "毫米",
    "级",  # 级: levels (“不小于二级”, “三级网格”)
    "千瓦时", "千瓦", "兆瓦", "标箱", "kW", "MW", "GW", "TEU", "年一遇",
)  # fmt: skip
MEASURE = "|".join(re.escape(w) for w in sorted(set(MEASURE_WORDS), key=len, reverse=True))
# Measures that count people, and measures that are amounts rather than counts (个 counts anything else).
PEOPLE_MEASURES = frozenset({"名", "人", "位"})
NOT_COUNTS = frozenset(
    {"元", "%", "％", "小时", "天", "个工作日", "工作日", "公里", "千米", "米", "平方米", "平方公里"}
    | {"立方米", "吨", "亩", "倍", "个基点", "基点", "BP"}
)

# --- units ------------------------------------------------------------------------------------------------
# Head offices whose local branches plans name in full (国家税务总局泸州市税务局, 中国人民银行广东省分行),
# and how people shorten the prefix (“泸州市税务局”, “人行广东省分行”): prefix -> short prefix.
HEAD_OFFICES = {
    "国家税务总局": "",
    "国家金融监督管理总局": "",
    "中国人民银行": "人行",
    "国家统计局": "",
    "国家外汇管理局": "",
}
# What closes a list after its last name: the others it leaves unnamed (“市体育局等”, “…等部门”).
AND_OTHERS = r"等(?:有关|相关|其他)?(?:部门|单位)?"
# A unit's other name or office in brackets of any kind: 市住建局〈市人防办〉, 市交通委（计划财务处）.
UNIT_NOTE = re.compile(r"[（(〈〔【][^（）()〈〉〔〕【】]{2,20}[）)〉〕】]$")
# How an area's administration is named by its area: 开发区, 经开区, 园区.
AREA_ADMIN = r"(?:开发区|经开区|工业区|园区|新区)"
# How Chinese agency names end (a unit list in a marker must consist of such names).
UNIT_END = re.compile(
    r"(政府|管委会|委员会|总局|局|海关|委|办|厅|署|部|院|所|校|大学|学院|学校|实验室|中心|科协|(?<![学本专内外儿])科|幼儿园|小学|中学|初中|高中|总工会|团[市省县区]委"
    r"|妇联|残联|工商联|侨联|文联|社科联|团中央|集团|公司|银行|行|中支|协会|联合会|会|室|处|队|街道|乡镇|镇|社|站|馆|电视台|电台|单位|部门|专班|工作组"
    # (an area's administration named by its area: 开发区, 经开区, 临港新片区)
    rf"|地区|各地|企业|机构|{AREA_ADMIN}|新片区)$"
)
