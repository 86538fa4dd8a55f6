"""Small generic tables: synonyms of plan wording, an English->Chinese glossary, question words.

Document-specific aliases (short forms of units, quoted terms) are derived from the facts in
bot/catalog.py, and a plan's own synonyms and English terms come from its lexicon file (index/pipeline.py);
only wording that holds across plans lives here.
"""

from __future__ import annotations

import re

# Each group: wordings that mean the same in plans. Matching expands a question with its group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("研发", "R&D", "研究与试验发展"),
    ("投入强度", "占GDP比重", "占 GDP 比重", "经费支出占GDP比重"),
    ("经费投入", "经费支出"),
    ("责任单位", "牵头单位", "负责单位", "承担单位", "主管部门"),
    ("职业院校", "职校", "职业学校"),
    ("发改委", "发展改革委", "发展和改革委员会"),
    ("高校", "高等院校", "高等学校"),
    ("比重", "比例", "占比"),
    ("专利", "发明专利"),
    ("顶尖人才", "高层次人才"),
    ("试点", "试点任务", "改革试点"),
    ("年均增速", "年均增长", "增速"),
    ("引进", "招引"),
    ("贷款额度", "能贷", "可贷"),
    ("个税", "个人所得税"),
    ("卖房", "出售住房", "出售现住房"),
    ("买房", "购买住房", "购房"),  # “最高能贷多少” asks the 最高贷款额度 (泸州, 滁州 房地产 measures)
    # housing measures in everyday words (吉林, 泸州, 滁州 房地产 measures)
    ("商贷", "商业性个人住房贷款", "商业贷款"),
    ("首付比例", "首付款比例"),
    ("楼市", "房地产市场"),
    ("最晚", "最迟", "截止"),  # “最晚什么时候申报” is the 截止时间 the plan sets
    ("材料", "资料"),  # 申请材料 / 申请资料 (南县 契税补贴)
    # a new home and a family's second or third child, as people say them and as housing and birth-support
    # measures write them (哈尔滨, 吉林, 泸州 房地产; 河南, 北京 生育)
    ("新房", "新建商品住房", "新建商品房"),
    ("二孩", "第二胎", "二胎", "第二个孩子"),
    ("三孩", "第三胎", "三胎", "第三个孩子"),
    ("物业公司", "物业服务企业", "物业企业"),
    ("经费", "花的钱", "花钱"),  # “要花的钱由谁落实” is the 经费 (虹口 实事项目, 融资担保 plans)
    ("一半", "50%"),  # “签合同后先付一半” is “合同签订之日起30天内支付50%” (福州, 哈尔滨 土地出让金)
)

# Kinds that exclude each other: a value set for one is no answer for the other (a 公积金 loan's down
# payment is not the 商业性 loan's; a 二手房 subsidy is not the 新房 one). Each group lists the kinds, each
# kind by the forms plans and people write it in.
RIVAL_KINDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("公积金",), ("商业性", "商贷", "商业贷款", "商业银行")),
    (("首套",), ("二套", "第二套")),
    (("新房", "新建商品住房", "新建商品房"), ("二手房", "二手住房", "存量房", "存量住房")),
    # degrees of a talent tier (“博士8万元、硕士5万元” answers no 本科; 哈尔滨, 吉林, 泸州, 运城, 成安 plans)
    (("博士后",), ("博士",), ("硕士", "研究生"), ("本科", "学士"), ("大专", "专科")),
)


# a tier named by its letter: A类 / B类 … 人才, 企业, 用地 (黄浦 人才, 成安 房地产, 奉贤 违法用地)
_LETTER_CLASS = re.compile(r"(?<![A-Za-z])([A-Z])类")


def rival_kind(asked: str, text: str) -> str | None:
    """The kind the question names where `text` names only a rival of it (“公积金贷款的最低首付” against
    “商业性个人住房贷款最低首付款比例…20%”), else None."""
    named_class = set(_LETTER_CLASS.findall(asked))
    said_class = set(_LETTER_CLASS.findall(text))
    if len(named_class) == 1 and said_class and not named_class & said_class:
        return f"{named_class.pop()}类"
    for group in RIVAL_KINDS:
        named = [kind for kind in group if any(f in asked for f in kind)]
        if len(named) != 1:
            continue
        said = [kind for kind in group if any(f in text for f in kind)]
        if said and named[0] not in said:
            return named[0][0]
    return None


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
    # nationwide policy terms with settled English renderings
    "use first, transfer later": "先用后转",
    "use first, pay later": "先用后转",
    "open competition mechanism": "揭榜挂帅",
    "district": "区",
    "county": "县",
}

# Wording common to Chinese government plans of any field (rural work, urban renewal, business
# environment, finance, trade, health, education, environment, transport, digital government), with the
# Chinese a plan would use. Matching then runs on the plan's own words; what is not here is dropped.
EN_PLAN_GLOSSARY: dict[str, str] = {
    # who / roles
    "lead unit": "牵头单位",
    "supporting units": "配合单位",
    "supporting unit": "配合单位",
    "cooperating units": "配合单位",
    "deadline": "完成时间",
    "completion time": "完成时间",
    "leading group": "领导小组",
    "township": "乡镇",
    "townships": "乡镇",
    "village": "村",
    "villages": "村",
    "administrative villages": "行政村",
    "residents": "居民",
    "resident": "居民",
    "household": "户",
    "households": "户",
    "farmers": "农民",
    "enterprises": "企业",
    "enterprise": "企业",
    "companies": "企业",
    "businesses": "企业",
    "market entities": "经营主体",
    # rural and agriculture
    # NOTE: no bare generic words (safety, water, new, time, rate …): an English question about a topic
    # the plan lacks (“nuclear power plant safety”) would keep only such a word and match some task by it.
    "rural": "农村",
    "countryside": "乡村",
    "agricultural products": "农产品",
    "agricultural": "农业",
    "agriculture": "农业",
    "farm machinery": "农机",
    "farming": "农业",
    "demonstration base": "示范基地",
    "demonstration bases": "示范基地",
    "toilets": "厕所",
    "toilet": "厕所",
    "public toilets": "公共厕所",
    "public toilet": "公共厕所",
    "toilet revolution": "厕所革命",
    "sewage": "污水",
    "wastewater": "污水",
    "domestic sewage": "生活污水",
    "garbage": "垃圾",
    "waste": "垃圾",
    "sorting": "分类",
    "classification": "分类",
    "cleaners": "保洁员",
    "cleaner": "保洁员",
    "cleaning": "保洁",
    "roads": "道路",
    "road": "道路",
    "living environment": "人居环境",
    "traceability": "追溯",
    "quality and safety": "质量安全",
    # digital
    "digital village": "数字乡村",
    "governance": "治理",
    "online retail sales": "网络零售额",
    "online retail": "网络零售",
    "retail sales": "零售额",
    "e-commerce": "电商",
    "ecommerce": "电商",
    "live streaming": "直播",
    "livestreaming": "直播",
    "broadband": "宽带",
    "gigabit": "千兆",
    "optical fiber": "光纤",
    "fiber": "光纤",
    "base stations": "基站",
    "base station": "基站",
    "network security": "网络安全",
    "cybersecurity": "网络安全",
    "big data": "大数据",
    "logistics": "物流",
    "tourism": "旅游",
    "training": "培训",
    # urban renewal and housing
    "old residential communities": "老旧小区",
    "old communities": "老旧小区",
    "old neighborhoods": "老旧小区",
    "residential communities": "小区",
    "residential buildings": "住宅",
    "existing residential": "既有住宅",
    "existing": "既有",
    "housing": "住房",
    "elevators": "电梯",
    "elevator": "电梯",
    "lifts": "电梯",
    "installing": "加装",
    "parking spaces": "停车位",
    "parking space": "停车位",
    "parking lots": "停车场",
    "charging piles": "充电桩",
    "charging pile": "充电桩",
    "property management": "物业管理",
    "property services": "物业服务",
    "pipelines": "管网",
    "pipeline": "管网",
    "gas pipes": "燃气管道",
    "rainwater and sewage separation": "雨污分流",
    "fire safety": "消防安全",
    "elderly care": "养老",
    "childcare": "托育",
    "community": "社区",
    "communities": "社区",
    "service facilities": "服务设施",
    "renovation": "改造",
    "renovated": "改造",
    "reconstruction": "改造",
    "upgrading": "改造",
    "satisfaction": "满意度",
    "coverage": "覆盖率",
    # business environment, trade and finance
    "business environment": "营商环境",
    "customs clearance": "通关",
    "customs": "海关",
    "clearance": "通关",
    "imports": "进口",
    "import": "进口",
    "exports": "出口",
    "export": "出口",
    "cross-border trade": "跨境贸易",
    "construction projects": "工程建设项目",
    "joint acceptance": "联合验收",
    "starting a business": "企业开办",
    "business start-up": "企业开办",
    "inspections": "检查",
    "inspection": "检查",
    "enforcement": "执法",
    "loans": "贷款",
    "loan": "贷款",
    "inclusive finance": "普惠金融",
    "financing": "融资",
    "guarantee": "担保",
    "guarantees": "担保",
    "fee rate": "费率",
    "hotline": "热线",
    "complaints": "诉求",
    "demands": "诉求",
    "government services": "政务服务",
    "government service": "政务服务",
    "one-stop": "一网通办",
    # money, numbers and time
    "special funds": "专项资金",
    "special fund": "专项资金",
    "funds": "资金",
    "fund": "资金",
    "funding": "资金",
    "matching funds": "配套资金",
    "finance bureau": "财政局",
    "per year": "每年",
    "annually": "每年",
    "each year": "每年",
    "every year": "每年",
    "hours": "小时",
    "working days": "个工作日",
    "newly built": "新建",
    "reducing": "压缩",
    "reduce": "压缩",
    "shorten": "压缩",
    "water conservancy": "水利",
    "transport": "交通运输",
    "transportation": "交通运输",
    "public security": "公安",
    "police": "公安",
    "civil affairs": "民政",
    "housing and urban-rural development": "住建",
    "market supervision": "市场监管",
    "commerce": "商务",
    "ecology": "生态环境",
    "emergency drills": "应急演练",
}

# Spoken forms of question words, read as their written forms (“省政务服务办负责啥？”).
CASUAL_WORDS: dict[str, str] = {
    "啥": "什么",
    "咋": "怎么",
    "多会儿": "什么时候",
    "哪儿": "哪里",
    "平米": "平方米",
    "交上去": "提交",
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
    "由哪个部门",
    "由哪些部门",
    "由哪些单位",
    "谁牵头",
    "牵头",
    "哪个区政府",
    "哪些单位",
    "哪个单位",
    "哪个部门",
    "哪些部门",
    # a bureau's own offices: “市局哪个处牵头”, “交通委哪个处室牵头”
    "哪个处室",
    "哪个科室",
    "哪些处室",
    "哪些科室",
    "哪个处",
    "哪个科",
    "由谁来做",
    "由谁负责",
    "由谁推行",
    "谁负责",
    "谁来做",
    "负责哪些",
    "负责哪个",
    "承担什么",
    "从什么时候到什么时候",
    "什么时候",
    "什么时间",
    # how often: the period a sentence states, not a word it shares
    "多长时间",
    "多久",
    "频次",
    "频率",
    "何时",
    "哪一年",
    "哪年",
    "承担哪些",
    "是谁",
    "有哪些",
    "有什么",
    "是什么",
    "是多少",
    "多少",
    "多大",
    "多高",
    "多快",
    "多远",
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
    # the plan itself, as the asker refers to it (“这次一共推广多少项”)
    "这次",
    "本次",
    "此次",
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
    "组长",
    "带头人",
    "联系人",
    "联系电话",
    "姓名",
    "负责人是谁",
)

# Things plans of this kind rarely state; asked for and absent from the document -> abstain.
MONEY_WORDS: tuple[str, ...] = (
    "补助",
    "补贴",
    "奖励金额",
    "资金额度",
    "预算",
    "万元",
    "亿元",
    "金额",
    "奖金",
    "贴息",
)

# Cities/provinces a question may name without 市/省; used to notice "another place" questions.
PLACE_NAMES: tuple[str, ...] = (
    "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "宁波", "嘉兴", "湖州", "绍兴", "金华", "衢州",
    "舟山", "台州", "丽水", "南京", "苏州", "武汉", "成都", "西安", "合肥", "福州", "厦门", "济南", "青岛",
    "长沙", "郑州", "沈阳", "大连", "昆明", "南昌", "石家庄", "哈尔滨", "长春", "贵阳", "南宁", "海口",
    "江苏", "广东", "福建", "山东", "安徽", "江西", "湖南", "湖北", "河南", "河北", "四川",
)  # fmt: skip


def expand_synonyms(text: str, plan_groups: tuple[tuple[str, ...], ...] = ()) -> str:
    """Append the synonyms of any group member found in `text`, so overlap scoring sees both wordings.
    `plan_groups` are the indexed plans' own (their lexicon files)."""
    groups = SYNONYM_GROUPS + plan_groups
    extra = [w for group in groups if any(g in text for g in group) for w in group if w not in text]
    return text + (" " + " ".join(extra) if extra else "")


def _glossary() -> list[tuple[re.Pattern[str], str]]:
    # The plan-wide words are matched as whole words (“rate” must not fire inside “generate”); the
    # original glossary keeps its substring behaviour, which its entries were written for.
    table = [(re.compile(re.escape(en)), zh) for en, zh in EN_GLOSSARY.items()]
    table += [
        (re.compile(rf"(?<![a-z]){re.escape(en)}(?![a-z])"), zh)
        for en, zh in EN_PLAN_GLOSSARY.items()
        if en not in EN_GLOSSARY
    ]
    return sorted(table, key=lambda x: -len(x[0].pattern))


_GLOSSARY: list[tuple[re.Pattern[str], str]] = _glossary()


def translate_english(text: str, plan_terms: dict[str, str] | None = None) -> str:
    """Crude word-level English->Chinese for generic plan words and the plans' own terms (their lexicon
    files), longest phrases first; unknown words are kept."""
    low = text.lower().replace("’", "'")
    table = _GLOSSARY
    if plan_terms:
        own = [
            (re.compile(rf"(?<![a-z]){re.escape(en.lower())}(?![a-z])"), zh) for en, zh in plan_terms.items()
        ]
        table = sorted(own + _GLOSSARY, key=lambda x: -len(x[0].pattern))
    for pattern, zh in table:
        low = pattern.sub(f" {zh} ", low)
    return low
