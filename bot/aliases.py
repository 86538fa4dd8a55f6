"""Small generic tables: synonyms of plan wording, an English->Chinese glossary, question words.

Document-specific aliases (眼谷 -> 中国眼谷, 海经区 -> 温州海经区管委会, quoted terms) are derived from
the facts in bot/understand.py; only wording that holds across plans lives here.
"""

from __future__ import annotations

# Each group: wordings that mean the same in plans. Matching expands a question with its group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("研发", "R&D", "研究与试验发展"),
    ("投入强度", "占GDP比重", "占 GDP 比重", "经费支出占GDP比重"),
    ("经费投入", "经费支出"),
    ("责任单位", "牵头单位", "负责单位", "承担单位", "主管部门"),
    ("留温率", "留温"),
    ("职业院校", "职校", "职业学校"),
    ("高校", "高等院校", "高等学校"),
    ("比重", "比例", "占比"),
    ("专利", "发明专利"),
    ("顶尖人才", "高层次人才"),
    ("试点", "试点任务", "改革试点"),
    ("年均增速", "年均增长", "增速"),
    ("引进", "招引"),
)

# Generic English plan words -> Chinese. Longest phrases first when applied.
EN_GLOSSARY: dict[str, str] = {
    "which district government": "哪个区政府",
    "which county": "哪个县",
    "which units": "哪些单位",
    "who is in charge of": "谁负责",
    "who is responsible for": "谁负责",
    "in charge of": "负责",
    "responsible for": "负责",
    "responsible": "负责",
    "vice president": "副总",
    "vice-president": "副总",
    "sci-tech": "科技",
    "science and technology": "科技",
    "technology": "科技",
    "pilot": "试点",
    "top talents": "顶尖人才",
    "top talent": "顶尖人才",
    "talents": "人才",
    "talent": "人才",
    "target": "目标",
    "goal": "目标",
    "district government": "区政府",
    "county government": "县政府",
    "city government": "市政府",
    "government": "政府",
    "university": "大学",
    "universities": "高校",
    "college": "学院",
    "patent": "专利",
    "patents": "专利",
    "invention patent": "发明专利",
    "retention rate": "留温率",
    "graduates": "毕业生",
    "key task": "重点任务",
    "key tasks": "重点任务",
    "annex": "附件",
    "industry": "产业",
    "industries": "产业",
    "platform": "平台",
    "innovation": "创新",
    "research": "研发",
    "r&d": "研发",
    "gdp": "GDP",
    "budget": "预算",
    "subsidy": "补助",
    "reward": "奖励",
    "eye": "眼",
    "valley": "谷",
    "china": "中国",
    "insurance": "保险",
    "mechanism": "机制",
    "education": "教育",
    "bureau": "局",
    "mountain": "山区",
    "island": "海岛",
    "number of": "数量",
    "majors": "专业",
    "major": "专业",
    "dynamic adjustment": "动态调整",
    "adjustment": "调整",
    "research institutes": "科研院所",
    "research institute": "科研院所",
    "universities and research institutes": "高校、科研院所",
    "weekend engineer": "周末工程师",
    "industry-education integration": "产教融合",
    "communities": "共同体",
    "community": "共同体",
    "document number": "文号",
    "share of gdp": "占GDP比重",
    "r&d spending": "研发经费",
    "spending": "经费",
    "transferring scientific achievements": "科技成果转化",
    "scientific achievements": "科技成果",
    "achievement transfer": "成果转化",
    "medical university": "医科大学",
    "focus on": "聚焦",
    "fields": "领域",
    "key task of": "重点任务",
    "young scientists": "青年科学家",
    "young scientist": "青年科学家",
    "evaluation": "评价",
    "incubator": "孵化器",
    "retention": "留温率",
    # nationwide policy terms with settled English renderings
    "invest first, equity later": "先投后股",
    "investment first, equity later": "先投后股",
    "invest-first, equity-later": "先投后股",
    "use first, transfer later": "先用后转",
    "use first, pay later": "先用后转",
    "open competition mechanism": "揭榜挂帅",
    "district": "区",
    "county": "县",
}

# Question words removed before matching a question against names: they carry intent, not entity.
QUESTION_WORDS: tuple[str, ...] = (
    "责任单位",
    "牵头单位",
    "配合单位",
    "负责单位",
    "由哪个区政府负责",
    "由哪个区负责",
    "由哪个单位",
    "哪个区政府",
    "哪些单位",
    "哪个单位",
    "哪个部门",
    "哪些部门",
    "由谁来做",
    "由谁负责",
    "由谁推行",
    "谁负责",
    "谁来做",
    "负责哪些",
    "负责哪个",
    "承担什么",
    "承担哪些",
    "是谁",
    "有哪些",
    "有什么",
    "是什么",
    "是多少",
    "多少",
    "哪些",
    "哪个",
    "什么",
    "这项重点任务",
    "这项试点",
    "这个试点",
    "该试点",
    "重点任务",
    "试点任务",
    "的试点",
    "试点",
    "目标",
    "要达到",
    "达到",
    "方案",
    "负责",
    "由谁",
    "谁",
    "的",
    "了",
    "吗",
    "呢",
    "要",
    "这项",
    "这个",
    "那个",
    "那项",
    "这一",
    "是谁",
    "是",
)

# Titles of persons: plans assign units, never people.
PERSON_TITLES: tuple[str, ...] = (
    "局长",
    "市长",
    "书记",
    "主任",
    "厅长",
    "县长",
    "区长",
    "校长",
    "院长",
    "负责人是谁",
)

# Things plans of this kind rarely state; asked for and absent from the document -> abstain.
MONEY_WORDS: tuple[str, ...] = (
    "补助",
    "补贴",
    "奖励金额",
    "资金额度",
    "预算",
    "多少钱",
    "万元",
    "亿元",
    "金额",
    "奖金",
)

# Cities/provinces a question may name without 市/省; used to notice "another place" questions.
PLACE_NAMES: tuple[str, ...] = (
    "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "宁波", "嘉兴", "湖州", "绍兴", "金华", "衢州",
    "舟山", "台州", "丽水", "南京", "苏州", "武汉", "成都", "西安", "合肥", "福州", "厦门", "济南", "青岛",
    "长沙", "郑州", "沈阳", "大连", "昆明", "南昌", "石家庄", "哈尔滨", "长春", "贵阳", "南宁", "海口",
    "江苏", "广东", "福建", "山东", "安徽", "江西", "湖南", "湖北", "河南", "河北", "四川",
)  # fmt: skip


def expand_synonyms(text: str) -> str:
    """Append the synonyms of any group member found in `text`, so overlap scoring sees both wordings."""
    extra = [w for group in SYNONYM_GROUPS if any(g in text for g in group) for w in group if w not in text]
    return text + (" " + " ".join(extra) if extra else "")


def translate_english(text: str) -> str:
    """Crude word-level English->Chinese for generic plan words; unknown words are kept."""
    low = text.lower()
    for en in sorted(EN_GLOSSARY, key=len, reverse=True):
        low = low.replace(en, f" {EN_GLOSSARY[en]} ")
    return low
