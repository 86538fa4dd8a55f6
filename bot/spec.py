"""QuerySpec: everything a question asks, read once by understanding (bot/understand.py).

Answerers (bot/answerers/) decide from these fields alone; none of them reads the question's wording again.
`core` and `match` are the question's content words, kept only to be matched against the plan's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.catalog import Item

Intent = Literal["responsible", "target", "reverse", "list", "fact", "other"]
Asked = Literal["when", "where", "money", "often"] | None


@dataclass(frozen=True)
class Link:
    item: Item
    score: float


@dataclass(frozen=True)
class QuerySpec:
    question: str  # cleaned question as asked (for display and the LLM; never re-parsed)
    query: str  # condensed with history, for retrieval
    intent: Intent
    english: bool = False
    links: list[Link] = field(default_factory=list)  # tasks and rows, best first
    agencies: list[str] = field(default_factory=list)  # units as written
    wants_annex: bool = False
    abstain_reason: str | None = None
    followup_of: str | None = None
    asks_section: bool = False  # “…是在哪条保障措施里提出的”: where in the plan it stands
    contrast: str | None = None  # “那传统专业方面呢？” after “…哪些新兴专业？”: the thing now asked instead
    core: str = ""  # query without question words, for matching
    match: str = ""  # query as matched: English glossary-translated to Chinese, plan name removed
    question_core: str = ""  # the question's own content words (without what history added)
    asks: Asked = None  # the kind of value wanted: a date, a place, an amount of money, how often
    doc: str | None = None  # the plan the question names (title, 文号, place), when exactly one fits
    cross: bool = False  # asks across plans: 哪些方案…, 各个方案里…
    # (doc_id, locator) of every passage holding the responsibilities of what the question names, in
    # document order. [] when nothing is linked for sure.
    rows: list[tuple[str, str]] = field(default_factory=list)
    role: str | None = None  # the role word asked for (牵头, 配合, 参与, 指导); None = every role
    content: bool = False  # names a passage by its number and asks what it says (附件第6项是什么？)
    unknown_agencies: list[str] = field(default_factory=list)  # units named that the plan does not have
    # agencies named that the plan writes in its prose only, with no task assigned to them
    prose_agencies: list[str] = field(default_factory=list)
    # --- what the question asks for, from bot/phrasings.toml --------------------------------------------
    wants_kind: str | None = None  # key_task (重点任务) or pilot (试点/附件) when the question says which
    names_key_task: bool = False  # says 重点任务 (a unit's duties among the key tasks only)
    alone: bool = False  # “只由X负责”: rows where the agency is the only unit
    counting: bool = False  # asks how many
    counts: int = 0  # how many counts it asks (“新增多少座？累计多少个？”: 2)
    measure: str | None = None  # the measure word a count asks for (多少部 -> 部, 多少钱 -> 元)
    # every measure a question of several counts asks for (多少片…、多少条…), in order
    measures: tuple[str, ...] = ()
    counted: str | None = None  # the thing counted (“多少贴息” -> 贴息)
    wants_when: bool = False  # asks for a time (deadline, 时间节点)
    when_kind: str | None = None  # length (多长时间) or point (哪年, 什么时候之前) for a when-question
    wants_value: bool = False  # asks for a value (目标, 多少)
    wants_content: bool = False  # asks what a task contains (主要内容, 要做哪些)
    only_what_is: bool = False  # names a passage by number and asks nothing but what it is
    asks_who: bool = False  # asks for units (谁, 哪些部门)
    names_label: bool = False  # asks in a marker's own label word (责任单位, 牵头部门): what the label lists
    posts: tuple[str, ...] = ()  # posts asked who holds them (组长, 办公室主任) and 设在 for an office's seat
    asks_duty: bool = False  # asks what a unit does (X负责哪些任务)
    list_under: bool = False  # asks for the rows under a task (属于, 下面的)
    list_of: str | None = None  # rows | safeguards | None (key tasks) for a listing
    names_kind: str | None = None  # the kind of organisation a “哪些院校” question lists (a name ending)
    meta: tuple[str, ...] = ()  # notice facts asked: cc, recipients, title, date, approval, issuer
    mention: bool = False  # “哪些方案提到X”
    mention_term: str = ""  # X
    parts: tuple[str, ...] = ()  # a question of several parts: the kinds asked, in order
    asked_time: tuple[str, ...] = ()  # years or plan periods the question names (2025年, 十四五)
    asks_group: bool = False  # which 任务名称 / 重点任务 an annex row is filed under
    asks_goals: bool = False  # names the plan's goals (目标): when asked, the goals passage's time answers
    # words of three characters or more the question uses and the plan never does (注册资本, 带头人):
    # a passage cannot answer what the plan does not name
    absent_terms: tuple[str, ...] = ()
    source: Literal["rules", "llm"] = "rules"  # who filled the spec
