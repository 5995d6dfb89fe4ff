"""test_metrics - GET /metrics of the real server.

The answer parses as Prometheus text (format 0.0.4, checked by a small
parser written here): every sample belongs to a family with HELP and TYPE,
label values are quoted, histogram buckets are cumulative and end with
+Inf equal to _count. Counters move after requests, routes are labelled by
template (never the raw path), and an SMTP outage shows as temporary
attempts and retries, then a delivery with its latency.
"""
import re
import time
import unittest

import harness
import smtp_support as smtp

TEMPLATES = {
    "app/hello/email/subject.txt": "Hello {{ n }}",
    "app/hello/email/body.txt": "Body {{ n }}\n",
}
USER = "zoe.doe@example.org"
PATH = "/notification/app/hello/?user=%s&mode=production" % USER
JSON = {"Content-Type": "application/json"}
EVENT_ROUTE = "/notification/{scope}/{event}/"

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_SAMPLE = re.compile(r"^(%s)(?:\{(.*)\})? (\S+)$" % _NAME)
_LABEL = re.compile(r'(%s)="((?:[^"\\]|\\.)*)"(,|$)' % _NAME)


def parse(text):
    """parse - {(name, frozenset(labels)): value} and {family: type};
    raises AssertionError on anything the format does not allow."""
    samples, types, helps = {}, {}, set()
    assert text.endswith("\n"), "text must end with a new line"
    for line in text.split("\n")[:-1]:
        if line.startswith("# HELP "):
            helps.add(line.split(" ")[2])
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram", "summary",
                            "untyped"), line
            assert name not in types, "family typed twice: " + name
            types[name] = kind
            continue
        m = _SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        name, label_text, value = m.groups()
        labels = []
        rest = label_text or ""
        while rest:
            lm = _LABEL.match(rest)
            assert lm, "bad labels: %r" % line
            labels.append((lm.group(1), lm.group(2)))
            rest = rest[lm.end():]
        family = re.sub(r"_(bucket|sum|count)$", "", name)
        family = family if family in types else name
        assert family in types and family in helps, "untyped: " + line
        samples[(name, frozenset(labels))] = float(value)
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def check_histograms(testcase, samples, types):
    """check_histograms - buckets cumulative, +Inf bucket == _count."""
    for family, kind in types.items():
        if kind != "histogram":
            continue
        series = {}
        for (name, labels), v in samples.items():
            if name != family + "_bucket":
                continue
            rest = frozenset(l for l in labels if l[0] != "le")
            le = dict(labels)["le"]
            series.setdefault(rest, []).append(
                (float("inf") if le == "+Inf" else float(le), v))
        for rest, buckets in series.items():
            buckets.sort()
            counts = [v for _, v in buckets]
            testcase.assertEqual(counts, sorted(counts), family)
            testcase.assertEqual(buckets[-1][0], float("inf"))
            testcase.assertEqual(
                counts[-1], samples[(family + "_count", rest)], family)


class Metrics(harness.CaptureServerCase):

    TEMPLATES = TEMPLATES


    def scrape(self):
        r = self.server.request("GET", "/metrics")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"),
                         "text/plain; version=0.0.4; charset=utf-8")
        samples, types = parse(r.body.decode("utf-8"))
        check_histograms(self, samples, types)
        return samples, types

    def scrape_until(self, done, timeout=30):
        """scrape_until - scrape until done(samples) holds or time is up."""
        deadline = time.monotonic() + timeout
        samples, _ = self.scrape()
        while not done(samples) and time.monotonic() < deadline:
            time.sleep(0.05)
            samples, _ = self.scrape()
        return samples

    def test_metrics_parse_as_prometheus_text(self):
        self.start()

        samples, types = self.scrape()

        self.assertEqual(types["tattler_http_requests_total"], "counter")
        self.assertEqual(types["tattler_delivery_latency_seconds"],
                         "histogram")
        self.assertEqual(types["tattler_outbox_jobs"], "gauge")
        self.assertEqual(value(samples, "tattler_outbox_up"), 1)

    def test_request_counters_move_by_route_template(self):
        self.start()
        before, _ = self.scrape()

        for n in range(3):
            self.server.request("POST", PATH, '{"n": %d}' % n, JSON)
        self.server.request("GET", "/no/such/path")
        self.server.request("GET", "/notification/app/")
        after, _ = self.scrape()

        def moved(**labels):
            return (value(after, "tattler_http_requests_total", **labels) -
                    value(before, "tattler_http_requests_total", **labels))
        self.assertEqual(moved(route=EVENT_ROUTE, method="POST",
                               status="200"), 3)
        self.assertEqual(moved(route="other", method="GET", status="404"), 1)
        self.assertEqual(moved(route="/notification/{scope}/",
                               method="GET", status="200"), 1)
        routes = {dict(labels).get("route") for (name, labels) in after
                  if name == "tattler_http_requests_total"}
        self.assertFalse(any("app" in r or "hello" in r for r in routes),
                         routes)

    def test_deliveries_and_outbox_jobs_are_counted(self):
        self.start()

        r = self.server.request("POST", PATH, '{"n": 1}', JSON)
        time.sleep(1.1)  # the outbox numbers are cached for a second
        samples, _ = self.scrape()

        self.assertEqual(r.json()[0]["detail"], "OK")
        self.assertEqual(value(samples, "tattler_delivery_attempts_total",
                               vector="email", outcome="delivered"), 1)
        self.assertEqual(value(samples, "tattler_outbox_jobs",
                               state="delivered"), 1)
        self.assertEqual(value(samples, "tattler_outbox_depth"), 0)
        self.assertEqual(value(samples, "tattler_delivery_latency_seconds"
                               "_count", vector="email"), 1)

    def test_smtp_outage_shows_as_retries(self):
        port = self.start_with_smtp_down()

        [line] = self.server.request("POST", PATH, '{"n": 1}', JSON).json()
        time.sleep(1.1)
        during, _ = self.scrape()
        with smtp.Peer(port=port) as peer:
            after = self.scrape_until(
                lambda s: value(s, "tattler_delivery_attempts_total",
                                vector="email", outcome="delivered") >= 1)

        self.assertEqual(line["resultCode"], 1)
        self.assertGreaterEqual(value(during, "tattler_outbox_depth"), 1)
        self.assertGreaterEqual(
            value(during, "tattler_delivery_attempts_total", vector="email",
                  outcome="temporary"), 1)
        self.assertGreaterEqual(
            value(after, "tattler_delivery_retries_total", vector="email"), 1)
        self.assertEqual(
            value(after, "tattler_delivery_attempts_total", vector="email",
                  outcome="delivered"), 1)
        self.assertEqual(value(after, "tattler_delivery_latency_seconds"
                               "_count", vector="email"), 1)
        self.assertEqual(
            value(after, "tattler_delivery_latency_seconds_bucket",
                  vector="email", le="0.5"), 0)  # it waited for the retry
        self.assertEqual(len(peer.messages), 1)

    def test_metrics_answers_get_only(self):
        self.start()

        r = self.server.request("POST", "/metrics", "")

        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "GET")


if __name__ == "__main__":
    unittest.main()
