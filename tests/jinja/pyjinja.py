"""pyjinja - render one corpus case with Python's Jinja2 the way tattler does.

Offers render_case(case) -> {"output": str} or {"error": "Type: message"}.
The environment is tattler's: Jinja2 defaults (autoescape off unless the
case asks), BaseLoader (or a DictLoader when the case names templates),
tattler's `humanize` filter, and the context decoded from tattler's
^tattler^ typed strings. Used by generate.py and differential.py; runs
under /usr/bin/python3 with Debian's python3-jinja2 and python3-humanize.

Limits: the base template is compiled in the same environment as the
child (tattler compiles it with a bare jinja2.Template, so |humanize in a
base fails there; our engine fixes that, and the corpus avoids it).
"""

import datetime
import re

import humanize
import jinja2

_DURATION = re.compile(r"P(?P<days>[0-9]+)D(?P<secs>[0-9]+)S(?P<micros>[0-9]+)u")


def decode(obj):
    """decode - tattler's decode_django_json, recursively."""
    if isinstance(obj, dict):
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    if not isinstance(obj, str) or not obj.startswith("^tattler^"):
        return obj
    if obj.startswith("^tattler^timedelta^"):
        m = _DURATION.match(obj[len("^tattler^timedelta^"):])
        if not m:
            raise ValueError("Not formatted as a valid tattler duration (invalid fields)")
        return datetime.timedelta(days=int(m["days"]), seconds=int(m["secs"]),
                                  microseconds=int(m["micros"]))
    if obj.startswith("^tattler^time^"):
        return datetime.time.fromisoformat(obj[len("^tattler^time^"):])
    if obj.startswith("^tattler^date^"):
        return datetime.date.fromisoformat(obj[len("^tattler^date^"):])
    if obj.startswith("^tattler^datetime^"):
        return datetime.datetime.fromisoformat(obj[len("^tattler^datetime^"):])
    return obj


def humanize_filter(value, format=None):
    """humanize_filter - tattler's `humanize` filter (format tested
    against None, as tattler does: '' is a format)."""
    if format is not None:
        fn = getattr(humanize, format, None)
        if fn is None:
            return value
        return fn(value)
    if isinstance(value, datetime.timedelta):
        return humanize.naturaldelta(value)
    if isinstance(value, datetime.datetime):
        return humanize.naturaltime(value)
    if isinstance(value, datetime.date):
        return humanize.naturaldate(value)
    return value


def render_case(case):
    """render_case - the expected result of one case."""
    try:
        templates = case.get("templates")
        loader = jinja2.DictLoader(templates) if templates else jinja2.BaseLoader()
        env = jinja2.Environment(loader=loader,
                                 autoescape=case.get("autoescape", False))
        env.filters["humanize"] = humanize_filter
        context = decode(case.get("context", {}))
        if "base" in case and "base_template" not in context:
            context["base_template"] = env.from_string(case["base"])
        tmpl = env.from_string(case["template"])
        return {"output": tmpl.render(**context)}
    except Exception as e:  # every Jinja2/Python error is an expected error
        return {"error": f"{type(e).__name__}: {e}"}
