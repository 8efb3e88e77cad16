#!/usr/bin/env python3
"""The measuring half of bench/devloop (the shell half sets the servers up).

    devloop_measure.py stamp                 copies stdin to stdout, each line
                                             prefixed with time.monotonic() and a tab
    devloop_measure.py edits ARGS...         the edits, alternating, and the report

A save's time is from just before the write to the first GET /ping whose body
is the new literal. A refused, reset or cut-short connection, or a response
cut short (http.client.IncompleteRead: Django's runserver drops its
connections as it restarts), counts as "not yet".

Phases: cpprustango's come from `runserver --timings` (its own clock, from
the first inotify event to the first answer forwarded to the new app);
"save to event + delivery" is what the client saw beyond that. Django's come
from its log lines, stamped as they were written (CLOCK_MONOTONIC, the
clock this script uses): the stat reloader noticing the change ("changed,
reloading"), the new process serving ("Starting development server"), then
the first answer.
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import sys
import time

PROG = "bench/devloop"
TIMEOUT = 120.0
OUR_PHASES = ["debounce", "ninja start+scan", "compile", "link", "start-up", "switch-over"]
DJANGO_PHASES = ["stat poll wait", "restart to serving", "first answer"]


def stamp():
    for line in sys.stdin:
        sys.stdout.write(f"{time.monotonic():.6f}\t{line}")
        sys.stdout.flush()


def get(port):
    """The body of GET /ping, or None when the server does not answer (restarting)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/ping")
        return connection.getresponse().read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        # Refused, reset, or cut short (IncompleteRead, RemoteDisconnected,
        # BadStatusLine): the server is restarting; not yet.
        return None
    finally:
        connection.close()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Log:
    """A server's log, read from where the last read stopped."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def skip_to_end(self):
        self.offset = os.path.getsize(self.path)

    def new_lines(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode("utf-8", "replace").splitlines()

    def tail(self, n=30):
        with open(self.path, errors="replace") as f:
            return "".join(f.readlines()[-n:])


TIMING_FIELD = re.compile(r"(debounce|ninja start\+scan|compile|link|start-up|switch-over|total) (\d+) ms")


class Ours:
    name = "cpprustango"
    phases = OUR_PHASES + ["save to event + delivery"]

    def __init__(self, path, port, log):
        self.path, self.port, self.log = path, port, Log(log)

    def replace(self, source, text):
        return re.subn(r'Response::text\("pong[^"]*"\)', f'Response::text("{text}")', source)

    def phases_of(self, saved, elapsed):
        """runserver --timings' line for this edit (printed before the answer left the proxy)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for line in self.log.new_lines():
                if line.startswith("timings: "):
                    fields = {name: int(ms) / 1000 for name, ms in TIMING_FIELD.findall(line)}
                    if "switch-over" not in fields or "total" not in fields:
                        continue  # no request finished that cycle: not this edit's
                    result = {name: fields.get(name, 0.0) for name in OUR_PHASES}
                    result["save to event + delivery"] = max(0.0, elapsed - fields["total"])
                    return result
            time.sleep(0.01)
        sys.exit(f"{PROG}: error: runserver --timings printed no timings for an edit; its log ends:\n{self.log.tail()}")


class Django:
    name = "django"
    phases = DJANGO_PHASES

    def __init__(self, path, port, log):
        self.path, self.port, self.log = path, port, Log(log)

    def replace(self, source, text):
        return re.subn(r'HttpResponse\("pong[^"]*"', f'HttpResponse("{text}"', source)

    def phases_of(self, saved, elapsed):
        noticed = serving = None
        for line in self.log.new_lines():
            stamp_text, _, rest = line.partition("\t")
            try:
                at = float(stamp_text)
            except ValueError:
                continue
            if noticed is None and "changed, reloading" in rest:
                noticed = at
            elif noticed is not None and serving is None and "Starting development server" in rest:
                serving = at
        if noticed is None or serving is None:
            sys.exit(f"{PROG}: error: Django's log does not show the reload of this edit; it ends:\n{self.log.tail()}")
        answered = saved + elapsed
        return {
            "stat poll wait": noticed - saved,
            "restart to serving": serving - noticed,
            "first answer": answered - serving,
        }


def edit_and_time(server, text):
    source = open(server.path).read()
    changed, count = server.replace(source, text)
    if count != 1:
        sys.exit(f"{PROG}: error: the /ping literal is not in {server.path}")
    server.log.skip_to_end()
    start = time.monotonic()
    with open(server.path, "w") as f:  # in place, as most editors save
        f.write(changed)
    while True:
        body = get(server.port)
        elapsed = time.monotonic() - start
        if body == text:
            return start, elapsed
        if elapsed > TIMEOUT:
            sys.exit(f"{PROG}: error: {server.name} did not serve {text!r} within {TIMEOUT:.0f} s; "
                     f"its log ends:\n{server.log.tail()}")
        time.sleep(0.005)


def load_average():
    return open("/proc/loadavg").read().split()[0]


def summary(samples, key):
    values = [s[key] for s in samples]
    return percentile(values, 50), percentile(values, 95)


def report(title, samples, servers):
    print(f"\n{title}")
    print(f"  {'':<34}{'p50':>9}{'p95':>9}{'min':>9}{'max':>9}")
    for server in servers:
        totals = [s["total"] for s in samples[server.name]]
        label = "cpprustango runserver" if server.name == "cpprustango" else "Django runserver"
        print(f"  {label:<34}" + "".join(f"{v:8.3f}s" for v in
                                         (percentile(totals, 50), percentile(totals, 95), min(totals), max(totals))))
        for phase in server.phases:
            p50, p95 = summary([s["phases"] for s in samples[server.name]], phase)
            print(f"    {phase:<32}{p50:8.3f}s{p95:8.3f}s")


def main(argv):
    parser = argparse.ArgumentParser(prog=f"{PROG} (measure)")
    parser.add_argument("--edits", type=int, required=True)
    parser.add_argument("--tsv", default="")
    parser.add_argument("--ours", nargs=3, metavar=("FILE", "PORT", "LOG"), required=True)
    parser.add_argument("--django", nargs=3, metavar=("FILE", "PORT", "LOG"), required=True)
    parser.add_argument("--django-version", required=True)
    parser.add_argument("--load-pgid", type=int, default=0,
                        help="a process group loading one core: stopped for idle rounds, continued for loaded ones")
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)

    servers = [Ours(args.ours[0], int(args.ours[1]), args.ours[2]),
               Django(args.django[0], int(args.django[1]), args.django[2])]
    conditions = ["idle", "loaded"] if args.load_pgid else ["idle"]
    samples = {c: {s.name: [] for s in servers} for c in conditions}
    loads = []

    def set_load(condition):
        if not args.load_pgid:
            return
        try:
            os.killpg(args.load_pgid, signal.SIGCONT if condition == "loaded" else signal.SIGSTOP)
        except ProcessLookupError:
            sys.exit(f"{PROG}: error: the load build stopped (its output is load.log; run with --keep to see it)")

    random.seed()
    rounds = (args.edits + 1) * len(conditions)
    for i in range(rounds):
        condition = conditions[i % len(conditions)]
        set_load(condition)
        order = servers if (i // len(conditions)) % 2 == 0 else servers[::-1]
        warm_up = i < len(conditions)
        for server in order:
            # A random pause first: Django's reloader looks at files once a
            # second, so the phase of each save against that poll is random, as
            # it is for a person saving.
            time.sleep(1.0 + random.random())
            text = f"pong {i} {random.randrange(10**9)}"
            saved, elapsed = edit_and_time(server, text)
            phases = server.phases_of(saved, elapsed)
            load = load_average()
            loads.append(float(load))
            label = "warm-up" if warm_up else f"edit {i // len(conditions):2}"
            detail = ", ".join(f"{name} {phases[name] * 1000:.0f} ms" for name in server.phases)
            tag = f" [{'loaded' if condition == 'loaded' else 'no load'}]" if args.load_pgid else ""
            print(f"    {label}{tag}  {server.name:<11} {elapsed:6.3f} s  (load {load}; {detail})", file=sys.stderr)
            if not warm_up:
                samples[condition][server.name].append({"total": elapsed, "phases": phases})
    set_load("idle")

    print(f"\nsave to first response with the new text, {args.edits} one-line edits of the /ping view per server"
          + (" and condition" if args.load_pgid else "") + f", alternating; load average {min(loads):.2f} to {max(loads):.2f}")
    results = {}
    for condition in conditions:
        title = {"idle": "without added load" if args.load_pgid else "results (p50/p95 per phase below each server)",
                 "loaded": "while one other build loads a core"}[condition]
        report(title, samples[condition], servers)
        ours = percentile([s["total"] for s in samples[condition]["cpprustango"]], 50)
        theirs = percentile([s["total"] for s in samples[condition]["django"]], 50)
        results[condition] = (ours, theirs)

    ok = True
    print()
    for condition in conditions:
        ours, theirs = results[condition]
        ratio = ours / theirs
        passed = ratio <= 0.5
        ok = ok and (passed or condition == "loaded")
        where = "" if not args.load_pgid else f" ({'no added load' if condition == 'idle' else 'loaded'})"
        print(f"ratio p50 ours/Django{where}: {ours:.3f} s / {theirs:.3f} s = {ratio:.2f} "
              f"(target <= 0.50): {'PASS' if passed else 'FAIL'}")
    if args.load_pgid:
        idle, loaded = results["idle"][0], results["loaded"][0]
        passed = loaded / idle <= 1.3
        ok = ok and passed
        print(f"ours loaded/unloaded p50: {loaded:.3f} s / {idle:.3f} s = {loaded / idle:.2f} "
              f"(target <= 1.30): {'PASS' if passed else 'FAIL'}")

    if args.tsv:
        ours, theirs = results["idle"]
        ours95 = percentile([s["total"] for s in samples["idle"]["cpprustango"]], 95)
        theirs95 = percentile([s["total"] for s in samples["idle"]["django"]], 95)
        peer = f"Django {args.django_version} runserver"
        with open(args.tsv, "a") as f:
            f.write(f"devloop_p50\tsave to new response, p50\ts\t{ours}\t{theirs}\t{peer}\tlower\t{theirs * 0.5}\n")
            f.write(f"devloop_p95\tsave to new response, p95\ts\t{ours95}\t{theirs95}\t{peer}\tlower\t\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"samples": samples, "loads": loads}, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "stamp":
        stamp()
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "edits":
        sys.exit(main(sys.argv[2:]))
    sys.exit(f"usage: {sys.argv[0]} stamp | edits ...")
