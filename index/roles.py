"""The grammar of inline responsibility markers. Pure.

Plans close a task with a parenthesis naming who does it, in several styles (national, provincial and
district plans alike):
  （X牵头，Y、Z参与）（X、Y指导）（X负责）（X指导，Y参与）（X牵头，Y配合）（X会同Y负责）
  （X、Y等负责。列第一位者为牵头单位，下同）（各有关部门按职责分工负责）
A marker is a parenthesis made only of such clauses: unit lists, each closed by a role verb
(index/vocab.py MARKER_ROLES). Anything else in brackets (以下简称…, an example list) is not a marker.
Several tasks in one paragraph each end with their own marker: the paragraph is cut after each marker so
that every task keeps its own units (`split_marked`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.vocab import (
    ACTION_VERBS,
    AND_OTHERS,
    AREA_ADMIN,
    BODIES,
    FIRST_IS_LEAD,
    MARKER_ROLES,
    MARKER_VERBS,
    NUMBER_PREFIX,
    SUB_BODIES,
    UNIT_END,
    UNIT_NOTE,
    Role,
)

OPEN, CLOSE = "（(", "）)"
_CLAUSE = re.compile(
    rf"^(?P<units>.+?)(?:等)?(?:[省市区县]直)?(?:有关部门(?:和单位)?|相关部门)?(?:按职责(?:分工)?)?(?:组织|共同|具体)?"
    rf"(?P<verb>{MARKER_VERBS})$"
)
_WITH = re.compile(r"^(?P<lead>.+?)会同(?P<with>.*)$")
_NOTE = re.compile(r"以下|不再|一一列出")
# Placeholders that stand for “whoever is concerned”: kept out of the unit list when named beside units.
_GENERIC_NAMES = (
    r"(?:[省市区县]直)?(?:有关部门(?:和单位)?|相关部门(?:和单位)?|有关单位|其他有关部门|各相关部门)"
)
_GENERIC = re.compile(rf"^{_GENERIC_NAMES}$")
_SEP = "、，,；;和及与"
_GENERIC_CLAUSE = re.compile(rf"^{_GENERIC_NAMES}(?:按职责(?:分工)?)?(?:{MARKER_VERBS})$")


@dataclass(frozen=True)
class Marker:
    start: int  # offsets of the parenthesis in the passage
    end: int
    roles: tuple[tuple[Role, tuple[str, ...]], ...]  # (role word, units) in the order written


BRACKETS_OPEN, BRACKETS_CLOSE = "（(〈<【[《〔", "）)〉>】]》〕"


def split_top(text: str, seps: str) -> list[str]:
    """Split on any of `seps` outside brackets: 各县〈市、区〉政府 stays whole."""
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    for c in text:
        if c in BRACKETS_OPEN:
            depth += 1
        elif c in BRACKETS_CLOSE:
            depth = max(0, depth - 1)
        if c in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return parts


def bracket_groups(
    text: str, opening: str = BRACKETS_OPEN, closing: str = BRACKETS_CLOSE
) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group."""
    groups = []
    depth = 0
    start = 0
    for i, c in enumerate(text):
        if c in opening:
            if depth == 0:
                start = i
            depth += 1
        elif c in closing and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def _split(text: str, seps: str) -> list[str]:
    return [p.strip(" \u3000") for p in split_top(text, seps) if p.strip(" \u3000")]


_PLACE_GOVERNMENT = re.compile(r"[\u4e00-\u9fa5]{2,4}[市区县州](?:人民)?政府$")


def _units(text: str) -> list[str] | None:
    """The unit names of a list, or None when something in it is not a unit name."""
    text = re.sub(r"按职责(?:分工)?$", "", text.strip())
    out = []
    # “…交通运输部等和各有关省级人民政府负责”: 等和 closes one list and opens another
    parts = [p for part in _split(text, "、，,") for p in re.split(r"等[和及与]", part) if p]
    for k, u in enumerate(parts):
        u = re.sub(r"等$", "", u)
        if _GENERIC.match(u):
            continue
        # places sharing the 政府 the last one writes: “广州、深圳市政府分别负责” (each as written)
        shared = (
            re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", u)
            and _PLACE_GOVERNMENT.search(parts[-1])
            and k < len(parts) - 1
        )
        # (a name may carry the other name it goes by: 区水务局（区海洋局）)
        if not (UNIT_END.search(UNIT_NOTE.sub("", u)) or u.startswith("各") or shared):
            return None
        # “省完善促进消费体制机制厅际联席会议成员单位”: the members of a body named by its long name
        if "由" in u or len(u) > (30 if u.endswith("成员单位") else 20):
            return None
        out.append(u)
    return out


def parse_marker(inner: str, first_is_lead: bool = False) -> tuple[tuple[Role, tuple[str, ...]], ...]:
    """The (role, units) clauses of a parenthesis, or () when it is not a responsibility marker."""
    text = FIRST_IS_LEAD.sub("", inner)
    # an editor's note after the units says how later tasks are marked, it names no role of this one:
    # “…负责落实。以下均需各市、县人民政府落实，不再一一列出”, “…负责。具体任务均涉及…，不再做分工，下同。”
    # (or after a comma: “X牵头，各单位按职责分工负责，以下各项工作均需要各单位负责，不再单独列出”)
    text = re.sub(r"[，,；;]\s*以下[^。]*(?=。|$)", "", text)
    text = "。".join(s for s in text.split("。") if not _NOTE.search(s) or _CLAUSE.match(s.strip()))
    text = re.sub(r"[，,。]?下同[。]?$|[。；;，,\s]+$", "", text.strip())
    text = re.sub(r"[。；;，,\s]+$", "", text)
    if not text or len(text) > 160:
        return ()
    out: list[tuple[Role, tuple[str, ...]]] = []
    # “各有关部门和单位，各省级人民政府按职责分工负责”: units listed before the clause with the verb
    pending: list[str] = []
    # “X牵头负责、Y组织落实”: a role verb closes its clause even before a 、
    text = re.sub(rf"({MARKER_VERBS})、", r"\1，", text)
    for clause in _split(text, "，,；;。"):
        if out and _GENERIC_CLAUSE.match(clause):
            continue  # “…牵头，省直有关部门配合”: whoever is concerned, no unit named
        m = _CLAUSE.match(clause)
        if not m:
            listed = _units(clause)
            if not listed:
                return ()
            pending += listed
            continue
        role: Role = MARKER_ROLES[m.group("verb")]
        body = m.group("units")
        w = _WITH.match(body)
        lead = _units(w.group("lead") if w else body)
        if lead is not None and pending and not w:
            lead, pending = pending + lead, []
        if not lead:
            return ()
        partners = _units(w.group("with")) if w and w.group("with") else []
        if partners is None:
            return ()
        if w and partners:  # X会同Y负责: X leads, Y works with it
            out.append(("牵头", tuple(lead)))
            out.append(("配合", tuple(partners)))
        elif first_is_lead and role == "负责":
            out.append(("牵头", (lead[0],)))
            if lead[1:]:
                out.append(("负责", tuple(lead[1:])))
        else:
            out.append((role, tuple(lead)))
    return () if pending else tuple(out)


def markers(text: str, first_is_lead: bool = False) -> list[Marker]:
    """Every top-level parenthesis of the passage that is a responsibility marker, in order."""
    out: list[Marker] = []
    for start, end in bracket_groups(text, OPEN, CLOSE):
        inner = text[start + 1 : end - 1]
        if roles := parse_marker(inner, first_is_lead) or _closing_list(text[:start], inner, first_is_lead):
            out.append(Marker(start, end, roles))
    return out


def _closing_list(before: str, inner: str, first_is_lead: bool) -> tuple[tuple[Role, tuple[str, ...]], ...]:
    """A parenthesis after a task's last sentence that names units and no role: the units that carry
    the task (“…防治农业废弃物入海。(区绿化市容局、区滨江委、相关沿海街镇)”). Only after a sentence's
    end: within one, a parenthesis of names gives examples or another name (“区水务局（区海洋局）”)."""
    if before.rstrip()[-1:] not in ("。", "；", ";") or len(inner) > 160:
        return ()
    units = _units(inner.strip())
    if not units:
        return ()
    if first_is_lead:
        return (("牵头", (units[0],)),) + ((("责任", tuple(units[1:])),) if units[1:] else ())
    return (("责任", tuple(units)),)


def states_first_is_lead(text: str) -> bool:
    return bool(FIRST_IS_LEAD.search(text))


def segments(text: str, first_is_lead: bool = False) -> list[tuple[str, Marker | None]]:
    """The passage cut after each marker that closes a task: [(text, its marker)], the text verbatim.
    A passage with one marker (or none) is one segment; text after the last marker (a signature, a
    closing remark) stays with the last task."""
    found = markers(text, first_is_lead)
    if len(found) < 2:
        return [(text, found[0] if found else None)]
    out: list[tuple[str, Marker | None]] = []
    begin = 0
    for k, m in enumerate(found):
        end = len(text) if k == len(found) - 1 else m.end
        out.append((text[begin:end], m))
        begin = end
    return out


def lead_sentence(text: str) -> str:
    """A task's name when it has no heading: its first sentence, without numbering, marker and the
    actors that open it (“市数据局要会同市绿化市容局推进…” is named “推进…”)."""
    t = NUMBER_PREFIX.sub("", text.strip(), count=1)
    actor = _SUBJECT.match(t)
    # only 会同 takes partners; after 负责 a name is what is done (“房管所负责规模租赁场所的…”)
    end = actor.end("with") if actor and actor.group("partners") and actor.group("with") != "会同" else None
    end = end or (actor.end() if actor else 0)
    if actor and re.match(r"[\u4e00-\u9fa5]{2}", t[end:]):
        t = t[end:]
    first = re.split(r"[。；;]", t, maxsplit=1)[0]
    return first.strip(" ，,")[:60]


_CN = "一二三四五六七八九十"


def part_locator(locator: str, k: int) -> str:
    """The k-th task (1-based) of a paragraph that holds several: 三、（十）, 三、（十）之二, …"""
    if k == 1:
        return locator
    return f"{locator}之{_cn_number(k)}"


def _cn_number(k: int) -> str:
    """二, 十, 十一, 二十三: how a document writes the numbers of its parts."""
    if k <= 10:
        return _CN[k - 1]
    tens, ones = divmod(k, 10)
    if k >= 100:
        return str(k)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


# --- units as the subject of a task ----------------------------------------------------------------------
# District and municipal plans often name who does a task as the subject of its sentence:
#   “2.11月30日前，区建设管理委、区住房保障房屋管理局会同区公安分局…对…进行分析”
#   “市绿化市容局要会同市规划资源局…加快制订…”
# and duty lists name the unit first, its duties after: “（一）区发展改革委：负责…”, “1.街道消委办。牵头…”.
_SUFFIX = (
    # (a word that ends in 局 or 办 names no body: 布局, 格局, 大局; 督办, 承办, 举办)
    r"(?:管理委员会|委员会|管委会(?!同)|办公室|办事处|人民政府|政府|总局|分局|支队|大队|中队|(?<![布格大全开结当])局|委"
    r"|(?<![督承举开创主兴代包查交申筹试协合])办(?![法理事])|中心|公司|集团"
    r"|街道|镇|派出所|所|站|队|院|部门|委会(?!同)|联合会|协会|总工会|妇联|残联|科协|银行|大学|学院|学校|医院|小组)"
)
# (区建管委会同…: the 会 is 会同's, no 管委会)
# a name does not stop where a longer one goes on: 乡镇 / 乡镇政府, 街道办 / 街道办事处, 市委 / 市委宣传部
# (nor an adjective, nor a post: 各级政府性融资担保机构 is no 各级政府, 养老分管局长 no 局)
_GOES_ON = rf"(?!政府|人民政府|办事处|管委会|委员会|委托|性|长|{SUB_BODIES})"
# a name holds no modal: “各地要应用…中心”, “各地可以指定部门” are sentences, not names
_CHAR = r"(?:(?!要(?!素)|可以|应当|必须|需要)[\u4e00-\u9fa5])"
_NAME = rf"{_CHAR}{{1,12}}?{_SUFFIX}{_GOES_ON}"
_ADMIN_NAME = rf"(?:[区市县省镇乡]|街道|各){_CHAR}{{0,12}}?{_SUFFIX}{_GOES_ON}"
# a name may carry the other name it goes by: 区建管委（区水务局）
_ALIAS = r"(?:[（(][\u4e00-\u9fa5]{1,12}[）)])?"  # (or its own office: 政府办公厅（室）)
# (及 joins names as 和 does: “区城管执法局、区公安分局及各街道办事处等单位负责”)
_LIST = rf"{_ADMIN_NAME}{_ALIAS}(?:[、和及]{_ADMIN_NAME}{_ALIAS})*"
_NUMBERING = NUMBER_PREFIX.pattern
_TIME_LEAD = (
    r"(?:(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*年)(?:底|末)?(?:前|以前)?[，,]\s*)?"
)
# A name without an administrative prefix (公安部门, 国家发展改革委, 科技部) is an actor only when a modal or
# role verb follows the list: “公安部门要会同…”, “国家发展改革委、科技部要适时督促检查…”.
# how an agency's own name ends (国家卫生健康委, 财政部, 卫生健康行政部门); a bare name may also be a place's
_AGENCY_ENDS = r"部门|部(?!门)|局|委(?!员)|厅|署|政府"
# (a place's name goes on where a unit's name follows: 专区监管部门 is no 专区)
_BARE_ENDS = rf"{_AGENCY_ENDS}|管委会|(?:区|县)(?![\u4e00-\u9fa5]{{0,6}}?(?:部门|局|委员会|中心))"
_BARE_SUFFIX = rf"(?:{_BARE_ENDS})"
# a town's or street's own offices open its duty lists without a prefix: 房管所、规建生态办负责…
_OFFICE_SUFFIX = (
    rf"(?:{_BARE_ENDS}|办(?![法理公事好])|所(?![有在属以得])|中心|公司|站|队|村委会|居委会|机关|机构|小组)"
)
# a name does not open with a verb or preposition: “会同区发展改革委…” is not a unit 会同区
_NOT_A_NAME = (
    r"(?!会同|协同|配合|牵头|负责|由|请|经(?![发信济开贸管])|对|在|将|并|且|按照|根据|依据|围绕|通过|积极|督促|授权|支持"
    rf"|鼓励|推动|引导|及时|加快|切实|进一步|强化|深化|优化|提升|扩大|营造|创建|构建|打造|培育|持续|{ACTION_VERBS})"
)
_BARE_NAME = rf"{_NOT_A_NAME}(?:国家)?{_CHAR}{{1,10}}?{_BARE_SUFFIX}{_GOES_ON}"
_OFFICE_NAME = rf"{_NOT_A_NAME}(?:国家)?{_CHAR}{{1,10}}?{_OFFICE_SUFFIX}{_GOES_ON}"
_BARE_LIST = rf"(?:{_ADMIN_NAME}|{_OFFICE_NAME}){_ALIAS}(?:[、和](?:{_ADMIN_NAME}|{_OFFICE_NAME}){_ALIAS})*"
_MODAL = r"(?:应当|应该|必须|需要|要|应|须|将)"
# partners as plans write them: a list of names, or “城管执法、交通等部门”
_PARTNER = rf"(?:相关|有关)?(?:{_ADMIN_NAME}|{_BARE_NAME}){_ALIAS}"
_GENERIC_TAIL = r"(?:[、和](?:有关|相关|其他有关)(?:部门|单位)(?:和单位)?)?"
_PARTNERS = (
    rf"(?:{_PARTNER}(?:[、和及]{_PARTNER})*{_GENERIC_TAIL}"
    r"|[\u4e00-\u9fa5、]{2,24}?等(?:有关|相关)?部门)"
)
# national prose names its actors with no modal at all: “2019年3月底前，国家卫生健康委推行…”,
# “国家中医药局印发…”, “财政、发展改革、教育…、组织部门研究建立…” (domains sharing one 部门)
# (an agency's name: 自贸试验区 before 制定 is a place, not who does it)
_SHARED_SUFFIX = rf"{_NOT_A_NAME}(?:[\u4e00-\u9fa5]{{2,8}}[、和]){{1,9}}[\u4e00-\u9fa5]{{2,8}}?部门"
_AGENCY_NAME = rf"{_NOT_A_NAME}(?:国家)?{_CHAR}{{1,10}}?(?:{_AGENCY_ENDS}){_GOES_ON}"
_AGENCY_LIST = rf"(?:{_AGENCY_NAME}(?:[、和]{_AGENCY_NAME})*|{_SHARED_SUFFIX})"
# “法制审核机构对…审核意见负责”: who answers for something
_ANSWERS_FOR = r"对[^。；;]{2,80}?(?:负总责|负主体责任|负责)(?!人|同志)"
# 负责 as a verb: 负责人 is the unit's head, a noun (“各养老服务机构负责人要…”), 负责人员密集场所… is the verb
_FU_ZE = r"负责(?!人(?![员口民群]))"
# (“国务院部门制定的规范性文件，由本部门审核机构进行审核”: a verb before 的 says whose the thing is; the
# unit does not act in the sentence)
_SUBJECT = re.compile(
    rf"{_NUMBERING}{_TIME_LEAD}(?:由|请)?(?:(?P<units>{_LIST})"
    rf"|(?P<bare>{_BARE_LIST}|{_SHARED_SUFFIX})(?={_MODAL}|会同|牵头|{_FU_ZE}|配合|承担|{_ANSWERS_FOR})|(?P<plain>{_AGENCY_LIST})(?={ACTION_VERBS})(?!{ACTION_VERBS}的))"
    rf"{_MODAL}?(?:(?P<with>会同|牵头|配合|协助|{_FU_ZE})(?P<partners>{_PARTNERS})?)?"
    r"(?=[^、和\u4e00-\u9fa5]|[\u4e00-\u9fa5])"
)
_BODY_IS = re.compile(
    rf"{_NUMBERING}[^。；;，,]{{0,24}}?(?:建设|责任|实施|运营|管理|工作)主体(?:为|是)(?P<units>{_LIST}|{_BARE_LIST})"
)
# ... but not a party named by what it does (主管部门, 发放部门) nor a clause (“由开发企业向市城管局申请”)
_NOT_BY = re.compile(r"^(?:主管|发放|职能|业务|行业主管|行业)部门$|向|委托|企业|按照|根据")
# (not a placeholder: “由相关主管部门发起征询” names no one)
_BY = re.compile(
    rf"{_NUMBERING}{_TIME_LEAD}(?:分别)?[由请](?!相关|有关|其他|各有关|各相关)(?P<units>{_BARE_LIST})"
    r"(?=[\u4e00-\u9fa5])"
)
_THEN_SUPPORT = re.compile(rf"[，,]\s*(?P<units>{_LIST}|{_BARE_LIST})(?P<verb>配合|参与|协助|协同)")
# “…列出清单，会同区发展改革委、区市场监管局等部门将…”: partners named later in the actor's sentence
_LATER_WITH = re.compile(rf"[，,]\s*(?:并|要|还要|同时)?会同(?P<partners>{_PARTNERS})")
# the lead's partners in a marked task's prose: “全面推行…，协同区住建局、区市场监管局及金融监管部门合力推广…
# （牵头部门:区规资局）”, “…，会同区相关职能部门落实…（区消防救援支队牵头）”
_WITH_PARTNERS = re.compile(rf"(?:^|[，,。；;])\s*(?:并|要|还要|同时)?(?:会同|协同)(?P<partners>{_PARTNERS})")


# a unit named as the competent body of a field: “国务院办公厅是全国政务新媒体工作的主管单位”, “区绿化市容局是
# 本区建筑垃圾处理的主管部门” (国办 政务新媒体, 虹口 建筑垃圾)
_COMPETENT = re.compile(
    r"(?:^|(?<=[，,。；;\n]))\s*(?P<unit>[^，,。；;\n是]{2,30}?)是(?P<field>[^，,。；;\n]{2,30}?)的"
    r"(?:主管|牵头|责任|监管)(?:单位|部门|机关)"
)


def competent_bodies(text: str) -> list[tuple[str, str]]:
    """(unit, field) for each “X是Y的主管单位” of the text, the unit as written."""
    out = []
    for m in _COMPETENT.finditer(text):
        unit = m.group("unit").strip()
        if UNIT_END.search(re.sub(r"[（(][^（(）)]*[）)]$", "", unit)) and not unit.startswith(("本", "该")):
            out.append((unit, m.group("field").strip()))
    return out


# the units a body is made of, and the one that leads it: “联席会议由教育部、发展改革委…9个部门和单位组成，
# 教育部为牵头单位” (国函 职教联席会议), “成员由教育部、住房城乡建设部…等部门负责同志组成” (国办 幼儿园治理),
# “由国务院办公厅、国家医保局、国家卫生健康委、国家药监局组成…工作小组” (国办 药品集中采购)
_MEMBERS = re.compile(
    r"(?:^|(?<=[，,。；;\n]))(?P<body>[^，,。；;\n]{0,30}?)由(?P<units>[^。；;\n由]{2,200}?)组成"
)
# (what stands between the units and 组成: “…等部门负责同志”, “…9个部门和单位”)
_MEMBERS_TAIL = re.compile(
    r"(?:等)?(?:\d+个|[一二三四五六七八九十]+个)?(?:部门|单位|部门和单位)?(?:的?(?:有关|相关)?(?:负责同志|负责人|同志))?$"
)
# (the list taken atomically: a long one not followed by 为牵头 is not retried in every split of its names)
_LEADS_BODY = re.compile(rf"(?:^|(?<=[，,。；;\n]))\s*(?P<units>(?>{_LIST}|{_BARE_LIST}))为牵头(?:单位|部门)")


# “由区交通委牵头，区发改委、区建管委…配合”, “成立由市交通委牵头，市发展改革委…等部门共同参与的推进机制”: a
# lead and the units that support it, said in one sentence (the lists taken atomically, as above)
_LED_WITH = re.compile(
    rf"由(?P<lead>(?>{_BARE_LIST}))(?:牵头[，,]\s*(?P<others>(?>{_BARE_LIST}))(?:{AND_OTHERS})?"
    r"(?:共同)?(?P<verb>配合|参与|协助|协同)"
    # (“区级文物保护单位由区文化局会同区规土局共同编制”, “由区交通委会同住房城乡建设管理部门进行综合平衡”)
    rf"|(?:视情)?会同(?P<partners>(?>{_BARE_LIST}))(?:{AND_OTHERS})?(?=共同|[\u4e00-\u9fa5]))"
)


def led_with(text: str) -> tuple[str, tuple[tuple[Role, tuple[str, ...]], ...]]:
    """(the work it is for, (role, units)) for the first sentence of the text that names a lead and its
    supporting units (“…，由X牵头，Y、Z配合”, “…由X会同Y共同编制”), else ("", ()). The work is the clause
    before it, or, where the clause opens with its topic (“区级文物保护单位由…”), the clause itself; "" when
    it opens the passage's own sentence."""
    m = _LED_WITH.search(text) if "由" in text else None
    if not m:
        return "", ()
    before = re.split(r"[，,。；;\n]", text[: m.start()])
    lead: Role = "牵头"
    # (会同 names partners: they support, as 配合 does)
    others, verb = (
        (m.group("partners"), "配合") if m.group("partners") else (m.group("others"), m.group("verb"))
    )
    roles = ((lead, _names(m.group("lead"))), (MARKER_ROLES[verb], _names(others)))
    named = tuple((role, units) for role, units in roles if units)  # (“会同相关部门”: no one named)
    if not named or named[0][0] != "牵头":
        return "", ()
    topic = re.sub(r"^(?:并|且|再|然后|最后)", "", before[-1].strip())
    end = re.search(r"[，,。；;\n]|$", text[m.end() :])
    clause = text[m.start() : m.end() + (end.start() if end else 0)]
    if len(topic) >= 4:
        # the clause itself, with its topic: “区级文物保护单位由区文化局会同区规土局共同编制”
        return (topic + clause).strip(), named
    if len(before) > 1 and "由" in before[-2]:
        # the clause before is another doer's step (“由代持机构委托…进行评估，并由市住房城乡建设委会同…审核
        # 确定”): the work is this clause's own
        return clause.strip(), named
    return (before[-2].strip() if len(before) > 1 and not topic else ""), named


def body_members(text: str) -> tuple[str, list[tuple[Role, list[str]]]]:
    """(the body as the sentence names it, or "", and (role, units)) for a body the text says is made of
    named units: its lead where one is named, the other members as taking part."""
    members: list[str] = []
    bodies: list[str] = []
    for m in _MEMBERS.finditer(text) if "组成" in text else ():
        listed = _MEMBERS_TAIL.sub("", m.group("units"))
        names = _names(listed) if len(listed) <= 120 and not re.search(r"[，,（）()“”]", listed) else ()
        if not names or not all(len(u) <= 20 and UNIT_END.search(u) for u in names):
            continue  # (“由试点城市各派1名代表组成”: no units listed)
        members += [u for u in names if u not in members]
        named = m.group("body").strip()
        bodies += [named] if named.endswith(BODIES) else []
    if len(members) < 2:
        return "", []
    said = _LEADS_BODY.finditer(text) if "为牵头" in text else ()
    leads = [u for m in said for u in _names(m.group("units")) if u in members]
    rest = [u for u in members if u not in leads]
    roles: list[tuple[Role, list[str]]] = [("牵头", leads)] if leads else []
    roles += [("参与", rest)] if rest else []
    return (bodies[0] if bodies else ""), roles


# a later duty of the sentence's subject, opened by its own role verb after a semicolon or 并:
# “消防救援部门负责指导…；配合民政部门及属地政府对养老机构开展综合治理” (上海 养老消防),
# “镇城管中心负责…巡查监督…，并协助镇规建办做好现场监管” (七宝 小型工程)
_LATER_DUTY = re.compile(
    r"(?:[；;]|[，,]\s*并)\s*(?:负责)?(?P<duty>(?P<verb>配合|协助|协同|参与)[^。；;]{4,})"
)


def later_duties(text: str) -> list[tuple[Role, str]]:
    """(role, duty) for each such later duty of the text's first sentence, the duty as written."""
    first = re.split(r"[。\n]", text.strip(), maxsplit=1)[0]
    return [(MARKER_ROLES[m.group("verb")], m.group("duty").strip()) for m in _LATER_DUTY.finditer(first)]


# a name the plan shortens: “建立国务院职业教育工作部际联席会议（以下简称联席会议）”,
# “成立本市城镇燃气安全专项整治工作专班（以下简称市工作专班）” (the full name runs back to the verb or 的
# before it)
_SHORTENED = re.compile(r"([\u4e00-\u9fa5]{4,40})[（(]以下简称[“\"]?([\u4e00-\u9fa5]{2,12})[”\"]?[）)]")
_BEFORE_NAME = re.compile(r".*(?:建立|成立|设立|组建|组成|的|向|为)")


def shortened_names(text: str) -> dict[str, str]:
    """{short name: full name} for each name the text defines with 以下简称."""
    return {m.group(2): _BEFORE_NAME.sub("", m.group(1)) or m.group(1) for m in _SHORTENED.finditer(text)}


def prose_partners(text: str) -> tuple[str, ...]:
    """The units a task's prose says its lead works with (会同 / 协同 …), as written."""
    out: list[str] = []
    for m in _WITH_PARTNERS.finditer(text):
        out += [u for u in _names(m.group("partners")) if u not in out]
    return tuple(out)


_DUTY_VERB = re.compile(r"牵头负责|牵头落实|具体负责|牵头|配合|协助|协同|参与|负责")
# a party body's department heads a duty list too: “市委宣传部：负责…”
# (a heading that sets one up is no unit: “（二）成立联合采购办公室。”)
# one unit as a duty list heads it, with the other name it goes by: “区建管委（区水务局）”
# or a name with a bracketed inset: “居（村）委”, “街镇（园区）消防安全委员会”
_INSET_NAME = rf"{_CHAR}{{1,6}}[（(][\u4e00-\u9fa5、]{{1,6}}[）)]{_CHAR}{{0,12}}?{_SUFFIX}{_GOES_ON}"
_DUTY_UNIT = rf"(?:{_NAME}|{_INSET_NAME}|[\u4e00-\u9fa5]{{1,10}}?部){_ALIAS}"
# a heading that is a unit's name and nothing else, over the numbered list of its duties (“（一）区交通委”),
# or its name and the word for them (“（三）居（村）委职责”, “2.乡镇消防安全委员会办公室职责”)
# (several names too, and an area's administration by its area: “（五）各街镇、经开区”)
_HEAD_UNIT = rf"(?:{_DUTY_UNIT}|{_CHAR}{{0,6}}?{AREA_ADMIN})"
_UNIT_HEADING = re.compile(
    rf"{_NUMBERING}{_NOT_A_NAME}(?P<unit>{_HEAD_UNIT}(?:、{_HEAD_UNIT})*)(?:的?(?:主要|工作)?职责)?[\s。：:]*"
)


def heading_unit(text: str) -> str | None:
    """The unit a passage that is only a numbered heading names (“（一）区交通委”), else None."""
    m = _UNIT_HEADING.fullmatch(text.strip())
    return m.group("unit") if m and NUMBER_PREFIX.match(text.strip()).group(0).strip() else None  # type: ignore[union-attr]


_DUTY_HEAD = re.compile(
    rf"{_NUMBERING}(?!成立|设立|组建|建立)(?P<unit>{_DUTY_UNIT}(?:、{_DUTY_UNIT})*)[：:。]\s*(?P<duty>\S)"
)


# the verb that opens one duty of a unit's list: “负责配合市房产局…” supports, “牵头制定…” leads
# (“负责指导、监督…” is the unit's own duty: a list of verbs after 负责 names no other role)
_DUTY_OPENS = re.compile(
    r"^(?:负责)?(?P<verb>牵头负责|牵头|配合|协助|协同|参与)(?!、)|^(?P<own>具体负责|负责)"
)


def subject_roles(text: str) -> tuple[tuple[Role, tuple[str, ...]], ...]:
    """(role, units) when the passage opens with the units that do it, else ()."""
    head = _DUTY_HEAD.match(text)
    if head and len(head.group("unit")) <= 12:
        # the first role verb of the duty says the unit's role: “派出所。配合开展…” supports, “…。牵头…”
        # leads, “建管中心。积极依托…，协同开展…” supports; none at all: the unit is responsible
        first = re.split(r"[。；;\n]", text[head.start("duty") :], maxsplit=1)[0]
        opened = _DUTY_OPENS.match(first)
        if opened:  # “负责配合市房产局制定…” supports
            return (
                (
                    MARKER_ROLES[opened.group("verb")] if opened.group("verb") else "负责",
                    (head.group("unit"),),
                ),
            )
        said = _DUTY_VERB.search(first)
        return ((MARKER_ROLES[said.group(0)] if said else "负责", (head.group("unit"),)),)
    if body := _BODY_IS.match(text):
        # “该为民办实事项目建设主体为区应急局，统筹…”: the body named for the work does it
        return (("负责", _names(body.group("units"))),)
    m = _SUBJECT.match(text)
    if not m:
        # “由X办成公办园”, “分别由X和Y依法办理…”: after 由 a name does what follows, whatever the verb
        by = _BY.match(text)
        named = tuple(u for u in _names(by.group("units")) if not _NOT_BY.search(u)) if by else ()
        return (("负责", named),) if named else ()
    units = _names(m.group("units") or m.group("bare") or m.group("plain"))
    verb, partners = m.group("with"), m.group("partners")
    if not partners and verb != "会同":
        sentence = re.split(r"[。；;\n]", text[m.end() :], maxsplit=1)[0]
        if later := _LATER_WITH.search(sentence):
            verb, partners = "会同", later.group("partners")
    if verb == "牵头" and not partners and (co := _THEN_SUPPORT.match(text[m.end() :])):
        # “市住房和城乡建设局牵头,市财政局配合,对…进行审核”: the lead, then who supports
        return (("牵头", units), (MARKER_ROLES[co.group("verb")], _names(co.group("units"))))
    if verb == "会同" and partners and _names(partners):
        return (("牵头", units), ("配合", _names(partners)))
    if verb == "会同":  # “…会同相关部门”: no partner named
        return (("牵头", units),)
    if verb in ("牵头", "配合", "负责"):
        return ((MARKER_ROLES[verb], units),)
    if verb == "协助":
        return (("配合", units),)
    return (("负责", units),)


# An editor's note that names units once for every later task: “以下均需各市、县人民政府落实，不再一一列出”,
# “各项措施责任单位均包括各市〔州〕、各县〔市、区、特区〕人民政府,以下不再列出” (广东, 北京, 河南, 湖南,
# 贵州, 南京 plans write it inside the first marker)
STANDING_NOTE = re.compile(
    r"(?:以下|各项)[^。；;（）()]{0,12}?均(?:需要?|由|包括|要)?(?P<units>[^。；;]{2,60}?)"
    r"(?:(?:负责落实|组织落实|负责|落实)[^。；;]{0,60}?|[，,；;。]\s*(?:以下)?)不再(?:一一|单独)?列出"
)


# ... or names them with their role and says it holds for what follows: “（牵头指导处室：市局产品质量安全监督
# 管理处，各区市场监管局、临港新片区市场监管局、机场分局为实施单位，下同）” (上海 市场监管 电动自行车)
SAME_BELOW = re.compile(
    r"[，,；;]\s*(?P<units>[^。；;，,（）()：:]{2,60}?)为(?:实施|责任|落实|配合)(?:单位|部门)[，,；;]?\s*下同"
)


def standing_units(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The note in `text` that names units for every later task, verbatim, and the units it names."""
    m = STANDING_NOTE.search(text) or SAME_BELOW.search(text)
    if not m:
        return None
    listed = _units(re.sub(r"^(?:任务|措施|工作|各项工作)?均?(?:需要?|由)?", "", m.group("units")))
    return (m.group(0).lstrip("，,；; "), tuple(listed)) if listed else None


_AND_OTHERS = re.compile(rf"(.{{1,20}}?(?:{_SUFFIX}|部|行|联|单位)){AND_OTHERS}")


def without_others(unit: str) -> str:
    """The last name of a list without the others it leaves unnamed: “市体育局等” and “区交通运输局等部门”
    name 市体育局 (two Chongqing plans close every list so; 恩阳, 青浦 and 国发 plans write 等部门)."""
    m = _AND_OTHERS.fullmatch(unit)
    return m.group(1) if m else unit


def duty_clauses(text: str) -> tuple[list[str], list[tuple[Role, str]]]:
    """A duty list's paragraph that names its units first and then several duties separated by semicolons,
    each opened by its own verb (“区应急管理局：参与制定…;参与…的验收;负责全区应急避难场所启用。”,
    “市城乡建设局：负责提供…名录；牵头制定…制度”, “（四）区商务委、区城管执法局、外滩投资集团。按照…；
    配合做好…”): the units as written and (role, duty without its verb) per duty. A duty with no verb of
    its own keeps the role before it. ([], []) for a single duty."""
    head = _DUTY_HEAD.match(text)
    units = head.group("unit").split("、") if head else []
    if not head or any(len(re.sub(r"[（(].*", "", u)) > 12 for u in units):
        return [], []
    parts = [p.strip(" \u3000。") for p in re.split(r"[；;]", text[head.start("duty") :])]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return [], []
    out: list[tuple[Role, str]] = []
    role: Role = "负责"
    for part in parts:
        opened = _DUTY_OPENS.match(part)
        if opened:
            role = MARKER_ROLES[opened.group("verb")] if opened.group("verb") else "负责"
            part = part[opened.end() :].lstrip("，, ") or part
        out.append((role, part))
    return units, out


def _names(listed: str) -> tuple[str, ...]:
    """A list as written, one name each; “城管执法、交通等部门” and “财政、医保部门” (domains sharing one
    部门) are one party."""
    ends = rf"(?:{_SUFFIX}|{_BARE_ENDS})$"
    # 和 (及) joins two names only where the name before it is whole: 市工业和信息化局 is one unit
    parts: list[str] = []
    for p in listed.split("、"):
        halves = re.split(r"(?:和|及)", p)
        # (kept as written where the first half is no name: 省级及以上开发区)
        parts += halves if re.search(ends, halves[0]) else [p]
    named = re.search(rf"(?:{_SUFFIX}|{_AGENCY_ENDS})、", listed)  # “科技部、财政部等有关部门”: named units
    if re.search(r"等(?:有关|相关)?部门$", listed) and not named:
        return (listed,)
    if len(parts) > 1 and not any(re.search(ends, p) for p in parts[:-1]):
        return (listed,)
    return tuple(without_others(u) for u in parts if u and not _GENERIC.match(u))


# a new sentence, or a clause whose actors are followed by a modal or role verb (“…，市数据局要会同…”)
_SENTENCE_START = re.compile(
    # (the list taken whole, atomically: a long list of units not followed by a verb, “成员由区发展改革委、…、
    # 区税务局及各乡镇主要负责同志组成”, would otherwise be retried in every split of its names, for minutes)
    rf"(?<=[。；;\n])|(?<=[，,])(?=(?>{_LIST}|{_BARE_LIST})(?:{_MODAL}|会同|牵头|{_FU_ZE})|{_AGENCY_LIST}{ACTION_VERBS}"
    # a notice's request: “…，请科技部、工业和信息化部等部门在2019年2月底前完成”
    rf"|请(?:{_LIST}|{_BARE_LIST}))"
)


_TIME_ONLY = re.compile(
    rf"{_NUMBERING}(?:(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?|\d{{4}}\s*年)"
    r"[^，,。]{0,8}?(?:底|末)?(?:前|以前|内)?)"
)


def actor_segments(text: str) -> list[str]:
    """A passage whose sentences each open with who does them (“市规划资源局要…；市规划资源局要会同…。
    各区政府要…”) cut before each such sentence, verbatim; the heading and any opening text stay with the
    first. One part when fewer than two sentences name actors, or all name the same ones."""
    starts: list[int] = []
    actors: set[tuple[tuple[Role, tuple[str, ...]], ...]] = set()
    for m in _SENTENCE_START.finditer(text):
        pos = m.start()
        while pos < len(text) and text[pos] in " \u3000\n":
            pos += 1
        clause = re.split(r"[。；;\n，,]", text[:pos].rstrip("，, "))[-1]
        if text[pos - 1 : pos] in "，," and _TIME_ONLY.fullmatch(clause):
            continue  # “2024年底前，市…要…”: the time opens the actor's own sentence
        if pos < len(text) and (found := subject_roles(text[pos:])):
            if text[pos - 1 : pos] in "，,":
                # “对无行业主管部门的高层建筑，乡镇政府要…”: what opens the sentence before its first
                # actor is that actor's (a condition, a scope), not the previous sentence's
                s0 = max(text.rfind(c, 0, pos) for c in "。；;\n") + 1
                if s0 > 0 and not subject_roles(text[s0:].lstrip(" \u3000")):
                    pos = s0
            if pos not in starts:
                starts.append(pos)
            actors.add(found)
    head = subject_roles(text)
    if head:
        actors.add(head)
    if len(actors) < 2 or not starts:
        return [text]
    # the first actor stays with a heading that is all that precedes it (“（三）加强监管。市…要…”); after
    # an opening sentence of its own (“（二）细化职责分工\n领导小组根据职责，将…\n房管所负责…”) it starts anew
    opening = [p for p in re.split(r"[。；;\n]", text[: starts[0]]) if p.strip()]
    cuts = [0, *(starts if head or len(opening) > 1 else starts[1:])]
    return [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True) if text[a:b].strip()]


# “在区住房城乡建设委(房管局)指导监督下，…”, “在市防汛办指导下”, “在区消防、公安…等部门指导下”: who guides
# the passage's work, named where it sets the scene
_GUIDED = re.compile(r"在(?P<units>[^，,。；;“”]{2,30}?)(?:的)?(?:统一)?(?:指导监督|监督指导|指导)下")


_ANY_ADMIN_NAME = re.compile(_ADMIN_NAME)


def guided_by(text: str, alone: bool = False) -> list[list[str]]:
    """The units that guide the work of a passage, as its “在X指导下” phrases name them. `alone`: only where
    the passage names no other unit: a guide beside a named actor is the scene of one step, not the
    answer to who does the task (“并在市防汛办指导下将…纳入…；由区建管委、区防汛办…完成…修订”)."""
    phrases = [_names(m.group("units")) for m in _GUIDED.finditer(text)]
    guides = {u for names in phrases for u in names}
    if alone and any(
        not any(n.group(0) in u for u in guides) for n in _ANY_ADMIN_NAME.finditer(_GUIDED.sub("", text))
    ):
        return []
    out: list[list[str]] = []
    for names in phrases:
        bare = [(u, re.sub(r"[（(][^）)]*[）)]$", "", u)) for u in names]
        units = [u for u, b in bare if UNIT_END.search(b) or u.startswith("各")]
        if units and units not in out:
            out.append(units)
    return out
