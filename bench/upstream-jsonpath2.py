#!/usr/bin/env python3
"""Our own driver for the upstream jsonpath2 package (not upstream code).

Speaks the same --jsonl protocol as `pacifica-dispatcher jsonpath --jsonl`
(src/jsonpath/batch.ts), so the two engines can be compared line by line:

    in:  {"path": "<expression>", "doc": <any JSON>}
    out: {"ok": true, "matches": [{"path": "<tojsonpath>", "value": <value>}, ...]}
         {"ok": false, "error": "<exception type>: <message>"}

Usage:
    $PACIFICA_PYTHON bench/upstream-jsonpath2.py < batch.jsonl
    $PACIFICA_PYTHON bench/upstream-jsonpath2.py --time EVENT.json ROUTE.txt [REPEAT]
    $PACIFICA_PYTHON bench/upstream-jsonpath2.py --match ROUTE.txt EVENT.json

--match prints what `pacifica-dispatcher jsonpath ROUTE.txt EVENT.json`
prints: one {"path", "value"} line per match.
"""
import contextlib
import io
import json
import sys
import time

from jsonpath2.path import Path


def dumps(value):
    return json.dumps(value, ensure_ascii=False)


def handle(line, cache):
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return dumps({"ok": False, "error": "JSONDecodeError: %s" % error})
    if not isinstance(request, dict) or not isinstance(request.get("path"), str) or "doc" not in request:
        return dumps({"ok": False, "error": 'ProtocolError: expected {"path": <string>, "doc": <any JSON>}'})
    try:
        text = request["path"]
        if text not in cache:
            # ANTLR's console listener also prints each syntax error; keep stderr quiet.
            with contextlib.redirect_stderr(io.StringIO()):
                cache[text] = Path.parse_str(text)
        path = cache[text]
        matches = [{"path": m.node.tojsonpath(), "value": m.current_value} for m in path.match(request["doc"])]
        return dumps({"ok": True, "matches": matches})
    except Exception as error:  # upstream raises ValueError, TypeError, CallableSubscriptNotFoundError
        return dumps({"ok": False, "error": "%s: %s" % (type(error).__name__, error)})


def batch():
    cache = {}
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(handle(line, cache) + "\n")


def timing(event_file, route_file, repeat):
    with open(event_file, encoding="utf-8") as handle_:
        text = handle_.read()
    path = Path.parse_file(route_file)

    def best(fn):
        fastest = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            result = fn()
            fastest = min(fastest, time.perf_counter() - start)
        return fastest, result

    loads_s, doc = best(lambda: json.loads(text))
    match_s, count = best(lambda: sum(1 for _ in path.match(doc)))
    print(json.dumps({"json_loads_ms": loads_s * 1000, "match_ms": match_s * 1000, "matches": count,
                      "ratio": match_s / loads_s}))


def match(route_file, event_file):
    path = Path.parse_file(route_file)
    with open(event_file, encoding="utf-8") as handle_:
        doc = json.load(handle_)
    for found in path.match(doc):
        sys.stdout.write(dumps({"path": found.node.tojsonpath(), "value": found.current_value}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--match":
        match(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "--time":
        timing(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 20)
    else:
        batch()
