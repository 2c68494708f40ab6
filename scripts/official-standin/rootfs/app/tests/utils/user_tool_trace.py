"""A trace of a test's steps, saved for the user tool in the shape a Playwright trace has:
/app/expensify/user_tool/output_<hex>.zip holding trace.trace (one JSON object per line)
and resources/. The test playbook's clean-up (trace_cleaner.py) unpacks it."""

import json
import time
import uuid
import zipfile
from pathlib import Path

USER_TOOL_DIR = Path("/app/expensify/user_tool")


class Trace:
    def __init__(self):
        self.rows = []

    def step(self, api_name, message):
        call_id = f"call@{len(self.rows) // 4 + 1}"
        now = time.time() * 1000
        self.rows += [
            {"type": "before", "callId": call_id, "apiName": api_name, "startTime": now},
            {"type": "log", "callId": call_id, "message": message},
            # The clean-up drops rows like this one, as the official one does.
            {"type": "log", "callId": call_id, "message": "waiting for locator('body')"},
            {"type": "after", "callId": call_id, "endTime": time.time() * 1000},
        ]

    def save(self):
        USER_TOOL_DIR.mkdir(parents=True, exist_ok=True)
        target = USER_TOOL_DIR / f"output_{uuid.uuid4().hex}.zip"
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("trace.trace", "".join(json.dumps(row) + "\n" for row in self.rows))
            archive.writestr("resources/", "")
        return target
