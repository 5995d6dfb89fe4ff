#!/usr/bin/python3
"""generate - (re)write corpus.json: every case of cases.py with the result
Python's Jinja2 gives (tattler's environment, see pyjinja.py).

Run with /usr/bin/python3 (Debian's python3-jinja2 and python3-humanize):
    /usr/bin/python3 tests/jinja/generate.py
The output is checked in; `ctest -R jinja.corpus` compares our engine with
it, `ctest -R jinja.differential` re-runs Python at test time.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cases  # noqa: E402
import pyjinja  # noqa: E402


def main():
    out = []
    for case in cases.CASES:
        c = dict(case)
        c["expect"] = pyjinja.render_case(case)
        out.append(c)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    errors = sum(1 for c in out if "error" in c["expect"])
    print(f"{len(out)} cases ({errors} error cases) written to {path}")


if __name__ == "__main__":
    main()
