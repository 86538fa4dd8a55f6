"""A small OpenAI-compatible chat server on 127.0.0.1 that misbehaves on demand, for fault tests.

Modes: ok, slow (sleeps past the client's timeout), http500, unformatted (chat text without the [n]
markers the prompt asks for), unknown_cite (cites a passage number that was not given), invent_unit (names
a unit no passage has), no_cite (cites nothing). Answers are plain text with [n] after the sentence, as
prompts/compose_system.md asks; the understanding step gets JSON (spec_reply).
The reply for ok is built from the request, not hard-coded: it copies the units the first passage
lists, so a test can tell a real answer from a canned one.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("ok", "slow", "http500", "unformatted", "unknown_cite", "invent_unit", "no_cite")


def _first_passage(prompt: str) -> str:
    """The first sentence of passage [1] as the prompt shows it: an answer that restates the passage."""
    m = re.search(r"\[1\][^\n]*\n?([^。\n]{6,60})", prompt)
    return m.group(1).strip() if m else "未知"


def _first_units(prompt: str) -> str:
    m = re.search(r"相关单位：([^\n]+)", prompt)
    return m.group(1) if m else "未知"


class StubOpenAI:
    """Start with `with StubOpenAI() as stub:`; set `stub.mode`; `stub.base_url` ends in /v1."""

    def __init__(self, mode: str = "ok", delay_s: float = 5.0) -> None:
        self.mode = mode
        # what the understanding step returns: a reading of the question (set by a test)
        self.spec_reply: dict[str, Any] = {"intent": "fact", "role": "", "task": "", "agencies": []}
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = json.dumps({"object": "list", "data": [{"id": "stub", "object": "model"}]})
                self._send(200, body.encode())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                req = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(req)
                stub._reply(self, req)

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StubOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _content(self, req: dict[str, Any]) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in req.get("messages", []))
        if "问题理解模块" in prompt:  # the understanding step (prompts/understand_system.md)
            return json.dumps(self.spec_reply, ensure_ascii=False)
        units = _first_units(prompt)
        if self.mode == "unformatted":
            return f"好的，答案是{units}"
        answer, cite = f"由{units}负责。", "[1]"
        if self.mode == "unknown_cite":
            cite = "[99]"
        elif self.mode == "invent_unit":
            answer = f"由{units}和市农业农村局负责。"
        elif self.mode == "no_cite":
            cite = ""
        elif self.mode == "restate":
            answer = _first_passage(prompt) + "。"
        elif self.mode == "not_found":
            answer = "资料中没有提到相关内容。"
        return answer + cite

    def _reply(self, handler: Any, req: dict[str, Any]) -> None:
        if self.mode == "slow":
            time.sleep(self.delay_s)
        if self.mode == "http500":
            handler._send(500, b'{"error": {"message": "boom", "type": "server_error"}}')
            return
        content = self._content(req)
        model = req.get("model", "stub")
        if not req.get("stream"):
            body = {
                "id": "chatcmpl-stub",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
            handler._send(200, json.dumps(body, ensure_ascii=False).encode())
            return
        # Streamed in small pieces, as a real server sends tokens.
        events = []
        for i in range(0, len(content), 4):
            delta = {"content": content[i : i + 4]}
            if i == 0:
                delta["role"] = "assistant"
            chunk = {
                "id": "chatcmpl-stub",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            }
            events.append(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n")
        done = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        events.append(f"data: {json.dumps(done)}\n\n")
        events.append("data: [DONE]\n\n")
        handler._send(200, "".join(events).encode(), "text/event-stream")
