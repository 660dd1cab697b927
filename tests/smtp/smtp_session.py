#!/usr/bin/env python3
"""smtp_session.py -- plays one SMTP session script against a server run
as `-bs` on a real TCP connection, and prints the transcript.

  smtp_session.py SCRIPT -- SERVER-ARGV...
  smtp_session.py --daemon PORT SCRIPT -- DAEMON-ARGV...

Runs inside a network namespace of its own (sendmail-bt --exec gives one;
run_sessions.py uses `unshare -n`): it brings up lo, gives it the client
addresses the scripts use, listens on 127.0.0.1, connects from the
script's client address, and starts the server with the accepted socket
as its stdin and stdout -- as inetd does -- so the server learns the
client's address with getpeername() as it would in production.  In
SERVER-ARGV, {queue} is replaced by a fresh, empty queue directory.
With --daemon, DAEMON-ARGV is a daemon in the foreground listening on
127.0.0.1:PORT (sendmail -bD, smcf -bD): it is started, the script is
played on a connection to it, and it is stopped with SIGTERM.

Script lines (one command per line, '#' comments):
  @client ADDR    the client's source address (default 127.0.0.1)
  @config NAME    the config the server runs with (read by make-goldens.sh
                  and run_sessions.py: tests/smtp/configs/NAME, default the
                  corpus's relay-checks.cf)
  @option ARG     one more server argument (e.g. -OMaxRecipientsPerMessage=2);
                  {tls} in it is $SMTP_TLS_DIR (default: tls/ beside this
                  script), where the test certificate and key are
  E TEXT          sent before the greeting has been read (early talker)
  C TEXT          sent, then every reply owed so far is read
  P TEXT          sent without waiting (pipelining); its reply is owed
  D TEXT          a DATA line: sent, no reply owed
  L TEXT          sent with a bare LF (no CR), then every reply owed is read
  B HEX           raw bytes (hex), no CRLF added, no reply owed
  BN HEX          the same, then N replies more than owed are read
  W               the replies owed so far are read (so that what follows is
                  not pending when the server handles them)
  T               the replies owed are read (the 220 to STARTTLS), then the
                  TLS handshake: the rest
                  of the session is encrypted; the certificate is not checked
  X               the client closes the connection
Every line is sent with CRLF; P and D lines go out in one write with the
next line that is not P or D, so pipelining is the same on every run.  A reply is complete at its line whose
fourth byte is a space.  The transcript has "C: " and "S: " lines
(bytes outside printable ASCII as \\xNN), then the server's exit status
and a summary of each queue file it left.
"""
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

CLIENT_ADDRS = ["203.0.113.9", "192.0.2.10", "198.51.100.7", "192.0.2.50", "198.51.100.9"]
CLIENT_ADDRS6 = ["2001:db8::25"]
IP = shutil.which("ip", path="/usr/sbin:/sbin:/usr/bin:/bin") or "ip"
REPLY_TIMEOUT = 20.0   # seconds for one reply; every session is bounded
SERVER_EXIT_TIMEOUT = 20.0


def show(b):
    out = []
    for c in b:
        if 32 <= c < 127 and c != 0x5c:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def setup_network():
    subprocess.run([IP, "link", "set", "lo", "up"], check=True)
    for a in CLIENT_ADDRS:
        subprocess.run([IP, "addr", "add", a + "/32", "dev", "lo"], check=True)
    for a in CLIENT_ADDRS6:
        subprocess.run([IP, "-6", "addr", "add", a + "/128", "dev", "lo", "nodad"], check=True)


def parse(script):
    client = "127.0.0.1"
    options = []
    steps = []
    for raw in open(script, encoding="latin-1"):
        line = raw.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("@client "):
            client = line.split()[1]
            continue
        if line.startswith("@config "):
            continue
        if line.startswith("@option "):
            tls = os.environ.get("SMTP_TLS_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls"))
            options.append(line.split(None, 1)[1].replace("{tls}", tls))
            continue
        kind, _, text = line.partition(" ")
        if kind not in ("E", "C", "P", "D", "B", "X", "L", "T", "W") and not (kind[0] == "B" and kind[1:].isdigit()):
            raise SystemExit("%s: bad script line: %r" % (script, line))
        steps.append((kind, text))
    return client, options, steps


class Conn:
    def __init__(self, sock, out):
        self.sock = sock
        self.buf = b""
        self.eof = False
        self.out = out

    pending = b""

    def send(self, data, label=None, hold=False):
        """Sends data; with hold, keeps it to go out with what follows in
        one write, so that pipelined lines reach the server together."""
        self.out.append("C: " + show(label if label is not None else data.rstrip(b"\r\n")))
        self.pending += data
        if hold:
            return
        data, self.pending = self.pending, b""
        try:
            self.sock.sendall(data)
        except OSError as e:
            self.out.append("C: <send failed: %s>" % e.strerror)
            self.eof = True

    def line(self, deadline):
        while b"\n" not in self.buf and not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            pending = getattr(self.sock, "pending", lambda: 0)()
            r, _, _ = select.select([self.sock], [], [], 0 if pending else left)
            if not r and not pending:
                return None
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.eof = True
                break
            self.buf += chunk
        if b"\n" in self.buf:
            l, _, self.buf = self.buf.partition(b"\n")
            return l + b"\n"
        if self.buf:
            l, self.buf = self.buf, b""
            return l
        return None

    def log_reply_line(self, l):
        self.out.append("S: " + show(l.rstrip(b"\n").rstrip(b"\r")) + ("" if l.endswith(b"\r\n") else " <no CRLF>"))

    def replies(self, n):
        deadline = time.monotonic() + REPLY_TIMEOUT
        while n > 0:
            l = self.line(deadline)
            if l is None:
                self.out.append("S: <EOF>" if self.eof else "S: <timeout>")
                return False
            self.log_reply_line(l)
            if len(l) < 4 or l[3:4] != b"-":
                n -= 1
        return True

    def start_tls(self):
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            self.sock = ctx.wrap_socket(self.sock, server_hostname="mx.test.example")
            self.out.append("C: <TLS started: %s>" % self.sock.version())
        except (OSError, ssl.SSLError) as e:
            self.out.append("C: <TLS handshake failed: %s>" % e.__class__.__name__)
            self.eof = True


def queue_summary(qdir):
    lines = []
    for f in sorted(os.listdir(qdir)):
        if not f.startswith("qf"):
            lines.append("Q: file " + f[:2])
            continue
        lines.append("Q: qf")
        in_header = False
        for l in open(os.path.join(qdir, f), "rb").read().split(b"\n"):
            # The envelope records, and the header lines with their
            # continuations (Received: says how the message came in).
            if l[:1] in (b"S", b"R", b"r", b"N", b"P", b"F", b"A", b"Z", b"E", b"H") or \
                    l.startswith((b"$r", b"$s", b"$_", b"${daemon_flags}", b"${client", b"${if_addr")) or \
                    (in_header and l[:1] == b"\t"):
                lines.append("Q:   " + show(l))
            in_header = l[:1] == b"H" or (in_header and l[:1] == b"\t")
    return lines


def wait_for_port(port, deadline):
    while time.monotonic() < deadline:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.connect(("127.0.0.1", port))
            return probe
        except OSError:
            probe.close()
            time.sleep(0.05)
    return None


def main():
    argv = sys.argv[1:]
    daemon_port = None
    if argv[:1] == ["--daemon"]:
        daemon_port = int(argv[1])
        argv = argv[2:]
    if "--" not in argv or argv.index("--") != 1:
        raise SystemExit(__doc__)
    script, server = argv[0], argv[2:]
    client, options, steps = parse(script)
    setup_network()
    qdir = tempfile.mkdtemp(prefix="smtpq.")
    os.chmod(qdir, 0o700)
    server = [a.replace("{queue}", qdir) for a in server] + options

    family = socket.AF_INET6 if ":" in client else socket.AF_INET
    if daemon_port is not None:
        proc = subprocess.Popen(server, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, close_fds=True)
        # The daemon is up when it accepts; that probe connection is
        # closed at once (a client that goes away before the greeting).
        probe = wait_for_port(daemon_port, time.monotonic() + 15)
        if probe is None:
            proc.kill()
            raise SystemExit("the daemon did not listen on port %d" % daemon_port)
        probe.close()
        time.sleep(0.2)
        csock = socket.socket(family, socket.SOCK_STREAM)
        csock.bind((client, 0))
        csock.connect(("127.0.0.1", daemon_port))
    else:
        listen = socket.socket(family, socket.SOCK_STREAM)
        listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listen.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
        listen.listen(1)
        csock = socket.socket(family, socket.SOCK_STREAM)
        csock.bind((client, 0))
        csock.connect(listen.getsockname()[:2])
        ssock, _ = listen.accept()
        listen.close()
        proc = subprocess.Popen(server, stdin=ssock.fileno(), stdout=ssock.fileno(),
                                stderr=subprocess.PIPE, close_fds=True)
        ssock.close()

    out = []
    conn = Conn(csock, out)
    owed = 0
    greeted = False
    for kind, text in steps:
        if conn.eof:
            break
        if kind != "E" and not greeted:
            greeted = True
            if conn.pending:
                conn.sock.sendall(conn.pending)
                conn.pending = b""
            if not conn.replies(1):
                break
        if kind == "E":
            conn.send(text.encode("latin-1") + b"\r\n", hold=True)
            owed += 1
        elif kind == "C":
            conn.send(text.encode("latin-1") + b"\r\n")
            if not conn.replies(owed + 1):
                break
            owed = 0
        elif kind == "P":
            conn.send(text.encode("latin-1") + b"\r\n", hold=True)
            owed += 1
        elif kind == "D":
            conn.send(text.encode("latin-1") + b"\r\n", hold=True)
        elif kind == "L":
            conn.send(text.encode("latin-1") + b"\n", label=text.encode("latin-1") + b"<LF>")
            if not conn.replies(owed + 1):
                break
            owed = 0
        elif kind[0] == "B":
            data = bytes.fromhex(text)
            conn.send(data, label=b"<%d raw bytes>" % len(data))
            if kind[1:] and not conn.replies(owed + int(kind[1:])):
                break
            owed = 0 if kind[1:] else owed
        elif kind == "W":
            if owed and not conn.replies(owed):
                break
            owed = 0
        elif kind == "T":
            if owed and not conn.replies(owed):
                break
            owed = 0
            conn.start_tls()
        elif kind == "X":
            if conn.pending:
                conn.sock.sendall(conn.pending)
                conn.pending = b""
            out.append("C: <close>")
            break
    if conn.pending and not conn.eof:
        conn.sock.sendall(conn.pending)
        conn.pending = b""
    # Whatever the server still says (the 221 of a QUIT, a 421) until it
    # closes, for at most a few seconds.
    deadline = time.monotonic() + 3.0
    while not conn.eof and out[-1] != "C: <close>":
        l = conn.line(deadline)
        if l is None:
            break
        conn.log_reply_line(l)
    csock.close()
    if daemon_port is not None:
        # The connection's own process finishes before the daemon stops.
        time.sleep(0.5)
        proc.terminate()
    try:
        _, err = proc.communicate(timeout=SERVER_EXIT_TIMEOUT)
        out.append("exit: %d" % proc.returncode if daemon_port is None else "daemon stopped")
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        out.append("exit: <did not exit within %ds>" % SERVER_EXIT_TIMEOUT)
    for l in err.decode("latin-1").splitlines():
        out.append("E: " + l)
    out.extend(queue_summary(qdir))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
