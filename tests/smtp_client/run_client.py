#!/usr/bin/env python3
"""run_client.py -- the SMTP client of `smcf -q` against fault_peer.py on
127.0.0.1: what it sends, and what each answer (or silence, or a dropped
connection) does to the message.

  run_client.py SMCF TESTS_DIR [SCENARIO ...]

Each scenario has a scratch queue and the pinned machine of the other
suites (tests/pinned_machine.py) with generic-linux.cf, its local mailer a
capture script (as tests/faults/ has it: bounces to the local sender are
recorded there) and every [IPC] mailer's A= given the peer's port.  A
message from alice to bob@[127.0.0.1] (and carol@[127.0.0.1] where two
recipients are wanted) is queued with -odq, then `smcf -q` runs with
short Timeout.* values against a peer told how to misbehave, and the
checks are: the commands and message bytes the peer got; whether the
message is still queued, with which status in its qf; the bounce the
sender got (it names the host and quotes its reply); that a later run
against a healthy peer delivers it exactly once; that no run takes
longer than its timeouts plus a margin.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))
import fault_peer  # noqa: E402
import run_faults  # noqa: E402

TIMEOUTS = ["-OTimeout.iconnect=2s", "-OTimeout.connect=2s", "-OTimeout.initial=2s", "-OTimeout.helo=2s",
            "-OTimeout.mail=2s", "-OTimeout.rcpt=2s", "-OTimeout.datainit=2s", "-OTimeout.datablock=2s",
            "-OTimeout.datafinal=2s", "-OTimeout.quit=2s"]
# The longest a run may take: one stage's timeout, a few more for the
# QUIT after it, and the start of smcf.
RUN_LIMIT = 10.0


class ClientRig(run_faults.Rig):
    def __init__(self, smcf, tests, work, port):
        super().__init__(smcf, tests, work)
        cf = None
        for a in self.base:
            if a.startswith("/etc/mail/faults.cf="):
                cf = a.split("=", 1)[1]
        self.cf = cf
        # The pinned hosts file, and a name for the peer.
        i = self.base.index("--hosts-file")
        hosts = os.path.join(work, "hosts")
        with open(hosts, "w") as f:
            f.write(open(self.base[i + 1]).read() + "127.0.0.1\tpeer.test.example peer\n")
        self.base[i + 1] = hosts
        self.set_port(port)

    def set_port(self, port):
        text = open(self.cf).read()
        text = re.sub(r"^(\s+A=(?:TCP|IPC) \$h)(?: \d+)?$", r"\g<1> %d" % port, text, flags=re.M)
        open(self.cf, "w").write(text)

    def use_mailer(self, name):
        """Address literals go to mailer `name` instead of esmtp."""
        text = open(self.cf).read()
        text = text.replace("$#esmtp $@ [$2] $: $1 < @ [$2] > $3", "$#%s $@ [$2] $: $1 < @ [$2] > $3" % name, 1)
        open(self.cf, "w").write(text)

    def queue_message(self, tag, rcpts, body=None, headers="", args=()):
        msg = body if body is not None else self.message(tag, 200, headers)
        p = subprocess.run(self.base + ["-odq", "-oi", "-f", "alice"] + list(args) + rcpts, input=msg, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=self.env, timeout=60)
        return p.returncode, p.stdout.decode("latin-1")

    def run_q(self, flag="-qf"):
        start = time.monotonic()
        p = subprocess.run(self.base + TIMEOUTS + [flag], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=self.env, timeout=120)
        return p.returncode, time.monotonic() - start, p.stdout.decode("latin-1")

    def qf_texts(self):
        return [open(os.path.join(self.queue, f), "rb").read().decode("latin-1")
                for f in sorted(os.listdir(self.queue)) if f.startswith("qf")]


SUBJECT_RE = re.compile(r"^Subject: (.*?)\r?$", re.M)
BOUNCE_SUBJECT = "Returned mail: see transcript for details"
LOCAL = "[127.0.0.1]"


def bob(n=1, host=LOCAL):
    return ["bob@%s" % host, "carol@%s" % host][:n]


# name, peer spec, recipients, expectation, extra checks.
#   expect: "sent" (everything delivered, queue empty), "queued" (the
#   message is still queued: `status` must be in its qf's M line, and a
#   second run against a healthy peer delivers it exactly once) or
#   "bounced" (the sender got a bounce holding each of `bounce`, the queue
#   is empty).  `commands`: the exact commands the first peer got;
#   `left`: recipients still queued after the first run (queued only).
SCENARIOS = [
    dict(name="ok", spec={}, n=1, expect="sent",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*", "RCPT To:<bob@[127.0.0.1]>",
                   "DATA", "QUIT"]),
    dict(name="two-recipients", spec={}, n=2, expect="sent",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*", "RCPT To:<bob@[127.0.0.1]>",
                   "RCPT To:<carol@[127.0.0.1]>", "DATA", "QUIT"]),
    dict(name="helo-fallback", spec={"ehlo": "500 5.5.1 Command unrecognized: \"EHLO\""}, n=1, expect="sent",
         commands=["EHLO mx.test.example", "HELO mx.test.example", "MAIL From:<alice@mx.test.example>",
                   "RCPT To:<bob@[127.0.0.1]>", "DATA", "QUIT"]),
    dict(name="no-size", spec={"ehlo": "250 peer.test.example"}, n=1, expect="sent",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example>", "RCPT To:<bob@[127.0.0.1]>",
                   "DATA", "QUIT"]),
    dict(name="dot-stuffing", spec={}, n=1, expect="sent", body=".\n.leading dot\n..two\nlast\n"),
    # BODY=8BITMIME: the message's own body type (-B8BITMIME at submission).
    dict(name="8bitmime", spec={}, n=1, expect="sent", body="caf\xe9 au lait\n", eight=True, args=["-B8BITMIME"],
         headers="MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n"),
    dict(name="8bit-not-mime", spec={}, n=1, expect="sent", body="caf\xe9 au lait\n", eight=False),
    dict(name="smtp-no-esmtp", spec={"greeting": "220 peer.test.example SMTP ready"}, n=1, expect="sent",
         mailer="smtp", commands=["HELO mx.test.example", "MAIL From:<alice@mx.test.example>",
                                  "RCPT To:<bob@[127.0.0.1]>", "DATA", "QUIT"]),
    dict(name="smtp-esmtp-greeting", spec={}, n=1, expect="sent", mailer="smtp",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*", "RCPT To:<bob@[127.0.0.1]>",
                   "DATA", "QUIT"]),
    dict(name="helo-421", spec={"ehlo": "421 4.3.0 Go away"}, n=1, expect="queued",
         status="Deferred: 421 4.3.0 Go away"),
    dict(name="loops-back", spec={"ehlo": "250-mx.test.example Hello|250 SIZE"}, n=1, expect="bounced",
         bounce=["553 5.3.5 [127.0.0.1] config error: mail loops back to me (MX problem?)",
                 "554 5.3.5 Local configuration error"]),
    dict(name="dsn-offered", spec={"ehlo": "250-peer.test.example|250-DSN|250 SIZE"}, n=1, expect="sent",
         args=["-Nsuccess,failure", "-Rhdrs", "-Vmy-envid"],
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=* ENVID=my-envid RET=HDRS",
                   "RCPT To:<bob@[127.0.0.1]> NOTIFY=SUCCESS,FAILURE", "DATA", "QUIT"]),
    dict(name="dsn-not-offered", spec={}, n=1, expect="sent", args=["-Nsuccess", "-Vmy-envid"], receipt=True,
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*", "RCPT To:<bob@[127.0.0.1]>",
                   "DATA", "QUIT"]),
    dict(name="too-large", spec={"ehlo": "250-peer.test.example|250 SIZE 100"}, n=1, expect="bounced",
         commands=["EHLO mx.test.example", "QUIT"], bounce=["552 5.3.4 Message is too large; 100 bytes max",
                                                             "Status: 5.3.4"]),
    # After the message is accepted, QUIT's fate does not matter.
    dict(name="quit-drop", spec={"quit": "drop"}, n=1, expect="sent"),
    dict(name="quit-hang", spec={"quit": "hang"}, n=1, expect="sent"),
    dict(name="mailer-max-size", spec={}, n=2, expect="bounced", mailer_opts="M=100",
         commands=[], bounce=["552 5.3.4 Message is too large; 100 bytes max\n554 5.0.0 Service unavailable\n"
                              "552 5.3.4 Message is too large; 100 bytes max\n554 5.0.0 Service unavailable\n"]),
    # Without ENHANCEDSTATUSCODES offered, a reply's "5.7.1" is not taken.
    dict(name="rcpt-550-no-enhanced", spec={"ehlo": "250-peer.test.example|250 SIZE",
                                            "rcpt": "550 5.7.1 <bob@[127.0.0.1]>... Denied"}, n=1,
         expect="bounced", bounce=["Status: 5.1.1", "<<< 550 5.7.1 <bob@[127.0.0.1]>... Denied"]),
    dict(name="greeting-421", spec={"greeting": "421 4.3.2 Service shutting down"}, n=1, expect="queued",
         status="Deferred: 421 4.3.2 Service shutting down", commands=["QUIT"]),
    dict(name="greeting-554", spec={"greeting": "554 5.3.2 No service here"}, n=1, expect="bounced",
         bounce=["... while talking to [127.0.0.1]:", "<<< 554 5.3.2 No service here",
                 "554 5.0.0 Service unavailable"]),
    dict(name="mail-451", spec={"mail": "451 4.3.0 Try later"}, n=1, expect="queued",
         status="Deferred: 451 4.3.0 Try later"),
    dict(name="mail-553", spec={"mail": "553 5.1.8 Sender domain rejected"}, n=1, expect="bounced",
         bounce=["... while talking to [127.0.0.1]:", ">>> MAIL From:<alice@mx.test.example> SIZE=",
                 "<<< 553 5.1.8 Sender domain rejected"]),
    dict(name="rcpt-450", spec={"rcpt": "450 4.2.1 Mailbox busy"}, n=1, expect="queued",
         status="Deferred: 450 4.2.1 Mailbox busy",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*", "RCPT To:<bob@[127.0.0.1]>",
                   "QUIT"]),
    dict(name="rcpt-550", spec={"rcpt": "550 5.1.1 <bob@[127.0.0.1]>... User unknown"}, n=1, expect="bounced",
         bounce=["... while talking to [127.0.0.1]:", ">>> RCPT To:<bob@[127.0.0.1]>",
                 "<<< 550 5.1.1 <bob@[127.0.0.1]>... User unknown", "550 5.1.1 bob@[127.0.0.1]... User unknown",
                 "Status: 5.1.1", "Remote-MTA: DNS; [127.0.0.1]", "Diagnostic-Code: SMTP; 550 5.1.1 <bob@[127.0.0.1]>... User unknown"]),
    dict(name="rcpt-550-multiline", spec={"rcpt": "550-5.7.1 first line|550 5.7.1 <bob@[127.0.0.1]>... Denied"}, n=1,
         expect="bounced", bounce=["<<< 550-5.7.1 first line", "<<< 550 5.7.1 <bob@[127.0.0.1]>... Denied",
                                   "Status: 5.7.1"]),
    dict(name="rcpt-mixed-5xx", spec={"rcpt1": "550 5.1.1 <bob@[127.0.0.1]>... User unknown"}, n=2,
         expect="bounced", delivered_too=True,
         bounce=[">>> RCPT To:<bob@[127.0.0.1]>", "550 5.1.1 bob@[127.0.0.1]... User unknown"],
         not_in_bounce=["carol@[127.0.0.1]... User unknown"]),
    dict(name="rcpt-mixed-4xx", spec={"rcpt1": "452 4.2.2 Mailbox full"}, n=2, expect="queued",
         status="Deferred: 452 4.2.2 Mailbox full", left=["bob@[127.0.0.1]"], delivered_too=True),
    dict(name="data-451", spec={"data": "451 4.3.0 No DATA now"}, n=1, expect="queued",
         status="Deferred: 451 4.3.0 No DATA now"),
    dict(name="data-554", spec={"data": "554 5.5.0 No DATA ever"}, n=1, expect="bounced",
         bounce=[">>> DATA", "<<< 554 5.5.0 No DATA ever"]),
    dict(name="dot-452", spec={"dot": "452 4.3.1 Insufficient system storage"}, n=1, expect="queued",
         status="Deferred: 452 4.3.1 Insufficient system storage"),
    dict(name="dot-554", spec={"dot": "554 5.6.0 Message content rejected"}, n=1, expect="bounced",
         bounce=["... while talking to [127.0.0.1]:", ">>> DATA", "<<< 554 5.6.0 Message content rejected",
                 "554 5.0.0 Service unavailable"]),
    dict(name="drop-greeting", spec={"greeting": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="drop-ehlo", spec={"ehlo": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="drop-mail", spec={"mail": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="drop-rcpt", spec={"rcpt": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="drop-data", spec={"data": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="drop-after-dot", spec={"dot": "drop"}, n=1, expect="queued",
         status="Deferred: Connection reset by [127.0.0.1]"),
    dict(name="slow-greeting", spec={"greeting": "sleep:6"}, n=1, expect="queued",
         status="Deferred: Connection timed out with [127.0.0.1]"),
    dict(name="slow-rcpt", spec={"rcpt": "hang"}, n=1, expect="queued",
         status="Deferred: Connection timed out with [127.0.0.1]"),
    dict(name="slow-dot", spec={"dot": "sleep:6"}, n=1, expect="queued",
         status="Deferred: Connection timed out with [127.0.0.1]"),
    # More than the socket buffers hold, to a peer that stops reading (no
    # SIZE limit offered, so that the message is sent).
    dict(name="slow-reader", spec={"ehlo": "250-peer.test.example|250 8BITMIME", "data": "stall:6"}, n=1,
         expect="queued", size=32 << 20, retry_spec={"ehlo": "250-peer.test.example|250 8BITMIME"},
         status="Deferred: 451 4.4.1 timeout writing message to [127.0.0.1]"),
    dict(name="garbage-greeting", spec={"greeting": "garbage:1048576"}, n=1, expect="queued", status="Deferred:"),
    dict(name="garbage-rcpt", spec={"rcpt": "garbage:1048576"}, n=1, expect="queued", status="Deferred:"),
    dict(name="host-name", spec={}, n=2, host="peer.test.example", expect="sent",
         commands=["EHLO mx.test.example", "MAIL From:<alice@mx.test.example> SIZE=*",
                   "RCPT To:<bob@peer.test.example>", "RCPT To:<carol@peer.test.example>", "DATA", "QUIT"]),
    dict(name="host-name-550", spec={"rcpt": "550 5.1.1 No such user"}, n=1, host="peer.test.example",
         expect="bounced", bounce=["... while talking to peer.test.example.:", ">>> RCPT To:<bob@peer.test.example>",
                                   "Remote-MTA: DNS; peer.test.example\n"]),
    dict(name="host-unknown", spec={}, n=1, host="nohost.test.example", expect="bounced",
         bounce=["Host unknown (Name server: nohost.test.example: host not found)"]),
    dict(name="long-reply-line", spec={"rcpt": "550 5.1.1 " + "x" * 5000}, n=1, expect="bounced",
         bounce=["<<< 550 5.1.1 " + "x" * (2047 - 10) + "\n"]),
    dict(name="endless-reply", spec={"greeting": "|".join(["220-" + "y" * 70] * 2000) + "|220 done"}, n=1,
         expect="queued", status="Deferred: Reply from [127.0.0.1] too long during client greeting"),
    dict(name="refused", spec=None, n=1, expect="queued", status="Deferred: Connection refused by [127.0.0.1]"),
]


def command_matches(got, want):
    if len(got) != len(want):
        return False
    # "*" stands for one word (the SIZE= value).
    return all(re.fullmatch(r"[^ ]+".join(re.escape(p) for p in w.split("*")), g) for g, w in zip(got, want))


def free_port():
    s = fault_peer.socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def messages_tagged(peer, tag):
    n = 0
    for sess in list(peer.sessions):
        for m in sess.get("messages", []):
            if re.search(r"^Subject: %s\r$" % re.escape(tag), m, flags=re.M):
                n += 1
    return n


def run_scenario(smcf, tests, scratch, sc, failures):
    name = sc["name"]
    problems = []
    peer = None
    if sc["spec"] is None:
        port = free_port()
    else:
        peer = fault_peer.Peer(sc["spec"])
        port = peer.start()
    rig = ClientRig(smcf, tests, os.path.join(scratch, name), port)
    if sc.get("mailer"):
        rig.use_mailer(sc["mailer"])
    if sc.get("mailer_opts"):
        text = open(rig.cf).read().replace("Mesmtp,\t\tP=[IPC],", "Mesmtp,\t\tP=[IPC], %s," % sc["mailer_opts"], 1)
        open(rig.cf, "w").write(text)
    tag = "smtp-" + name
    body = sc.get("body")
    msg = None
    if sc.get("size"):
        body = "".join("%07d %s\n" % (i, "z" * 70) for i in range(sc["size"] // 79))
    if body is not None:
        msg = ("Subject: %s\nFrom: alice@mx.test.example\n%s\n%s" % (tag, sc.get("headers", ""), body)).encode("latin-1")
    rcpts = bob(sc["n"], sc.get("host", LOCAL))
    rc, out = rig.queue_message(tag, rcpts, msg, args=sc.get("args", ()))
    if rc != 0:
        problems.append("submission exited %d: %s" % (rc, out.strip()))
    rc, took, out = rig.run_q()
    if took > RUN_LIMIT:
        problems.append("the run took %.1f s" % took)
    qfs = rig.qf_texts()
    sessions = list(peer.sessions) if peer else []
    if peer:
        peer.stop()
    if sc.get("commands") is not None:
        got = sessions[0]["commands"] if sessions else []
        if not command_matches(got, sc["commands"]):
            problems.append("peer got %r" % got)
    # The sender's bounces (a configuration error also sends postmaster a copy).
    bounces = [b for b in rig.deliveries().get(BOUNCE_SUBJECT, []) if b.split(b"\n", 1)[0].endswith(b" [alice]")]
    expect = sc["expect"]
    if expect == "sent":
        if qfs:
            problems.append("%d qf left" % len(qfs))
        n = messages_tagged(peer, tag)
        if n != 1 or len(sessions) != 1:
            problems.append("delivered %d times in %d sessions" % (n, len(sessions)))
        if bounces:
            problems.append("a bounce")
        # Success asked for: the server that offers DSN reports it; one that
        # does not gets a "relayed" receipt from us.
        receipts = rig.deliveries().get("Return receipt", [])
        if len(receipts) != (1 if sc.get("receipt") else 0):
            problems.append("%d return receipts" % len(receipts))
        elif receipts and b"bob@[127.0.0.1]... relayed; expect no further notifications" not in receipts[0]:
            problems.append("the receipt does not say relayed")
        if sessions and sessions[0]["messages"]:
            data = sessions[0]["messages"][0]
            if re.search(r"(?<!\r)\n", data):
                problems.append("a bare LF in the message")
            if body is None:
                # The message as queued, CRLF line ends, nothing lost.
                want_body = "".join("line %d of %s\r\n" % (i, tag) for i in range(10)) + "END OF %s\r\n" % tag
                head, _, got_body = data.partition("\r\n\r\n")
                if got_body != want_body:
                    problems.append("body %r" % got_body[:80])
                for h in ("Subject: %s" % tag, "From: alice@mx.test.example"):
                    if h not in head.split("\r\n"):
                        problems.append("header %r missing" % h)
            if body is not None:
                want = "\r\n".join(("." + l if l.startswith(".") else l) for l in body.split("\n"))
                if not data.endswith("\r\n\r\n" + want):
                    problems.append("body %r" % data[-80:])
            if sc.get("eight") is not None:
                mail = [c for c in sessions[0]["commands"] if c.startswith("MAIL")]
                if not mail or mail[0].endswith(" BODY=8BITMIME") != sc["eight"]:
                    problems.append("MAIL %r (BODY=8BITMIME wanted: %s)" % (mail, sc["eight"]))
    elif expect == "bounced":
        if qfs:
            problems.append("%d qf left" % len(qfs))
        if len(bounces) != 1:
            problems.append("%d bounces" % len(bounces))
        text = bounces[0].decode("latin-1") if bounces else ""
        for want in sc.get("bounce", []):
            if want not in text:
                problems.append("bounce lacks %r" % want)
        for unwanted in sc.get("not_in_bounce", []):
            if unwanted in text:
                problems.append("bounce has %r" % unwanted)
        if sc.get("delivered_too") and messages_tagged(peer, tag) != 1:
            problems.append("the accepted recipient was not delivered once")
    else:
        if len(qfs) != 1:
            problems.append("%d qf left" % len(qfs))
        else:
            status = re.search(r"^M(.*)$", qfs[0], flags=re.M)
            if not status or sc["status"] not in status.group(1):
                problems.append("status %r" % (status.group(1) if status else None))
            left = re.findall(r"^R[^:]*:(.*)$", qfs[0], flags=re.M)
            if sorted(left) != sorted(sc.get("left", rcpts)):
                problems.append("left in the queue: %r" % left)
        if bounces:
            problems.append("a bounce")
        first = messages_tagged(peer, tag) if peer else 0
        if sc.get("delivered_too") and first != 1:
            problems.append("the accepted recipient was not delivered once")
        # A second run against a healthy peer delivers it, once.
        healthy = fault_peer.Peer(sc.get("retry_spec", {}))
        rig.set_port(healthy.start())
        rc2, took2, out2 = rig.run_q()
        healthy.stop()
        n = messages_tagged(healthy, tag)
        if n != 1:
            problems.append("the retry delivered %d times" % n)
        if sc.get("left"):
            rcpts = [c for s in healthy.sessions for c in s["commands"] if c.startswith("RCPT")]
            if rcpts != ["RCPT To:<%s>" % a for a in sc["left"]]:
                problems.append("the retry sent %r" % rcpts)
        if rig.qf_texts():
            problems.append("still queued after the retry")
        if took2 > RUN_LIMIT:
            problems.append("the retry took %.1f s" % took2)
    print("%-20s %-7s %.1f s  %s" % (name, expect, took, "ok" if not problems else "FAIL"))
    for p in problems:
        print("    " + p)
    if problems:
        failures.append(name)


def by_id(smcf, tests, scratch, failures):
    """-qI<id>: only that message goes to the peer; the other stays."""
    peer = fault_peer.Peer({})
    rig = ClientRig(smcf, tests, os.path.join(scratch, "by-id"), peer.start())
    rig.queue_message("smtp-by-id-1", bob(1))
    rig.queue_message("smtp-by-id-2", bob(1))
    ids = sorted(f[2:] for f in os.listdir(rig.queue) if f.startswith("qf"))
    problems = []
    if len(ids) != 2:
        problems.append("%d queued" % len(ids))
    else:
        wanted = [i for i in ids if "smtp-by-id-2" in open(os.path.join(rig.queue, "qf" + i), encoding="latin-1").read()]
        rc, took, out = rig.run_q("-qI" + wanted[0])
        left = [f[2:] for f in os.listdir(rig.queue) if f.startswith("qf")]
        if messages_tagged(peer, "smtp-by-id-2") != 1 or messages_tagged(peer, "smtp-by-id-1") != 0:
            problems.append("the peer got the wrong messages")
        if left != [i for i in ids if i != wanted[0]]:
            problems.append("left in the queue: %r" % left)
    peer.stop()
    print("%-20s %-7s        %s" % ("by-id (-qI)", "sent", "ok" if not problems else "FAIL"))
    for p in problems:
        print("    " + p)
    if problems:
        failures.append("by-id")


def held(smcf, tests, scratch, failures):
    """F=% (dsmtp): a plain -q leaves the message alone; -qR delivers it."""
    peer = fault_peer.Peer({})
    rig = ClientRig(smcf, tests, os.path.join(scratch, "held"), peer.start())
    rig.use_mailer("dsmtp")
    rig.queue_message("smtp-held", bob(1))
    problems = []
    rig.run_q("-qf")
    if peer.sessions or len(rig.qf_texts()) != 1:
        problems.append("a plain run: %d sessions, %d qf" % (len(peer.sessions), len(rig.qf_texts())))
    rig.run_q("-qRbob")
    if messages_tagged(peer, "smtp-held") != 1 or rig.qf_texts():
        problems.append("-qR: delivered %d times, %d qf" % (messages_tagged(peer, "smtp-held"), len(rig.qf_texts())))
    peer.stop()
    print("%-20s %-7s        %s" % ("held (F=%)", "sent", "ok" if not problems else "FAIL"))
    for p in problems:
        print("    " + p)
    if problems:
        failures.append("held")


def fallback(smcf, tests, scratch, failures):
    """$@ with two hosts ([127.0.0.2]:[127.0.0.1], same port): a refused
    connection or a 421 greeting at the first moves on to the second."""
    for name, first_spec in (("fallback-refused", None), ("fallback-421", {"greeting": "421 4.3.2 Busy"})):
        second = fault_peer.Peer({})
        port = second.start()
        first = None
        problems = []
        try:
            if first_spec is not None:
                first = fault_peer.Peer(first_spec, host="127.0.0.2", port=port)
                first.start()
        except OSError as e:  # no 127.0.0.2 here
            print("%-20s skipped (%s)" % (name, e))
            second.stop()
            continue
        rig = ClientRig(smcf, tests, os.path.join(scratch, name), port)
        text = open(rig.cf).read()
        text = text.replace("$#esmtp $@ [$2] $: $1 < @ [$2] > $3", "$#esmtp $@ [127.0.0.2]:[$2] $: $1 < @ [$2] > $3", 1)
        open(rig.cf, "w").write(text)
        tag = "smtp-" + name
        rig.queue_message(tag, bob(1))
        rc, took, out = rig.run_q()
        if messages_tagged(second, tag) != 1 or rig.qf_texts():
            problems.append("second host: delivered %d times, %d qf" % (messages_tagged(second, tag),
                                                                        len(rig.qf_texts())))
        if first is not None and len(first.sessions) != 1:
            problems.append("first host: %d sessions" % len(first.sessions))
        for p in (first, second):
            if p:
                p.stop()
        print("%-20s %-7s %.1f s  %s" % (name, "sent", took, "ok" if not problems else "FAIL"))
        for p in problems:
            print("    " + p)
        if problems:
            failures.append(name)


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    only = set(sys.argv[3:])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)
        ran = 0
        for sc in SCENARIOS:
            if only and sc["name"] not in only:
                continue
            ran += 1
            run_scenario(smcf, tests, scratch, sc, failures)
        if not only or "by-id" in only:
            ran += 1
            by_id(smcf, tests, scratch, failures)
        if not only or "fallback" in only:
            ran += 2
            fallback(smcf, tests, scratch, failures)
        if not only or "held" in only:
            ran += 1
            held(smcf, tests, scratch, failures)
    print("%d of %d scenarios pass" % (ran - len(failures), ran))
    if failures:
        print("FAILED:", " ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
