#!/usr/bin/python3
"""differential - render every corpus case with Python's Jinja2 now and with
our engine (tattler_jinja --batch), and fail on any difference.

    /usr/bin/python3 tests/jinja/differential.py BIN/tattler_jinja corpus.json

A case where Jinja2 raises must be an error with our engine too (with the
same message when the case says exact_error); otherwise the outputs must be
equal byte for byte.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pyjinja  # noqa: E402


def error_message(text):
    """error_message - our error without its "name:line:col: " prefix."""
    if text is None:
        return None
    m = re.match(r"^.*?:\d+:\d+: ", text)
    return text[m.end():] if m else text


def main():
    engine, corpus = sys.argv[1], sys.argv[2]
    with open(corpus, encoding="utf-8") as f:
        cases = json.load(f)
    proc = subprocess.run([engine, "--batch", corpus], capture_output=True,
                          timeout=300, check=False)
    if proc.returncode != 0:
        print(proc.stderr.decode(errors="replace"))
        return 1
    ours = {r["id"]: r for r in json.loads(proc.stdout)}
    failed = 0
    for case in cases:
        want = pyjinja.render_case(case)
        got = ours.get(case["id"], {})
        if "error" in want and case.get("exact_error"):
            same = error_message(got.get("error")) == want["error"].split(": ", 1)[-1]
        elif "error" in want:
            same = "error" in got
        else:
            same = got.get("output") == want["output"]
        if not same:
            failed += 1
            print(f"DIFF {case['id']}: {json.dumps(case['template'])}\n"
                  f"  jinja2: {json.dumps(want, ensure_ascii=False)}\n"
                  f"  ours:   {json.dumps(got, ensure_ascii=False)}")
    print(f"{len(cases) - failed}/{len(cases)} cases agree with Python Jinja2")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
