"""pytest options of the task tests, as in the official issues/conftest.py."""


def pytest_addoption(parser):
    parser.addoption(
        "--user-tool-trace",
        action="store_true",
        default=False,
        help="Save a trace of each test for the user tool under /app/expensify/user_tool.",
    )
