"""Question -> understanding -> retrieval -> answer (grounded or LLM) -> verified Answer."""

from bot.answer import Answer, Citation

__all__ = ["Answer", "Citation", "ask"]


def ask(question: str, history: list[str] | None = None) -> Answer:
    """Answer one question against the current index with settings from the environment."""
    from bot.service import default_service

    return default_service().ask(question, history=history)
