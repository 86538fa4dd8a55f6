"""Who holds a post of a leading group or headquarters, and where its office sits: the sentence that says
so, quoted (“总指挥：国家发展改革委主要负责人”, “办公室主任由镇房管所所长兼任”, “由区政府分管消防工作的领导任
组长”, “办公室设在市住建局，宋涛同志兼任办公室主任”). The holder is often a person or a post, not a unit,
so the answer quotes the plan rather than filling a responsibility."""

from __future__ import annotations

import re
from functools import cache

from bot.answer import Answer
from bot.answerers.base import Context, _linked_locs, _sentences, according_to, cite, score_text
from bot.retrieve import Hit
from bot.spec import QuerySpec
from index.models import Chunk
from index.vocab import BODIES, BODY_HEAD, OFFICE_SEAT, POST

# how many hold a post, said between the post and its holder: “设副召集人2人，由…担任”, “设副组长两名，由…”
_HOW_MANY = r"\s*(?:\d+|[一二两三四五六七八九十]+)\s*[名人位个]"
_SEAT = re.compile(rf"{OFFICE_SEAT}[\u4e00-\u9fa5（）()]{{2,20}}")
_BODY_HEAD = re.compile(BODY_HEAD)


@cache
def _post_patterns(post: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the posts a clause names, a clause that names who holds one): 组长：X / 组长由X担任 /
    设召集人1人，由X担任 / 由X任组长 / X兼任办公室主任 / X是（作为）…的第一责任人. A post the vocabulary lacks
    (路长) joins the list."""
    # (a 路长 is no 总路长)
    posts = POST if re.fullmatch(POST, post) else rf"(?<![总副]){re.escape(post)}|{POST}"
    held = re.compile(
        rf"^\s*(?:{posts})\s*[:：]\s*\S|(?:{posts})(?:{_HOW_MANY})?\s*[，,]?\s*由.{{2,40}}?(?:担任|兼任)|由?.{{2,40}}?(?:担任|兼任|任)(?:{posts})"
        # (the body the post is of may stand between: “…兼任消防安全管理办公室主任”)
        rf"|由.{{2,40}}?(?:担任|兼任)[\u4e00-\u9fa5]{{2,12}}?(?:{posts})"
        rf"|^.{{2,30}}?(?:是|作为|为)[^，,；;。]{{0,40}}?(?:{posts})"
    )
    return re.compile(posts), held


def _holds(clause: str, post: str, exact: bool = True) -> bool:
    """The clause says who holds this post: exactly (a 办公室主任 clause does not answer 主任), or, failing
    that, a post that ends in it (“办公室…，主任由谁兼” asks the 办公室主任)."""
    if post == OFFICE_SEAT:
        return bool(_SEAT.search(clause))
    named_in, held = _post_patterns(post)
    named = named_in.findall(clause)
    fits = post in named if exact else any(p.endswith(post) for p in named)
    return fits and bool(held.search(clause))


def _clauses(sentence: str) -> list[str]:
    """A sentence's clauses, and each clause with the next where that one says who holds what the first
    names: “设立区农村公路区级路长，由区交通委主要负责人担任”."""
    cut = re.split(r"([，,；;。\n])", sentence)
    parts, seps = cut[0::2], cut[1::2]
    pairs = [
        f"{a}{sep}{b}" for a, sep, b in zip(parts, seps, parts[1:], strict=False) if re.match(r"\s*由", b)
    ]
    return [x for x in parts if x.strip()] + pairs


def _head_of(sentence: str, body: str) -> str | None:
    """The clause that names who heads the body the sentence sets up or convenes (“由分管市领导主持召开
    部门联席会议”, “本市成立由市政府分管副秘书长牵头，…组成的工作专班”)."""
    if body not in sentence:
        return None
    return next((x for x in re.split(r"[，,；;。\n]", sentence) if _BODY_HEAD.search(x)), None)


def _candidates(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> list[Chunk]:
    linked = _linked_locs(spec, ctx)
    chunks = [c for c in ctx.chunks.values() if (c.doc_id, c.locator) in linked]
    chunks += [ctx.chunks[h.chunk_id] for h in hits[:6] if h.chunk_id in ctx.chunks]
    return list({c.id: c for c in chunks}.values())


_EXACT = 0.3  # what a post named exactly weighs over one that ends in it


def _best_holder(
    spec: QuerySpec, ctx: Context, chunks: list[Chunk], post: str
) -> tuple[float, str, Chunk] | None:
    """The clause that names who holds the post, scored with its sentence and passage. A clause that names
    the post itself weighs _EXACT over one that names a post ending in it (办公室主任 for 主任), which answers
    where the question is about that post's body (“…设的消防安全管理办公室，主任由谁兼”, not the committee's
    主任)."""

    def weight(clause: str) -> float:
        exact = post in BODIES or _holds(clause, post, True)
        return 0.5 * score_text(spec.core, clause, ctx.cat) + (_EXACT if exact else 0.0)

    best: tuple[float, str, Chunk] | None = None
    for c in chunks:
        for sent in _sentences(c.quote):
            if post in BODIES:
                held = _head_of(sent, post)
            else:
                # of the clauses that name a holder, the one about what is asked (区级路长, not 总路长)
                holding = [x for x in _clauses(sent) if _holds(x, post, False)]
                held = max(holding, key=weight, default=None)
            if held is None:
                continue
            # the body asked about (领导小组, 指挥部, 消防安全委员会) is in the sentence or its passage; the
            # clause that names the holder is what is quoted (the next clause may name the deputies)
            s = score_text(spec.core, sent, ctx.cat) + 0.5 * score_text(spec.core, c.quote, ctx.cat)
            s += weight(held)
            if best is None or s > best[0]:
                best = (s, held.strip(), c)
    return best


def answer_posts(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """Per post asked, the best sentence that names its holder; None when the plan names none (the
    question then goes on to the other answerers, and abstains where nothing says it)."""
    found: list[tuple[str, Chunk]] = []
    chunks = _candidates(spec, ctx, hits)
    for post in spec.posts:
        best = _best_holder(spec, ctx, chunks, post)
        if best and best[0] >= ctx.cat.th.fact_min and (best[1], best[2]) not in found:
            found.append((best[1], best[2]))
    if not found:
        return None
    lines = [according_to(c, sent, spec.english) for sent, c in found]
    cited = {c.id: c for _, c in found}
    return Answer(answer="\n".join(lines), intent=spec.intent, citations=[cite(c) for c in cited.values()])


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return bool(spec.posts) and not spec.abstain_reason


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_posts(spec, ctx, hits)
