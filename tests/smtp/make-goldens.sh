#!/bin/sh
# make-goldens.sh -- what the real sendmail 8.17.1.9 answers to each SMTP
# session script in sessions/: `sendmail -bs` with the relay-checks config
# (its access map, relay-domains, helpfile), in the corpus's pinned
# environment (host mx.test.example, pinned hosts and passwd, no network,
# TZ=UTC), on a real TCP connection from the script's client address
# (smtp_session.py).  Writes golden/NAME.out.  Needs root and sendmail-bin.
#
#   make-goldens.sh [NAME...]    only the named scripts are remade
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
cf=relay-checks.cf
mkdir -p "$here/golden"
# The test certificate and key (tls/) where sendmail accepts them: a
# root-owned directory chain, the key readable by root alone.
tls=/etc/ssl/smcf-test
mkdir -p "$tls"
cp "$here/tls/cert.pem" "$here/tls/key.pem" "$tls/"
chmod 644 "$tls/cert.pem"; chmod 600 "$tls/key.pem"
export SMTP_TLS_DIR=$tls SENDMAIL_BT_KEEPENV=SMTP_TLS_DIR
if [ $# -gt 0 ]; then names="$*"; else names=$(cd "$here/sessions" && ls | sed 's/\.txt$//'); fi
for name in $names; do
  "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$corpus/configs/$cf" -- \
    python3 "$here/smtp_session.py" "$here/sessions/$name.txt" -- \
    /usr/sbin/sendmail -bs -ODontProbeInterfaces=true -C /etc/mail/$cf -ODeliveryMode=queue \
    '-OQueueDirectory={queue}' >"$here/golden/$name.out" 2>&1
done
# The same scripts against the daemon in the foreground (-bD) on a
# loopback port: golden-daemon/NAME.out, for those daemon-sessions.txt lists.
mkdir -p "$here/golden-daemon"
for name in $names; do
  grep -qx "$name" "$here/daemon-sessions.txt" || continue
  "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$corpus/configs/$cf" -- \
    python3 "$here/smtp_session.py" --daemon 2525 "$here/sessions/$name.txt" -- \
    /usr/sbin/sendmail -bD -ODontProbeInterfaces=true -C /etc/mail/$cf -ODeliveryMode=queue \
    '-OQueueDirectory={queue}' -ODaemonPortOptions=Port=2525,Addr=127.0.0.1,Name=MTA \
    >"$here/golden-daemon/$name.out" 2>&1
done
echo "made $(echo $names | wc -w) goldens"
