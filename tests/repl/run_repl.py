#!/usr/bin/env python3
"""run_repl.py -- the interactive `smcf -bt` in a real terminal.

A pipe or a file never reaches the line editor (the conformance tests see
only those), so this drives smcf in a tmux pane and reads the screen back:
the prompt drawn by libedit survives history recall and Ctrl-A, editing in
the middle of a recalled line, Tab completion of ruleset, command and map
names, the history file (~/.smcf_history) written at exit and read by the
next session, SMCF_HISTFILE, and no history file from a piped session.

    run_repl.py SMCF TESTS_DIR

Exit status 0: passed; 1: failed; 77: tmux is missing (skipped).
"""
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import time

SKIP = 77
WAIT = 5.0  # seconds any one screen state may take to appear


class Failure(Exception):
    pass


def pinned_args(tests):
    """The options the conformance runner pins smcf with."""
    corpus = os.path.join(tests, "conformance", "corpus")
    pinned = os.path.join(corpus, "pinned")
    return ["--hostname", "mx.test.example", "--hosts-file", pinned + "/hosts",
            "--passwd-file", pinned + "/passwd", "--group-file", pinned + "/group",
            "--uid", "0", "--no-dns",
            "--remap", "/etc/mail/service.switch=" + pinned + "/service.switch",
            "--remap", "/etc/mail=" + os.path.join(corpus, "configs", "etc-mail"),
            "-bt", "-ODontProbeInterfaces=true",
            "-C", os.path.join(corpus, "configs", "generic-linux.cf")]


class Pane:
    """One tmux server (private socket) running one smcf session."""

    count = 0

    def __init__(self, argv, env):
        # A socket of its own for each session: a server that was just
        # killed may still hold the previous one for a moment.
        Pane.count += 1
        self.socket = "smcf-repl-%d-%d" % (os.getpid(), Pane.count)
        self.socket_path = ""
        assigns = " ".join(shlex.quote("%s=%s" % kv) for kv in sorted(env.items()))
        # The exit status is printed, and the pane kept, after smcf ends.
        shell = "env -i %s %s; echo \"[exited $?]\"; sleep 60" % (assigns, " ".join(map(shlex.quote, argv)))
        try:
            self.tmux("new-session", "-d", "-x", "120", "-y", "30", "-s", "repl", shell)
            self.socket_path = self.tmux("display-message", "-p", "-t", "repl", "#{socket_path}").strip()
        except Failure:
            self.kill()
            raise

    def tmux(self, *args):
        r = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null"] + list(args),
                           capture_output=True, text=True, timeout=10)
        if r.returncode != 0:
            raise Failure("tmux %s: exit %d: %s" % (args[0], r.returncode, r.stderr.strip()))
        return r.stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "repl")

    def lines(self):
        return [l.rstrip() for l in self.screen().rstrip("\n").split("\n")]

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "repl", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "repl", "-l", text)

    def wait(self, what, test):
        """Polls the screen until test(lines) holds; fails after WAIT s."""
        deadline = time.monotonic() + WAIT
        while True:
            lines = self.lines()
            if test(lines):
                return lines
            if time.monotonic() > deadline:
                raise Failure("timed out waiting for %s; the screen:\n%s" % (what, "\n".join(lines)))
            time.sleep(0.05)

    def wait_last(self, text):
        """The cursor line (the last non-blank one) reads exactly `text`."""
        return self.wait(repr(text), lambda ls: last(ls) == text)

    def kill(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
        if self.socket_path.endswith("/" + self.socket) and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)


def last(lines):
    filled = [l for l in lines if l]
    return filled[-1] if filled else ""


def check(cond, what, lines=None):
    if not cond:
        raise Failure(what + ("" if lines is None else "; the screen:\n" + "\n".join(lines)))


def first_session(pane, home):
    pane.wait("the banner", lambda ls: "Enter <ruleset> <address>" in ls and last(ls) == ">")
    pane.type("3,0 bob@example.com")
    pane.keys("Enter")
    pane.wait("the first answer", lambda ls: last(ls) == ">" and any("bob @ example . com" in l for l in ls))

    # Up recalls the line behind the prompt; Ctrl-A moves to its start and
    # nothing is drawn over the prompt.
    pane.keys("Up")
    pane.wait_last("> 3,0 bob@example.com")
    pane.keys("C-a")
    time.sleep(0.2)
    pane.wait_last("> 3,0 bob@example.com")
    # An edit in the middle (after "3,0 "), then one at the end (Ctrl-E).
    pane.keys("C-f", "C-f", "C-f", "C-f")
    pane.type("carol.")
    pane.wait_last("> 3,0 carol.bob@example.com")
    pane.keys("C-e")
    pane.type(".org")
    pane.wait_last("> 3,0 carol.bob@example.com.org")
    pane.keys("Enter")
    pane.wait("the edited line's answer",
              lambda ls: last(ls) == ">" and any("carol . bob @ example . com . org" in l for l in ls))

    # Tab: a unique ruleset name is completed (with a blank after it).
    pane.type("check_rc")
    pane.keys("Tab")
    pane.wait_last("> check_rcpt")
    pane.type("<a@b>")
    lines = pane.wait_last("> check_rcpt <a@b>")
    pane.keys("Enter")
    pane.wait("check_rcpt's answer", lambda ls: last(ls) == ">" and any("check_rcpt" in l and "input" in l for l in ls))

    # Several candidates: the common prefix first, then the list, with the
    # prompt and the line drawn again below it.
    pane.type("Pa")
    pane.keys("Tab")
    pane.wait_last("> Parse")
    pane.keys("Tab")
    lines = pane.wait("the list of Parse* rulesets",
                      lambda ls: last(ls) == "> Parse" and any("Parse0" in l and "ParseLocal" in l for l in ls))
    listing = [l for l in lines if "Parse0" in l]
    for word in ("Parse0", "Parse1", "ParseLocal", "ParseRecipient"):
        check(word in listing[-1].split(), "the listing names " + word, lines)
    pane.keys("C-u")
    pane.wait_last(">")

    # Commands, and map names after /map.
    pane.type("/ma")
    pane.keys("Tab")
    pane.wait_last("> /map")
    pane.type("reso")
    pane.keys("Tab")
    pane.wait_last("> /map resolve")
    pane.keys("C-u")
    pane.type("/qu")
    pane.keys("Tab")
    pane.wait_last("> /quit")
    print("---- the first session, before /quit:")
    print("\n".join(pane.lines()))
    pane.keys("Enter")
    pane.wait("smcf to exit", lambda ls: last(ls) == "[exited 0]")


def check_history_file(path, wanted):
    if not os.path.exists(path):
        raise Failure("no history file at %s" % path)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check(mode == 0o600, "the history file is private (mode %o)" % mode)
    with open(path, encoding="latin-1") as f:
        text = f.read()
    # libedit writes each line vis(3)-encoded (a blank as \040).
    # (A completed word leaves its blank: "/quit " is kept as typed.)
    decoded = [l.replace("\\040", " ").rstrip() for l in text.split("\n")]
    for line in wanted:
        check(line in decoded, "the history file holds %r:\n%s" % (line, text))
    return text


def second_session(pane):
    """The history of the first session is there from the start."""
    pane.wait("the banner", lambda ls: "Enter <ruleset> <address>" in ls and last(ls) == ">")
    pane.keys("Up")
    pane.wait_last("> /quit")
    pane.keys("Up")
    pane.wait_last("> check_rcpt <a@b>")
    pane.keys("Up")
    pane.wait_last("> 3,0 carol.bob@example.com.org")
    pane.keys("C-u")
    pane.type("3,0 dave@example.net")
    pane.keys("Enter")
    pane.wait("the answer", lambda ls: last(ls) == ">" and any("dave @ example . net" in l for l in ls))
    pane.keys("C-d")  # end of input ends the session too
    pane.wait("smcf to exit", lambda ls: last(ls) == "[exited 0]")


def piped_session(smcf, tests, home):
    env = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C", "HOME": home}
    r = subprocess.run([smcf] + pinned_args(tests), input=b"3,0 erin@example.com\n/quit\n",
                       capture_output=True, env=env, timeout=30)
    check(r.returncode == 0, "the piped session exits 0 (%d): %r" % (r.returncode, r.stderr))
    check(b"\n> " in r.stdout and b"erin @ example . com" in r.stdout, "the piped transcript: %r" % r.stdout)
    check(os.listdir(home) == [], "a piped session writes no history: %r" % os.listdir(home))


def run(smcf, tests, scratch):
    home = os.path.join(scratch, "home")
    os.mkdir(home)
    base = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C", "TERM": "screen", "HOME": home}
    argv = [smcf] + pinned_args(tests)
    histfile = os.path.join(home, ".smcf_history")

    pane = Pane(argv, base)
    try:
        first_session(pane, home)
    finally:
        pane.kill()
    check_history_file(histfile, ["3,0 carol.bob@example.com.org", "check_rcpt <a@b>", "/quit"])

    pane = Pane(argv, base)
    try:
        second_session(pane)
        print("---- the second session:")
        print("\n".join(pane.lines()))
    finally:
        pane.kill()
    check_history_file(histfile, ["3,0 carol.bob@example.com.org", "3,0 dave@example.net"])

    # SMCF_HISTFILE puts the history elsewhere and leaves ~/.smcf_history be.
    other = os.path.join(scratch, "other_history")
    before = open(histfile, "rb").read()
    pane = Pane(argv, dict(base, SMCF_HISTFILE=other))
    try:
        pane.wait("the banner", lambda ls: last(ls) == ">")
        pane.keys("Up")
        time.sleep(0.2)
        pane.wait_last(">")  # nothing to recall: that file does not exist yet
        pane.type("/quit")
        pane.keys("Enter")
        pane.wait("smcf to exit", lambda ls: last(ls) == "[exited 0]")
    finally:
        pane.kill()
    check_history_file(other, ["/quit"])
    check(open(histfile, "rb").read() == before, "SMCF_HISTFILE leaves ~/.smcf_history alone")

    piped_home = os.path.join(scratch, "piped-home")
    os.mkdir(piped_home)
    piped_session(smcf, tests, piped_home)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("tmux") is None:
        print("tmux is not installed: skipped")
        return SKIP
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="smcf-repl-") as scratch:
        try:
            run(smcf, tests, scratch)
        except Failure as e:
            print("FAIL: %s" % e)
            return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
