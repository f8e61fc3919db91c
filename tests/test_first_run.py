"""The README's first command on a newcomer's desktop: `streamlit run app.py` starts the
app; it must not stop at Streamlit's first-run e-mail prompt (which, with no terminal to
answer it, ends the app)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.browser_support import ROOT, free_port


def test_the_first_run_on_a_desktop_starts_the_app_without_a_prompt(tmp_path):
    home = tmp_path / "home"  # no ~/.streamlit/credentials.toml: a first run
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "DISPLAY": ":99", "DATA_DIR": str(tmp_path / "d")}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(free_port()),
    ]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    ) as app:  # fmt: skip
        output = ""
        deadline = time.monotonic() + 60
        try:
            while "You can now view" not in output and time.monotonic() < deadline:
                line = app.stdout.readline()
                if not line:
                    break
                output += line
            time.sleep(1)  # the prompt, if any, follows the address lines
            assert app.poll() is None, f"the app stopped:\n{output}"
        finally:
            app.terminate()
            output += app.communicate(timeout=10)[0]
    assert "You can now view" in output
    assert "Email" not in output, output
