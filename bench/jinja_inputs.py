#!/usr/bin/python3
"""jinja_inputs - write the benchmark's templates and context into a folder:
a tattler-style `_base` HTML layout with blocks (base.html), an e-mail body
that extends it with a 200-row table loop and filters (body.html), and the
context (context.json, with tattler's typed strings for dates).

    /usr/bin/python3 bench/jinja_inputs.py DIR [ROWS]
"""

import json
import os
import sys

BASE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{% block title %}Notification{% endblock %}</title>
<style>{% block style %}body { font-family: sans-serif; }{% endblock %}</style></head>
<body>
<div class="header">{% block header %}<h1>{{ notification_scope|upper }}</h1>{% endblock %}</div>
<div class="content">{% block content %}{% endblock %}</div>
<div class="footer">{% block footer %}Sent to {{ user_email }} &middot; id {{ notification_id }} &middot; {{ correlation_id }}{% endblock %}</div>
</body></html>
"""

BODY = """{% extends base_template %}
{% block title %}Your order {{ order.id }}{% endblock %}
{% block content %}
<p>Dear {{ user_firstname|title }},</p>
<p>Thank you for your order of {{ order.created.strftime('%d %B %Y') }}; it ships in {{ order.delay|humanize }}.</p>
<table>
<tr><th>#</th><th>Item</th><th>Qty</th><th>Price</th><th>Total</th></tr>
{% for row in order['rows'] %}
<tr class="{{ loop.cycle('odd', 'even') }}"><td>{{ loop.index }}</td><td>{{ row.name|e|truncate(30) }}</td><td>{{ row.qty }}</td><td>{{ '%.2f'|format(row.price) }}</td><td>{{ (row.qty * row.price)|round(2) }}</td></tr>
{% endfor %}
</table>
<p>Total: {{ order['rows']|sum(attribute='price')|round(2) }} {{ order.currency|default('CHF') }} for {{ order['rows']|length }} items{% if order.vip %} (VIP){% endif %}.</p>
<p>Tags: {{ order.tags|map('lower')|join(', ') }}</p>
{{ super() }}
{% endblock %}
"""


def context(rows):
    return {
        "user_firstname": "ada", "user_email": "ada@example.com",
        "notification_id": "abcdef123456", "correlation_id": "tattler:bench",
        "notification_scope": "shop",
        "order": {
            "id": 1001, "vip": True, "currency": "EUR",
            "created": "^tattler^datetime^2024-06-09T18:44:15",
            "delay": "^tattler^timedelta^P2D3600S0u",
            "tags": ["Fast", "Gift", "Fragile"],
            "rows": [{"name": f"Item <{i}> with a fairly long product name",
                      "qty": i % 7 + 1, "price": 3.5 + i * 0.25}
                     for i in range(rows)],
        },
    }


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "base.html"), "w") as f:
        f.write(BASE)
    with open(os.path.join(out, "body.html"), "w") as f:
        f.write(BODY)
    with open(os.path.join(out, "context.json"), "w") as f:
        json.dump(context(rows), f)


if __name__ == "__main__":
    main()
