"""cases - the inputs of the Jinja2 corpus (expectations: generate.py).

Each case: id, template, optional context (JSON, with ^tattler^ typed
strings), base (becomes `base_template`), templates (name -> source, for
include/extends by name), autoescape. Grouped by topic; ids are
<topic>-<n>.
"""

CASES = []
_counts = {}


def add(topic, template, context=None, **extra):
    """add - one case under `topic`."""
    _counts[topic] = _counts.get(topic, 0) + 1
    case = {"id": f"{topic}-{_counts[topic]}", "template": template}
    if context is not None:
        case["context"] = context
    case.update(extra)
    CASES.append(case)


def exprs(topic, expressions, context=None):
    """exprs - one case per expression, printed with {{ }}."""
    for e in expressions:
        add(topic, "{{ " + e + " }}", context)


# --- text, whitespace control, comments, raw ------------------------------
add("text", "plain text")
add("text", "line\n")
add("text", "line\n\n")
add("text", "a\r\nb\rc\n")
add("text", "  {{- 'x' -}}  ")
add("text", "a  {%- if true %} b {% endif -%}  c")
add("text", "x{# comment #}y")
add("text", "x {#- comment -#} y")
add("text", "{% raw %}{{ not evaluated }}{% endraw %}")
add("text", "a {%- raw -%} {{ x }} {%- endraw -%} b")
add("text", "{{ '{{' }} and {{ '}}' }}")
add("text", "{% if true %}\nyes\n{% endif %}\n")
add("text", "{%+ if true %}x{% endif %}")
add("text", "{{ {'a': {'b': 1}} }}")
add("text", "{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}")
add("text", "{{- ' a ' -}}\n\n")
add("text", "tab\there {{ 'é' }} ünï")
add("text", "{#\nmulti\nline\n#}after")

# --- literals and printing ---------------------------------------------------
exprs("literal", [
    "42", "-7", "1_000_000", "0x1F", "0o17", "0b101", "3.14", "1.0", "1e3",
    "1.5e-7", "1e16", "1e22", "0.1 + 0.2", "1/3", "2.5e-5", "123456789.123",
    "'single'", '"double"', "'it\\'s'", '"say \\"hi\\""', "'a' 'b' \"c\"",
    "'tab\\tnew\\nline'", "'\\u00e9\\x41'", "none", "None", "true", "True",
    "false", "False", "[]", "[1, 2, 3]", "[1, 'a', none, true, 2.5]",
    "(1, 2)", "(1,)", "()", "{}", "{'a': 1, 'b': [1, 2]}",
    "['it\\'s', \"q\\\"d\"]", "[['nested', ('t', 1)], {}]",
    "{'k': none, 'f': 1.0}", "[1.5, -0.0, 100.0]",
    "'x' ~ 1 ~ none ~ true", "1, 2", "-0.0", "1e-7", "12345678901234567.0",
])

# --- arithmetic ---------------------------------------------------------------
exprs("arith", [
    "1 + 2", "7 - 10", "6 * 7", "7 / 2", "6 / 3", "7 // 2", "-7 // 2",
    "7 // -2", "7 % 3", "-7 % 3", "7 % -3", "2 ** 10", "2 ** -1", "2 ** 3 ** 2",
    "-2 ** 2", "(-2) ** 2", "7.5 // 2", "-7.5 // 2", "7.5 % 2", "-7.5 % 2",
    "1 + 2.5", "10 / 4", "3 * 'ab'", "'ab' * 3", "[1] * 3", "[1, 2] + [3]",
    "'a' + 'b'", "1 + 2 * 3 - 4 / 2", "(1 + 2) * 3", "true + 1", "-(3)",
    "+5", "10 - -2", "2 * 0.1", "0.1 * 3", "1e308 * 10", "-1e308 * 10",
    "9007199254740993", "2 ** 62", "-(2 ** 62)", "5 // 0.5", "1 - 0.9",
    "100 * 1.1", "3 % 0.7", "abs(-3)" if False else "(-3)|abs",
])

# --- comparison and logic ------------------------------------------------------
exprs("logic", [
    "1 == 1.0", "1 != 2", "'a' < 'b'", "2 > 10", "2 <= 2", "3 >= 4",
    "1 < 2 < 3", "1 < 3 < 2", "[1, 2] == [1, 2]", "[1, 2] < [1, 3]",
    "(1, 2) == [1, 2]", "{'a': 1} == {'a': 1}", "none == none",
    "true == 1", "'a' in 'cat'", "'z' not in 'cat'", "2 in [1, 2]",
    "'k' in {'k': 1}", "not true", "not 0", "not ''", "not []",
    "true and 'yes'", "0 and 'yes'", "'' or 'default'", "'x' or 'y'",
    "none or 0 or []", "1 if true else 2", "1 if false else 2",
    "'a' if 0", "('x' if none else 'y') ~ '!'", "not 1 == 2",
    "1 in [1.0]", "'ab' < 'abc'", "'B' < 'a'", "not not 'x'",
])

# --- variables and attribute access ------------------------------------------------
ctx_vars = {
    "user": {"name": "Ada", "tags": ["x", "y"], "address": {"city": "Bern"},
             "items": "shadowed"},
    "n": 5, "f": 2.5, "s": "Hello World", "empty": "", "lst": [3, 1, 2],
    "none": None, "flag": True, "nested": [[1, 2], [3, 4]],
}
exprs("vars", [
    "user.name", "user['name']", "user.address.city", "user['address']['city']",
    "user.tags[0]", "user.tags[-1]", "user.tags.1", "user.missing",
    "user.missing is defined", "missing", "missing is undefined",
    "nested[1][0]", "lst[1:]", "lst[::-1]", "lst[:2]", "s[0]", "s[-5:]",
    "s[::2]", "s[1:4]", "n + f", "flag", "empty", "none", "lst|length",
    "user|length", "user.get('name')", "user.get('nope', 'dflt')",
    "user.keys()|list", "user.values()|list|length", "lst[5]",
    "user.tags[1:]", "user['tags']|join('-')", "s|length", "n * lst[0]",
    "(user.name ~ '!')|upper",
], ctx_vars)

# --- string methods ------------------------------------------------------------------
exprs("strmethod", [
    "'Hello'.upper()", "'Hello'.lower()", "'  pad  '.strip()",
    "'xxhixx'.strip('x')", "'  l'.lstrip()", "'r  '.rstrip()",
    "'a,b,c'.split(',')", "'a b  c'.split()", "'a,b,c'.split(',', 1)",
    "'a,b,c'.rsplit(',', 1)", "'hello'.replace('l', 'L')",
    "'hello'.replace('l', 'L', 1)", "'hello'.startswith('he')",
    "'hello'.endswith(('x', 'lo'))", "'hello'.find('l')", "'hello'.rfind('l')",
    "'hello'.count('l')", "'-'.join(['a', 'b'])", "'{} and {}'.format(1, 'two')",
    "'{0}{1}{0}'.format('a', 'b')", "'{name}!'.format(name='Ada')",
    "'{:>6}|{:<6}|{:^6}'.format('r', 'l', 'c')", "'{:.2f}'.format(3.14159)",
    "'{:,}'.format(1234567)", "'{:05d}'.format(42)", "'{:x}'.format(255)",
    "'{:+.1e}'.format(12345.678)", "'{:.1%}'.format(0.256)",
    "'hello world'.title()", "'hello World'.capitalize()", "'ab'.center(6, '*')",
    "'7'.zfill(3)", "'abc'.isalpha()", "'123'.isdigit()", "'ABC'.isupper()",
    "'Hello'.swapcase()", "'a\\nb'.splitlines()", "'x'.ljust(3) ~ '|'",
    "'x'.rjust(3)", "\"they're\".title()", "'über'.upper()",
])

# --- filters on text ----------------------------------------------------------------
exprs("ftext", [
    "'hello'|upper", "'HeLLo'|lower", "'hello world'|capitalize",
    "'hello WORLD-wide (test) x'|title", "'hi'|center(10)", "'hi'|center",
    "'<a href=\"x\">&</a>'|e", "'<b>'|escape", "'<b>'|safe",
    "'%s=%d'|format('x', 42)", "'%(a)s/%(b)s'|format(a=1, b=2)",
    "'%5.1f|%-5s|%05d'|format(2.345, 'ab', 42)", "'%x %o %r'|format(255, 8, 'q')",
    "'aXbXc'|replace('X', '-')", "'aaa'|replace('a', 'b', 2)",
    "'  trim me  '|trim", "'xxtrimxx'|trim('x')",
    "'line1\\nline2\\n\\nline4'|indent", "'a\\nb'|indent(2, true)",
    "'a\\n\\nb'|indent(width='> ', blank=true)",
    "'The quick brown fox jumps over the lazy dog'|truncate(20)",
    "'The quick brown fox jumps over the lazy dog'|truncate(20, true)",
    "'The quick brown fox jumps over the lazy dog'|truncate(20, end='…')",
    "'short'|truncate(10)", "'exactly 12 c'|truncate(9)",
    "'one two  three, four'|wordcount",
    "'The quick brown fox jumps over the lazy dog'|wordwrap(12)",
    "'aaaaaaaaaaaaaaaaaaaaaaa bbb'|wordwrap(10)",
    "'word word word'|wordwrap(5, wrapstring='<br>')",
    "'a b&c/d é'|urlencode", "{'a': 'x y', 'b': '&'}|urlencode",
    "[('k', 'v 1'), ('q', 2)]|urlencode",
    "'<p>Hello <b>World</b></p>  <!-- c -->  &amp; more'|striptags",
    "'x'|string ~ 1|string", "42|string|length",
    "{'class': 'btn', 'id': none, 'title': 'a\"b'}|xmlattr",
    "'ÀÉÎÕÜ ÇÑ'|lower", "'àéîõü çñ ß'|upper", "'ĀĒĪŌŪ łŁ'|lower",
    "'αβγ ΑΒΓ'|upper", "'привет мир'|upper", "'ПРИВЕТ'|lower",
    "'élan vital'|title", "'ǆemal'|capitalize", "'ΌΣΟΣ'|lower",
    "'i̇stanbul'|upper", "'ÿ'|upper",
])

# --- filters on numbers and values -------------------------------------------------
exprs("fnum", [
    "-5|abs", "-2.5|abs", "'42'|int", "'42.9'|int", "'abc'|int",
    "'abc'|int(7)", "'0x1A'|int(0, 16)", "'101'|int(base=2)", "3.99|int",
    "'3.5'|float", "'x'|float", "'x'|float(1.5)", "7|float", "true|int",
    "2.5|round", "3.5|round", "2.675|round(2)", "1.2345|round(2, 'floor')",
    "1.2341|round(2, 'ceil')", "42|round", "-2.5|round", "1234.5|round(-2)",
    "0.5|round", "1.5|round", "100|filesizeformat", "1|filesizeformat",
    "1000|filesizeformat", "123456789|filesizeformat",
    "123456789|filesizeformat(true)", "1e30|filesizeformat",
    "none|default('d')", "missing|default('d')", "missing|d('d')",
    "''|default('d')", "''|default('d', true)", "0|default(5, boolean=true)",
    "[1, 'a', none]|tojson", "{'b': 1, 'a': [true, none]}|tojson",
    "'<\\'&>'|tojson", "'é'|tojson", "{'a': 1.5}|tojson(2)",
    "[]|tojson", "'x'|attr('upper')|string|length > 0",
    "1.0|string", "1e100|string", "0.000001|string",
    "[3, 1, 2]|pprint",
])

# --- filters on sequences --------------------------------------------------------------
people = {"people": [
    {"name": "bob", "age": 30, "city": "Bern"},
    {"name": "Alice", "age": 25, "city": "bern"},
    {"name": "carol", "age": 35, "city": "Zurich"},
    {"name": "dave", "age": 25, "city": "Basel"},
], "words": ["b", "A", "c", "a", "B"], "nums": [3, 1, 4, 1, 5, 9, 2, 6],
    "d": {"b": 2, "A": 3, "c": 1}}
exprs("fseq", [
    "nums|first", "nums|last", "nums|length", "nums|count", "nums|sum",
    "nums|max", "nums|min", "nums|sort", "nums|sort(reverse=true)",
    "nums|unique|list", "nums|reverse|list", "words|sort", "words|sort(case_sensitive=true)",
    "words|unique|list", "words|unique(case_sensitive=true)|list", "words|max",
    "words|min", "words|join", "words|join(', ')", "people|map(attribute='name')|join(',')",
    "people|map(attribute='name')|map('upper')|join(',')",
    "people|sort(attribute='age')|map(attribute='name')|join(',')",
    "people|sort(attribute='name')|map(attribute='name')|list",
    "people|sum(attribute='age')", "people|max(attribute='age')",
    "people|min(attribute='age')", "people|selectattr('age', 'gt', 26)|map(attribute='name')|list",
    "people|rejectattr('age', 'equalto', 25)|map(attribute='name')|list",
    "nums|select('odd')|list", "nums|reject('odd')|list",
    "nums|select('gt', 3)|list", "nums|select|list", "[0, 1, '', 'a', none]|select|list",
    "nums|batch(3)|list", "nums|batch(3, 0)|list", "nums|slice(3)|list",
    "nums|slice(3, 'x')|list", "d|dictsort", "d|dictsort(true)",
    "d|dictsort(by='value')", "d|dictsort(reverse=true)", "d|items|list",
    "d|list", "'abc'|list", "'abc'|reverse", "people|map(attribute='city')|unique|list",
    "people|join(', ', attribute='name')", "nums|map('string')|join('')",
    "[1, 2]|map('int')|sum", "range(5)|list", "range(2, 10, 3)|list",
    "range(5, 0, -2)|list", "nums|sum(start=10)", "[[1], [2, 3]]|sum(start=[])",
    "people|groupby('age')|map(attribute='grouper')|list",
    "people|map(attribute='missing', default='?')|list",
    "[]|first is undefined", "words|first|upper",
    "{'a': 1}|length", "nums|sort|first", "nums|sort|last",
], people)
add("fseq", "{% for g in people|groupby('city') %}{{ g.grouper }}:"
    "{{ g.list|map(attribute='name')|join('/') }};{% endfor %}", people)
add("fseq", "{% for city, ps in people|groupby('city', case_sensitive=true) %}"
    "{{ city }}={{ ps|length }} {% endfor %}", people)
add("fseq", "{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}", people)
add("fseq", "{% for row in nums|batch(3, '-') %}[{{ row|join(' ') }}]{% endfor %}",
    people)

# --- tests ---------------------------------------------------------------------------------
exprs("tests", [
    "x is defined", "x is undefined", "none is none", "1 is none",
    "1 is number", "1.5 is number", "'1' is number", "true is number",
    "'s' is string", "1 is string", "2 is even", "3 is odd", "3 is even",
    "9 is divisibleby 3", "9 is divisibleby(4)", "9 is not divisibleby 4",
    "1 is integer", "1.0 is integer", "1.0 is float", "{} is mapping",
    "[] is mapping", "[] is iterable", "'x' is iterable", "5 is iterable",
    "[] is sequence", "true is boolean", "1 is boolean", "true is true",
    "1 is true", "false is false", "1 is eq 1", "1 is ne 2", "1 is lt 2",
    "2 is le 2", "3 is gt 2", "3 is ge 4", "2 is in [1, 2]", "'ab' is lower",
    "'AB' is upper", "'Ab' is upper", "range is callable", "1 is callable",
    "'upper' is filter", "'nope' is filter", "'odd' is test",
    "none is sameas none", "1 is sameas 1", "'<b>'|safe is escaped",
    "'<b>' is escaped", "x is not defined", "(1 is odd) and (2 is even)",
    "4 is even and 5 is odd", "2.0 is even",
])

# --- if / for / set / with -------------------------------------------------------------------
ctl = {"items": ["a", "b", "c"], "pairs": {"x": 1, "y": 2}, "n": 3,
       "tree": [{"name": "root", "children": [{"name": "leaf1", "children": []},
                                             {"name": "leaf2", "children": [
                                                 {"name": "deep", "children": []}]}]}],
       "empty": []}
add("ctl", "{% if n > 2 %}big{% elif n > 1 %}mid{% else %}small{% endif %}", ctl)
add("ctl", "{% if n > 5 %}big{% elif n > 1 %}mid{% else %}small{% endif %}", ctl)
add("ctl", "{% if n > 5 %}big{% elif n > 4 %}mid{% else %}small{% endif %}", ctl)
add("ctl", "{% if missing %}y{% else %}n{% endif %}", ctl)
add("ctl", "{% if items %}has{% endif %}{% if empty %}none{% endif %}", ctl)
add("ctl", "{% for i in items %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}"
    "{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }} {% endfor %}", ctl)
add("ctl", "{% for i in items %}{{ loop.cycle('odd', 'even') }} {% endfor %}", ctl)
add("ctl", "{% for i in empty %}x{% else %}nothing{% endfor %}", ctl)
add("ctl", "{% for i in missing %}x{% else %}nothing{% endfor %}", ctl)
add("ctl", "{% for k, v in pairs.items() %}{{ k }}={{ v }} {% endfor %}", ctl)
add("ctl", "{% for k in pairs %}{{ k }}{% endfor %}", ctl)
add("ctl", "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}", ctl)
add("ctl", "{% for (a, b), c in [((1, 2), 3)] %}{{ a }}{{ b }}{{ c }}{% endfor %}", ctl)
add("ctl", "{% for i in range(10) if i is odd %}{{ i }}{{ loop.last }} {% endfor %}", ctl)
add("ctl", "{% for i in items %}{{ loop.previtem is defined }}{{ loop.nextitem|default('-') }} {% endfor %}", ctl)
add("ctl", "{% for c in 'héllo' %}[{{ c }}]{% endfor %}", ctl)
add("ctl", "{% for row in [[1, 2], [3]] %}{% for x in row %}{{ loop.index }}{{ x }}{% endfor %}|{% endfor %}", ctl)
add("ctl", "{% for x in [1, 2] %}{% for y in [3, 4] %}{{ loop.index }}{% endfor %}{{ loop.index }} {% endfor %}", ctl)
add("ctl", "{% for node in tree recursive %}{{ node.name }}{% if node.children %}({{ loop(node.children) }}){% endif %}{% endfor %}", ctl)
add("ctl", "{% for node in tree recursive %}{{ loop.depth }}{{ node.name }} {{ loop(node.children) }}{% endfor %}", ctl)
add("ctl", "{% set x = 1 %}{% for i in items %}{% set x = x + 1 %}{% endfor %}{{ x }}", ctl)
add("ctl", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", ctl)
add("ctl", "{% set t = (1, 2) %}{{ t }} {{ t[0] }}", ctl)
add("ctl", "{% set block %}inner {{ n }}{% endset %}[{{ block }}]", ctl)
add("ctl", "{% set s | upper %}shout {{ n }}{% endset %}{{ s }}", ctl)
add("ctl", "{% set s | trim | replace(' ', '_') %}  a b  {% endset %}{{ s }}", ctl)
add("ctl", "{% with a = 1, b = n %}{{ a + b }}{% endwith %}{{ a is defined }}", ctl)
add("ctl", "{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}", ctl)
add("ctl", "{% if true %}{% set inner = 'set in if' %}{% endif %}{{ inner }}", ctl)
add("ctl", "{% filter upper %}hello {{ n }}{% endfilter %}", ctl)
add("ctl", "{% filter center(11)|replace(' ', '.') %}mid{% endfilter %}", ctl)
add("ctl", "{% for i in items %}{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}", ctl)
add("ctl", "{% for i in range(3) %}{{ i }}{% endfor %}", ctl)
add("ctl", "{{ range(3)|list }}{{ range(0)|list }}", ctl)
add("ctl", "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}", ctl)
add("ctl", "{% set j = joiner('|') %}{% for i in items %}{{ j() }}{{ i }}{% endfor %}", ctl)
add("ctl", "{{ dict(a=1, b='x') }}", ctl)
add("ctl", "{% for i in items %}{{ i }}{% endfor %}{{ i is defined }}", ctl)
add("ctl", "{% if n is odd %}odd{% endif %}", ctl)
add("ctl", "{%- for i in items -%}\n  {{ i }}\n{%- endfor -%}", ctl)
add("ctl", "{% for i in items %}{{ loop.changed is defined }}{% endfor %}", ctl)
add("ctl", "{% set x = items|length > 2 %}{{ x }}", ctl)
add("ctl", "{% set d = {'k': [1, 2]} %}{{ d.k|sum }}", ctl)
add("ctl", "{% autoescape true %}{{ '<x>' }}{% endautoescape %}{{ '<x>' }}", ctl)
add("ctl", "{% print 'printed' %}", ctl)

# --- macros and call blocks ------------------------------------------------------------------
add("macro", "{% macro hi(name) %}Hi {{ name }}!{% endmacro %}{{ hi('Ada') }}")
add("macro", "{% macro f(a, b=2, c='c') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ f(1) }} {{ f(1, 3) }} {{ f(1, c='z') }}")
add("macro", "{% macro f(a) %}[{{ a }}]{% endmacro %}{{ f() }}")
add("macro", "{% macro f() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, x=3) }}")
add("macro", "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}{% call wrap() %}inside{% endcall %}")
add("macro", "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(item) each([1, 2]) %}<{{ item }}>{% endcall %}")
add("macro", "{% macro rec(n) %}{{ n }}{% if n > 0 %}{{ rec(n - 1) }}{% endif %}{% endmacro %}{{ rec(3) }}")
add("macro", "{% set g = 'global' %}{% macro m() %}{{ g }}{% endmacro %}{{ m() }}")
add("macro", "{% macro m(x) %}{{ x * 2 }}{% endmacro %}{{ m(4)|int + 1 }}")
add("macro", "{% macro m() %}x{% endmacro %}{{ m }}")
add("macro", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}")
add("macro", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}")
add("macro", "{% macro input(name, value='', type='text') -%}\n<input type=\"{{ type }}\" name=\"{{ name }}\" value=\"{{ value|e }}\">\n{%- endmacro %}{{ input('user', 'a<b') }}")
add("macro", "{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}")
add("macro", "{% macro outer() %}{{ caller('x') }}{% endmacro %}{% call(v) outer() %}got {{ v }}{% endcall %}")

# --- inheritance and includes ------------------------------------------------------------------
BASE = ("<html><head><title>{% block title %}Default{% endblock %}</title></head>"
        "<body>{% block body %}base body{% endblock %}|{% block footer %}(c) {{ year }}{% endblock %}</body></html>")
add("inherit", "{% extends base_template %}{% block title %}Child{% endblock %}", {"year": 2024}, base=BASE)
add("inherit", "{% extends base_template %}{% block body %}{{ super() }} + more{% endblock %}", {"year": 2024}, base=BASE)
add("inherit", "{% extends base_template %}", {"year": 2024}, base=BASE)
add("inherit", "ignored {% extends base_template %}{% block footer %}F{% endblock %} ignored", {"year": 1}, base=BASE)
add("inherit", "{% extends base_template %}{% set year = 1999 %}{% block footer %}{{ year }}{% endblock %}", {"year": 1}, base=BASE)
add("inherit", "{% extends base_template %}{% block title %}{{ self_title|default('T') }}{% endblock %}", {}, base=BASE)
add("inherit", "{% extends base_template %}{% block body %}{% for i in [1, 2] %}{{ i }}{% endfor %}{% endblock %}", {}, base=BASE)
add("inherit", "Hello {{ user_name }}", {"user_name": "X"}, base=BASE)
add("inherit", "{{ base_template is defined }}", {}, base=BASE)
add("inherit", "{% extends base_template %}{% block body %}{% block inner %}I{% endblock %}{% endblock %}", {}, base=BASE)
add("inherit", "{% extends 'layout' %}{% block c %}child {{ super() }}{% endblock %}",
    templates={"layout": "[{% block c %}layout{% endblock %}]"})
add("inherit", "{% extends 'mid' %}{% block c %}C{{ super() }}{% endblock %}",
    templates={"mid": "{% extends 'top' %}{% block c %}M{{ super() }}{% endblock %}",
               "top": "<{% block c %}T{% endblock %}>"})
add("inherit", "a {% include 'part' %} b", {"x": 7}, templates={"part": "part {{ x }}"})
add("inherit", "{% for x in [1, 2] %}{% include 'part' %}{% endfor %}", {}, templates={"part": "({{ x }})"})
add("inherit", "{% include 'missing' ignore missing %}ok", {}, templates={"other": ""})
add("inherit", "{% extends base_template %}{% block body %}{{ super() }}{{ super() }}{% endblock %}", {"year": 3}, base=BASE)
add("inherit", "{% extends base_template %}{% block title %}{% endblock %}", {}, base="{% block title %}x{% endblock %}{% block title2 %}y{% endblock %}")
add("inherit", "{% extends base_template %}{% macro m() %}M{% endmacro %}{% block t %}{{ m() }}{% endblock %}", {}, base="[{% block t %}{% endblock %}]")
add("inherit", "{{ 'x' }}{% extends base_template %}", {}, base="base")

# --- autoescape -----------------------------------------------------------------------------------
ae = {"html": "<b>bold</b> & 'q'", "n": 3}
add("escape", "{{ html }}", ae, autoescape=True)
add("escape", "{{ html|safe }}", ae, autoescape=True)
add("escape", "{{ html|e }}", ae, autoescape=True)
add("escape", "{{ html ~ '<i>' }}", ae, autoescape=True)
add("escape", "{{ n }} {{ none }}", ae, autoescape=True)
add("escape", "{% macro m() %}<p>{{ html }}</p>{% endmacro %}{{ m() }}", ae, autoescape=True)
add("escape", "{% set x %}<i>{{ html }}</i>{% endset %}{{ x }}", ae, autoescape=True)
add("escape", "{% autoescape false %}{{ html }}{% endautoescape %}", ae, autoescape=True)
add("escape", "{{ [html]|join(', ') }}", ae, autoescape=True)
add("escape", "{{ html }}", ae)
add("escape", "{{ html|e }}", ae)
add("escape", "{{ '<>'|forceescape|safe }}", ae)
add("escape", "{{ {'a': html}|tojson }}", ae, autoescape=True)

# --- datetime values ---------------------------------------------------------------------------------
dt = {"when": "^tattler^datetime^2024-01-02T03:04:05", "aware": "^tattler^datetime^2024-01-02T03:04:05+02:00",
      "later": "^tattler^datetime^2024-03-01T00:00:00", "day": "^tattler^date^2024-02-29",
      "t": "^tattler^time^13:45:30.250000", "delta": "^tattler^timedelta^P2D3600S0u",
      "small": "^tattler^timedelta^P0D8763S0u", "micro": "^tattler^timedelta^P0D0S500000u",
      "frac": "^tattler^datetime^2024-01-02T03:04:05.123456"}
exprs("dt", [
    "when", "aware", "day", "t", "delta", "small", "micro", "frac",
    "later - when", "when - later", "day - day", "when + delta", "day + delta",
    "delta * 2", "delta + small", "delta - small", "delta / 2", "-delta",
    "delta // small", "when.year", "when.month", "when.day", "when.hour",
    "when.minute", "when.second", "frac.microsecond", "delta.days",
    "delta.seconds", "delta.total_seconds()", "when.date()", "when.time()",
    "when.weekday()", "day.isoweekday()", "when.isoformat()", "aware.isoformat()",
    "when.strftime('%Y/%m/%d %H:%M')", "day.strftime('%d %B %Y (%A)')",
    "when < later", "when == when", "[when]", "{'d': day}", "[delta, t]",
    "'{:%Y-%m}'.format(when)", "delta|humanize", "small|humanize",
    "micro|humanize", "day|humanize", "when|string",
    "12345591313|humanize('intword')", "1234567|humanize('intcomma')",
    "1234567.891|humanize('intcomma')", "3|humanize('ordinal')",
    "11|humanize('ordinal')", "5|humanize('apnumber')", "12|humanize('apnumber')",
    "3000000|humanize('naturalsize')", "0.3|humanize('fractional')",
    "1.5|humanize('fractional')", "0.000123|humanize('scientific')",
    "'x'|humanize", "5|humanize", "5|humanize('nosuchfunction')",
    "day|humanize('naturalday')", "3600|humanize('naturaldelta')",
    "1000000|humanize('intword')", "999|humanize('intword')",
], dt)

# --- errors: Jinja2 raises, so must we ----------------------------------------------------------------
for tmpl in [
    "{% if %}", "{% if x %}unclosed", "{% for x in %}{% endfor %}",
    "{% for x %}{% endfor %}", "{{ }}", "{{ x", "{{ x }", "{% endif %}",
    "{% foo %}", "{{ x|nosuchfilter }}", "{{ x is nosuchtest }}",
    "{% block a %}{% endblock %}{% block a %}{% endblock %}",
    "{% block a %}{% endblock b %}", "{{ 'unterminated }}", "{# open comment",
    "{% raw %}never closed", "{{ 1 + }}", "{{ (1, 2 }}", "{{ [1, 2 }}",
    "{{ {'a' 1} }}", "{% set %}", "{% set 1 = 2 %}", "{% macro %}{% endmacro %}",
    "{% for x in y %}{% endif %}", "{{ a.b.c }}", "{{ missing.attr }}",
    "{{ missing() }}", "{{ 1 / 0 }}", "{{ 1 // 0 }}", "{{ 1 % 0 }}",
    "{{ 'a' + 1 }}", "{{ 1 + 'a' }}", "{{ none.x }}", "{{ [1][5].x }}",
    "{{ 1 < 'a' }}", "{{ 'a' * 'b' }}", "{% extends 'nothere' %}",
    "{% include 'nothere' %}", "{% extends missing %}", "{{ 5() }}",
    "{{ 'x'|round }}", "{{ 1 in 5 }}", "{{ 5|length }}",
    "{% for a, b in [1, 2] %}{% endfor %}", "{% for a, b in [(1, 2, 3)] %}{% endfor %}",
    "{{ 'x'|truncate(1) }}", "{{ range(1, 2, 0) }}", "{{ x|round(2, 'up') }}",
    "{{ super() }}", "{% extends base_template %}{% extends base_template %}",
    "{{ [1, 2]|dictsort }}", "{{ -'a' }}", "{{ 'a' is divisibleby 2 }}",
    "{{ '%d'|format('x') }}", "{{ '%s %s'|format('x') }}", "{{ '{}'.format() }}",
    "{{ '{0'.format(1) }}", "{{ x.y }}", "{{ 1 if }}", "{% with %}{% endwith %}",
    "{% call missing() %}x{% endcall %}", "{{ loop.index }}",
    "{% for i in [1] %}{{ loop() }}{% endfor %}", "{{ [1] + 'a' }}",
    "{{ 'abc'[1:2:0] }}",
]:
    add("error", tmpl, {"x": 1}, base="base")
add("error", "{{ day - when }}", dt)
add("error", "{{ aware - when }}", dt)
add("error", "{{ aware < when }}", dt)
add("error", "{{ t + delta }}", dt)
add("error", "{{ delta|humanize('intword') }}", dt)

# --- tattler-style templates ---------------------------------------------------------------------------
tattler_ctx = {"user_firstname": "Ada", "user_email": "ada@example.com",
               "correlation_id": "tattler:1234", "notification_id": "abcdef123456",
               "notification_mode": "debug", "user_id": 42, "user_sms": 41791112233,
               "order": {"id": 1001, "total": 99.9, "items": [
                   {"sku": "A1", "qty": 2, "price": 10.5},
                   {"sku": "B2", "qty": 1, "price": 78.9}]},
               "amount": 1234567.891, "event_name": "order_shipped",
               "due": "^tattler^datetime^2024-06-09T18:44:15.157049",
               "wait": "^tattler^timedelta^P0D1200S0u"}
add("tattler", "Dear {{ user_firstname }},\n\nyour order #{{ order.id }} has shipped.\n", tattler_ctx)
add("tattler", "{% for it in order['items'] %}{{ it.sku }} x{{ it.qty }} = {{ '%.2f'|format(it.qty * it.price) }}\n{% endfor %}Total: {{ order.total }}", tattler_ctx)
add("tattler", "ID {{ notification_id }} mode={{ notification_mode }} user={{ user_id }} sms={{ user_sms }}", tattler_ctx)
add("tattler", "Amount: {{ amount|humanize('intcomma') }} / {{ amount|round(1) }}", tattler_ctx)
add("tattler", "Due {{ due }} ({{ due.strftime('%d.%m.%Y') }}), wait {{ wait }} = {{ wait|humanize }}", tattler_ctx)
add("tattler", "{{ event_name|replace('_', ' ')|title }}", tattler_ctx)
add("tattler", "{% extends base_template %}{% block content %}Hi {{ user_firstname }}{% endblock %}",
    tattler_ctx, base="<html><body>{% block content %}{% endblock %}<p>{{ correlation_id }}</p></body></html>\n")
add("tattler", "<table>{% for it in order['items'] %}<tr class=\"{{ loop.cycle('odd', 'even') }}\"><td>{{ it.sku|e }}</td><td>{{ it.price }}</td></tr>{% endfor %}</table>", tattler_ctx)
add("tattler", "{{ order['items']|map(attribute='sku')|join(', ') }}; {{ order['items']|sum(attribute='qty') }} items", tattler_ctx)
add("tattler", "Subject: {{ 'Your order' if order.total > 50 else 'Order' }} {{ order.id }}\n", tattler_ctx)

# --- edge cases: whitespace, scoping, printing, argument checking -------------------------------
add("edge", "a\n  {%- if true -%}\n  b\n  {%- endif -%}\n  c\n")
add("edge", "x   \n{{- 1 }}\n\n{{ 2 -}}   \n\ny")
add("edge", "{% for i in [1, 2] -%}\n{{ i }}\n{%- endfor %}")
add("edge", "{% for x in [1] %}{% endfor %}[{{ x }}]")
add("edge", "{% set x = 0 %}{% for i in [1, 2] %}{% set x = x + i %}{{ x }}{% endfor %}|{{ x }}")
add("edge", "{% macro m(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ m(3) }}")
add("edge", "{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b=5, c=7) m() %}{{ a }}{{ b }}{{ c }}{% endcall %}")
add("edge", "{% extends base_template %}{% set title = 'T' %}{% block b %}{{ title }}{% endblock %}", base="<{% block b %}{% endblock %}>")
add("edge", "{% extends base_template %}{% block b %}{% for i in [1, 2] %}{{ i }}{% endfor %}{% endblock %}", base="{% for j in [0] %}{% block b %}{% endblock %}{% endfor %}")
exprs("edge", [
    "['a\\nb', \"'\", '\"\\'']", "['é', '\\x00', '\\u2028', '\\\\']", "{'k\\'ey': 'v'}",
    "none|string", "true|lower", "1 ~ 2", "-1|abs", "not 1 in [1]", "1 if 2 > 1",
    "(1, 2) + (3,)", "'abc'[::-1]", "range(3)|sum", "[1, 2]|map('string')|join",
    "1/7", "2/3", "-1.5e-5", "5e-324", "1.7976931348623157e308", "10 / 3 * 3",
    "-0.5|round", "'%.3e'|format(12345.6789)", "'%g|%G'|format(0.00001234, 1e20)",
    "'%s' % none", "'%s and %s' % (1, 'a')", "'%s' % [1, 2]", "'%%'|format()",
    "'%5s|%-5s|%+d|% d'|format('a', 'b', 3, 4)", "'%.1f%%'|format(12.345)",
    "'abc'|center(2)", "[3, 1, 2]|sort|join(',')", "['b', 'A']|sort(case_sensitive=true)",
    "1e15", "1.5e15", "123456789012345.6", "1e16 + 1", "0.0001", "0.00001",
    "100.0 / 3", "2 ** 0.5", "4 ** 0.5", "(-8) ** 2", "10 % 3.5", "True + True",
    "'a' < 'B'", "[1, [2, 3]] == [1, [2, 3]]", "'x' ~ [1, 'y']", "{'a': 1}.items()|list",
    "x|default('d')", "undefined_thing|default(none) is none", "''|length",
    "[none, 0, false]|select('none')|list", "[1, 2, 3]|select('divisibleby', 2)|list",
    "[1, 2, 3]|reject('in', [2])|list", "'Hello'|list|join('-')", "'a b'|split",
    "'x,y'.split(',')|length", "'ÄÖÜ'|length", "'ÄÖÜ'[1]", "'ÄÖÜ'|reverse",
    "'ÀB'.lower()", "'  x  '|trim|length", "'A Title Case'.title()",
    "'%s'|format('x', 'y')", "'{}'.format(1.0)", "'{:g}'.format(1e-5)", "'{!r}'.format('q')",
    "'{:>+8.2f}'.format(-3.14159)", "'{:*^9}'.format('mid')", "'{:08.3f}'.format(-1.5)",
    "'{:,.2f}'.format(1234567.891)", "'{:_d}'.format(1000000)", "'{:b}'.format(10)",
    "'{0[1]}'.format([5, 6])" if False else "'{:e}'.format(0.0)",
    "3|float|string", "'3.0'|int", "' 42 '|int", "'1_000'|int", "'1e3'|int", "'-7.9'|int",
    "'inf'|float", "'nan'|float|string", "'1e400'|float", "none|int", "[1]|int(9)",
    "1.23456|round(3)", "1234.5678|round(-1)", "15|round(-1)", "25|round(-1)",
    "2.5|round(0, 'floor')", "-2.5|round(0, 'ceil')", "1e20|round(2)",
], {"x": None})
for tmpl in [
    "{{ 'x'|upper(1) }}", "{{ 'x'|upper(foo=1) }}", "{{ [1]|join(',', 'a', 'b') }}",
    "{{ 'x'|default(1, 2, 3) }}", "{{ 1|round(1, 'common', 3) }}", "{{ 'x'|center(1, 2) }}",
    "{{ 'abc'|truncate(foo=1) }}", "{{ [1, 'a']|sort }}", "{{ [1, 'a']|max }}",
    "{{ 'x'.upper(1) }}", "{{ 'x'.nosuchmethod() }}", "{{ x.y.z }}", "{% extends %}", "{% block %}{% endblock %}",
    "{% for %}{% endfor %}", "{% macro m(a=1, b) %}{% endmacro %}",
    "{% set x = 1 %}{{ x.y.z }}", "{{ 'abc' % 1 }}", "{{ '%d' % 'x' }}",
    "{% for i in 5 %}{% endfor %}", "{{ 1 + none }}", "{{ none + 1 }}", "{{ [] < 1 }}",
    "{{ {}|first|upper }}", "{{ range(3)[5].x }}", "{{ 'x'|int(base=99) }}",
]:
    add("error2", tmpl)

# --- mutation, as Python does it ------------------------------------------------------------------
add("mutate", "{% set l = [] %}{{ l.append(1) }}{% set _ = l.append(2) %}{{ l }}")
add("mutate", "{% set l = [1] %}{% set m = l %}{% set _ = m.append(2) %}{{ l }}")
add("mutate", "{% set l = [3, 1] %}{{ l.pop() }}{{ l }}{{ l.extend([7, 8]) }}{{ l }}{{ l.insert(0, 'a') }}{{ l }}{{ l.pop(0) }}")
add("mutate", "{% set d = {'a': 1} %}{{ d.update({'b': 2}) }}{{ d.setdefault('c', 3) }}{{ d.setdefault('a', 9) }}{{ d.pop('b') }}{{ d }}")
add("mutate", "{% set seen = [] %}{% for x in [1, 2, 1, 3] %}{% if x not in seen %}{% set _ = seen.append(x) %}{% endif %}{% endfor %}{{ seen }}")
add("mutate", "{% set l = [1, 2] %}{% for x in l %}{% set _ = l.append(x) if l|length < 6 %}{% endfor %}{{ l }}")
add("mutate", "{{ items.append(4) }}{{ items }}", {"items": [1, 2, 3]})
add("mutate", "{% set l = [] %}{{ l.pop() }}")
add("mutate", "{% set d = {} %}{{ d.pop('x') }}")

# --- tattler's humanize filter: format tested against None; type errors -----------------------
# exact_error: our message (after "name:line:col: ") must be Python's (after "Type: ").
hz = {"delta": "^tattler^timedelta^P1D0S0u", "day": "^tattler^date^2024-01-02",
      "when": "^tattler^datetime^2024-01-02T03:04:05", "t": "^tattler^time^01:02:03",
      "l": [1], "d": {"a": 1}, "n": None, "s": "abc"}
for e in ["delta|humanize('')", "day|humanize('')", "5|humanize('')", "delta|humanize(format='')",
          "delta|humanize(none)", "delta|humanize", "'x'|humanize('')"]:
    add("humanize-format", "{{ " + e + " }}", hz)
for e in ["delta|humanize(5)", "delta|humanize(['intword'])", "delta|humanize(missing)"]:
    add("humanize-format", "{{ " + e + " }}", hz, exact_error=True)
for fn in ["naturalsize", "metric"]:
    for v in ["n", "l", "d", "when", "day", "t", "delta", "s", "(1, 2)", "missing"]:
        add("humanize-type", "{{ %s|humanize('%s') }}" % (v, fn), hz, exact_error=True)
for fn in ["intword", "intcomma", "ordinal", "fractional", "scientific", "naturaldelta",
           "precisedelta", "apnumber", "naturalday"]:
    add("humanize-type", "{{ missing|humanize('%s') }}" % fn, hz, exact_error=True)

# --- undefined values where Jinja2 raises: "'<name>' is undefined" or Python's TypeError --------
for e in ["missing|int", "missing|float", "missing|float(1.5)", "missing|int(7)", "missing|indent",
          "missing|wordwrap", "missing|xmlattr", "missing|dictsort", "missing|filesizeformat",
          "missing|abs", "missing|round", "missing.x", "missing['x']", "missing()", "missing + 1",
          "-missing", "missing.upper()", "missing < 1", "range(missing)", "missing|humanize('intword')"]:
    add("undefined-use", "{{ " + e + " }}", exact_error=True)
add("undefined-use", "{% with a = missing %}{{ a|int }}{% endwith %}", exact_error=True)
add("undefined-use", "{% for x in missing.y %}{% endfor %}", exact_error=True)
for e in ["missing|upper", "missing|default('d')", "missing is defined", "missing|length",
          "missing ~ 'a'", "missing|string", "missing|list"]:
    add("undefined-use", "{{ " + e + " }}")

# --- filters printed straight into the output, alone and chained ---------------------------------
pr = {"x": "a <b> & 'c' \"d\" with a rather long tail of words", "n": 2.675, "m": -0.001,
      "u": "héllo wörld, ça va très bien aujourd'hui", "i": 7, "s": "<i>safe</i>"}
exprs("printers", [
    "x|e", "x|e|e", "x|e|truncate(20)", "x|truncate(20)|e", "x|e|truncate(20)|e",
    "x|truncate(200)", "x|e|truncate(200)", "u|truncate(12)", "u|e|truncate(12, true)",
    "u|truncate(12, end='…')", "x|truncate(20, leeway=0)", "x|truncate(5)",
    "'%s-%s'|format(1, 2)|e", "'%(a)s'|format(a=1)", "'%.2f'|format(n)", "'%.0f'|format(n)",
    "'%.3f|%5.1f|%-6.2f|%+.1f'|format(n, n, n, n)", "'%f'|format(i)", "'%.2f'|format(true)",
    "'%.2f'|format(m)", "'%s'|format([1, 2])", "'%s'|format((1, 2))", "x|e|format",
    "n|round(2)", "n|round", "m|round(2)", "i|round(2)", "1e20|round(2)", "0.00001234|round(8)",
    "123456789.123456789|round(9)", "n|round(2, 'floor')", "n|round(2)|e", "(i * n)|round(2)",
    "n|round(1)|truncate(3)", "s|safe|e", "s|safe|e|truncate(7)", "i|e", "none|e|truncate(9)",
], pr)
add("printers", "{{ x|e|truncate(20) }}|{{ '%.2f'|format(n) }}|{{ n|round(1) }}", pr, autoescape=True)
add("printers", "{% extends base_template %}{{ x|e|truncate(9) }}{% block b %}{{ x|e|truncate(9) }}{% endblock %}",
    pr, base="[{% block b %}{% endblock %}]")
