#!/usr/bin/env python3
"""delivery_compare.py -- submission and queue runs, smcf against the real
sendmail 8.17 and against the physical floor, side by side in one run, in
the corpus's pinned environment (tests/conformance/corpus/sendmail-bt;
needs root and sendmail-bin).

  python3 bench/delivery_compare.py [--smcf build/smcf] [--floor build/bench/commit_floor]
                                    [--messages 2000] [--run 2000] [--repeat 3]

submit  N messages of 4 KB, one process per message as MUAs do (-odq,
        generic-linux.cf, every message fsynced as the queue needs):
        messages/s of commit_floor (a program that only does the commit's
        writes, fsyncs and rename), smcf and sendmail, and the ratios.
run     a queue of --run messages (queued by smcf), run once by `smcf -q`
        and once, from an identical copy, by `sendmail -qf`; the local
        mailer is /bin/true, so the mailer costs the same for both.
        Both queues must end empty.
Each figure is the median of --repeat runs, the order of the programs
alternating between runs; the spread (min-max) is printed too.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "tests", "conformance", "corpus")
PIN = os.path.join(CORPUS, "sendmail-bt")


def pinned(cf, script):
    p = subprocess.run([PIN, "--exec", "-M", os.path.join(CORPUS, "configs", "etc-mail"), cf, "--", "sh", "-c", script],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=3600)
    return p.stdout.decode("latin-1")


def timed_loop(cf, n, command, qdir):
    """Seconds for n runs of `command` (with $i the loop index), timed inside the pinned environment."""
    script = ('rm -rf %s; mkdir -p %s; s=$(date +%%s%%N); i=0; while [ $i -lt %d ]; do %s || exit 1; '
              'i=$((i+1)); done; e=$(date +%%s%%N); echo "T $(( (e - s) / 1000 ))"' % (qdir, qdir, n, command))
    out = pinned(cf, script)
    for line in out.splitlines():
        if line.startswith("T "):
            return int(line[2:]) / 1e6
    raise SystemExit("run failed: %s\n%s" % (command, out[-2000:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smcf", default=os.path.join(ROOT, "build", "smcf"))
    ap.add_argument("--floor", default=os.path.join(ROOT, "build", "bench", "commit_floor"))
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--run", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    smcf, floor = os.path.abspath(a.smcf), os.path.abspath(a.floor)
    work = tempfile.mkdtemp(prefix="smcf-bench-")
    try:
        msg = os.path.join(work, "message")
        with open(msg, "w") as f:
            f.write("Subject: bench\nFrom: alice@mx.test.example\n\n")
            f.write(("x" * 63 + "\n") * 64)  # 4 KB body
        cf = os.path.join(work, "bench.cf")
        with open(cf, "wb") as out:
            subprocess.run(["sh", os.path.join(ROOT, "tests", "deliver", "make-cf.sh"), "/bin/true"], stdout=out,
                           check=True)
        q = os.path.join(work, "q")
        commands = {
            "floor": "%s %s BENCH$i < %s" % (floor, q, msg),
            "smcf": "%s -C /etc/mail/bench.cf -odq -OQueueDirectory=%s -f alice bob < %s" % (smcf, q, msg),
            "sendmail": "/usr/sbin/sendmail -C /etc/mail/bench.cf -odq -OQueueDirectory=%s -f alice bob < %s" % (q, msg),
        }
        times = {k: [] for k in commands}
        order = list(commands)
        for r in range(a.repeat):
            for name in (order if r % 2 == 0 else list(reversed(order))):
                times[name].append(timed_loop(cf, a.messages, commands[name], q))
        rate = {k: a.messages / statistics.median(v) for k, v in times.items()}
        print("submit: %d messages of 4 KB, one process each, fsynced (median of %d)" % (a.messages, a.repeat))
        for k in order:
            print("  %-9s %8.0f msg/s   (%.2f-%.2f s)" % (k, rate[k], min(times[k]), max(times[k])))
        print("  smcf / floor time: %.2fx    sendmail / smcf time: %.2fx" %
              (rate["floor"] / rate["smcf"], rate["smcf"] / rate["sendmail"]))

        # Queue runs over identical copies of one queue.
        base = os.path.join(work, "runq")
        timed_loop(cf, a.run, commands["smcf"].replace(q, base), base)
        run_times = {"smcf": [], "sendmail": []}
        for r in range(a.repeat):
            for name in (["smcf", "sendmail"] if r % 2 == 0 else ["sendmail", "smcf"]):
                copy = os.path.join(work, "run-" + name)
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(base, copy)
                prog = "%s -C /etc/mail/bench.cf -OQueueDirectory=%s -q" % (smcf, copy) if name == "smcf" else \
                    "/usr/sbin/sendmail -C /etc/mail/bench.cf -OQueueDirectory=%s -qf" % copy
                out = pinned(cf, 's=$(date +%%s%%N); %s; e=$(date +%%s%%N); echo "T $(( (e - s) / 1000 ))"' % prog)
                t = [int(l[2:]) / 1e6 for l in out.splitlines() if l.startswith("T ")][0]
                left = len([f for f in os.listdir(copy) if f.startswith("qf")])
                if left:
                    raise SystemExit("%s -q left %d messages queued" % (name, left))
                run_times[name].append(t)
        rr = {k: a.run / statistics.median(v) for k, v in run_times.items()}
        print("run: a queue of %d messages, local mailer /bin/true (median of %d)" % (a.run, a.repeat))
        for k in ("smcf", "sendmail"):
            print("  %-9s %8.0f msg/s   (%.2f-%.2f s)" % (k, rr[k], min(run_times[k]), max(run_times[k])))
        print("  smcf / sendmail: %.2fx" % (rr["smcf"] / rr["sendmail"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
