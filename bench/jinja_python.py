#!/usr/bin/python3
"""jinja_python - Python Jinja2's side of bench/jinja.sh: compile the body and
the base once (tattler's environment: humanize filter, typed strings
decoded), render N times, print the same line as `tattler_jinja --bench`.

    /usr/bin/python3 bench/jinja_python.py N body.html context.json base.html
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "jinja"))

import jinja2  # noqa: E402
import pyjinja  # noqa: E402


def main():
    n = int(sys.argv[1])
    with open(sys.argv[2]) as f:
        body = f.read()
    with open(sys.argv[3]) as f:
        ctx = pyjinja.decode(json.load(f))
    with open(sys.argv[4]) as f:
        base = f.read()
    env = jinja2.Environment(loader=jinja2.BaseLoader())
    env.filters["humanize"] = pyjinja.humanize_filter
    ctx["base_template"] = env.from_string(base)
    tmpl = env.from_string(body)
    out = ""
    start = time.process_time()  # CPU time: the machine may be shared
    for _ in range(n):
        out = tmpl.render(**ctx)
    us = (time.process_time() - start) * 1e6
    print(f"renders={n} bytes={len(out.encode())} us_per_render={us / n:.2f}")


if __name__ == "__main__":
    main()
