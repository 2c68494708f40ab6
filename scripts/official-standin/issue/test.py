"""The task's test: the greeting in src/bug.js must name the user. The broken state (with
bug_reintroduce.patch applied) greets "BUG" instead, so this fails until the agent fixes it."""

import re
from pathlib import Path

from utils.user_tool_trace import Trace  # found through PYTHONPATH=/app/tests

SOURCE = Path("/app/expensify/src/bug.js")


def test_greeting_names_the_user(request):
    trace = Trace() if request.config.getoption("--user-tool-trace") else None
    try:
        if trace:
            trace.step("page.goto", "navigating to https://dev.new.expensify.com:8082/")
        text = SOURCE.read_text()
        if trace:
            trace.step("expect.toHaveText", f"src/bug.js has {len(text)} characters")
        assert "BUG" not in text, "the greeting still says BUG"
        assert re.search(r"Hello, \$\{name\}!", text), "the greeting does not name the user"
    finally:
        if trace:
            trace.save()
