"""Facts of the notice: who issued the plan, 文号, date, 印发对象, 抄送, full title, who approved it."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answer import Answer
from bot.answerers.base import Context, _cites, according_to, cite
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm

_NOTICE_FIELDS = ("cc", "recipients", "title", "date")
# “已经市政府同意”: who approved the plan, as the notice says it
_APPROVAL = re.compile(r"已经?[^，。；]{2,16}?(同意|批准|审定|审议通过)")


def answer_meta(spec: QuerySpec, ctx: Context) -> Answer | None:
    """抄送 / 印发对象 / 全称 of a single plan, quoted from the notice or 抄送 passage."""
    if len(ctx.plans) != 1:
        return None
    plan = next(iter(ctx.plans.values()))
    for attr in spec.meta:
        value = getattr(plan, attr) if attr in _NOTICE_FIELDS else None
        if value:
            quoted = [c for c in ctx.chunks.values() if norm(value) in norm(c.quote)]
            if quoted:
                text = value if spec.english else (f"《{value}》。" if attr == "title" else f"{value}。")
                return Answer(answer=text, intent="fact", citations=[cite(quoted[0])])
    if "approval" in spec.meta:
        for c in ctx.chunks.values():
            m = _APPROVAL.search(c.quote) if c.kind in ("notice", "preamble") else None
            if m:
                return Answer(answer=f"根据{c.locator}：“{m.group(0)}”", intent="fact", citations=[cite(c)])
    return None


# the span a plan's title gives it: “三年行动计划（2019—2021）”, “行动计划（2021-2023年）”
_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*年?\s*[—–\-~～至到]+\s*(\d{4})\s*年?\s*[）)]")


def answer_period(spec: QuerySpec, ctx: Context) -> Answer | None:
    """The plan's own span, as its title states it, quoted where the text prints it."""
    if "period" not in spec.meta:
        return None
    for c in ctx.chunks.values():
        m = _PERIOD.search(c.quote) if c.kind in ("notice", "preamble", "issued") or not c.locator else None
        m = m or (_PERIOD.search(c.title) if c.title else None)
        if m and m.group(0) in c.quote:
            span = m.group(0).strip("（）() ")
            where = c.locator or "标题"
            text = (
                f"{span} (the plan's title), {where}: “{m.group(0)}”"
                if spec.english
                else f"{span}（方案标题所写期限），见{where}：“{m.group(0)}”"
            )
            return Answer(answer=text, intent="fact", citations=[cite(c)])
    return None


def answer_issuer(spec: QuerySpec, ctx: Context) -> Answer | None:
    """Who issued the plan, with its 文号 and date where the notice quotes them."""
    if "issuer" in spec.meta and ctx.plans:
        notice = [c for c in ctx.chunks.values() if c.kind in ("notice", "issued")]
        plan = next(iter(ctx.plans.values())) if len(ctx.plans) == 1 else None
        if notice and plan and plan.issuer:
            quoted = [c for c in notice if norm(plan.issuer) in norm(c.quote)]
            parts = [plan.issuer]
            if plan.doc_number and any(norm(plan.doc_number) in norm(c.quote) for c in quoted):
                parts.append(plan.doc_number)
            if plan.date and any(norm(plan.date) in norm(c.quote) for c in quoted):
                parts.append(plan.date)
            title = f"《{plan.title}》" if plan.title else "本方案"
            if spec.english:
                text = f"{title} was issued by {parts[0]}" + (
                    f" ({', '.join(parts[1:])})." if parts[1:] else "."
                )
            else:
                text = f"{title}由{parts[0]}印发" + (f"（{'，'.join(parts[1:])}）。" if parts[1:] else "。")
            return Answer(answer=text, intent="fact", citations=_cites(ctx, [c.id for c in quoted[:2]]))
    return None


def applies(spec: QuerySpec, ctx: Context) -> bool:
    if set(spec.meta) <= {"date", "approval"} and any(lk.score >= ctx.cat.th.link_min for lk in spec.links):
        return False  # “某规范什么时候出台”: a task's time, not the notice's date
    # 抄送 / 主送 / 印发单位 read like who-questions; a date question only when nothing else is asked
    return (spec.intent in ("fact", "other") and bool(spec.meta)) or bool(
        set(spec.meta) & {"cc", "recipients", "issuer"}
    )


# the plan's own term of validity, in its closing clause: “本预案自印发之日起实施，有效期为5年”,
# “本政策措施自印发之日起执行,有效期至2023年12月31日” (not “在本政策措施有效期内符合…的”)
_VALIDITY = re.compile(
    r"(?:本|该|上述|以上)[^。；;，,]{0,12}?(?:预案|方案|政策|措施|意见|办法|通知|计划|规定|细则)[^。；;]{0,30}?有效期(?:为|至|到)?\s*[\d一二三四五六七八九十两][^。；;]*"
)


def _closing_clause(
    spec: QuerySpec, ctx: Context, asked: str, clause: re.Pattern[str], trim: Callable[[str], str] = str
) -> Answer | None:
    """A fact of the plan itself (`asked` in spec.meta), quoted from the clause that states it (the last
    where several do), as much of it as `trim` keeps."""
    if asked not in spec.meta or len(ctx.plans) != 1:
        return None
    found = [(c, m.group(0)) for c in ctx.chunks.values() for m in clause.finditer(c.quote)]
    if not found:
        return None
    c, said = found[-1]
    said = trim(said)
    return Answer(answer=according_to(c, said, spec.english), intent="fact", citations=[cite(c)])


def _end_date(said: str) -> str:
    """“本意见2023年12月10日起施行，有效期至2028年12月9日”: the end date, not the start before it; a term
    counted from the start (“自印发之日起实施，有效期为5年”) keeps it."""
    return re.split(r"[，,](?=[^，,]*有效期(?:至|到))", said)[-1]


def answer_validity(spec: QuerySpec, ctx: Context) -> Answer | None:
    """How long the plan holds."""
    return _closing_clause(spec, ctx, "validity", _VALIDITY, _end_date)


# the day the plan itself takes effect, in its closing clause: “本意见自2023年5月8日起施行”,
# “本通知自发布之日起施行”, “本政策措施自印发之日起执行” (written so in ten of the real plans)
_EFFECTIVE = re.compile(
    r"(?:本|该)[^。；;，,]{0,12}?(?:预案|方案|政策|措施|意见|办法|通知|计划|规定|细则)[^。；;，,]{0,4}"
    r"自[^。；;，,]{2,20}?起(?:施行|实施|执行|生效|试行)[^。；;]*"  # (and the rest of its sentence)
)


def answer_effective(spec: QuerySpec, ctx: Context) -> Answer | None:
    """The day the plan takes effect."""
    return _closing_clause(spec, ctx, "effective", _EFFECTIVE)


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return (
        answer_meta(spec, ctx)
        or answer_period(spec, ctx)
        or answer_validity(spec, ctx)
        or answer_effective(spec, ctx)
        or answer_issuer(spec, ctx)
    )
