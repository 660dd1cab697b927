#!/bin/sh
# smtp-interop.sh -- the real sendmail 8.17.1.9 delivers over SMTP to
# `smcf -bD` exactly as to `sendmail -bD`: the receiver queues the same
# message (qf records and df bytes, after replacing queue ids and dates).
#
# In the corpus's pinned environment (a network namespace of its own, lo
# up, 192.0.2.20 = mailhub.test.example on it): the receiver listens on
# 192.0.2.20:25 with the relay-checks config, $j mailhub.test.example and
# DeliveryMode=queue; the sender is the real sendmail with generic-linux.cf,
# `-odi`, sending each message of tests/submit/messages to root@[192.0.2.20]
# through its esmtp mailer.  Run once with the real sendmail receiving,
# once with smcf; then the two receivers' queues are compared.
# Usage: smtp-interop.sh SMCF   (needs root and sendmail-bin)
set -eu
smcf=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
work=$(mktemp -d /tmp/smcf-smtp-interop.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
cat >"$work/inner.sh" <<'INNER'
#!/bin/bash
# inner.sh RECEIVER WORK MESSAGES-DIR RELAY-CF: runs inside the pinned environment.
recv=$1; w=$2; msgs=$3
cp "$4" /etc/mail/relay-checks.cf
ip link set lo up; ip addr add 192.0.2.20/32 dev lo
mkdir -p "$w/rq" "$w/sq"; chmod 700 "$w/rq" "$w/sq"
"$recv" -bD -C /etc/mail/relay-checks.cf -ODontProbeInterfaces=true -Mjmailhub.test.example \
  -ODeliveryMode=queue -OQueueDirectory="$w/rq" -ODaemonPortOptions=Addr=192.0.2.20,Port=25,Name=MTA \
  </dev/null >"$w/receiver.log" 2>&1 &
pid=$!
for i in $(seq 1 200); do (echo >/dev/tcp/192.0.2.20/25) 2>/dev/null && break; sleep 0.05; done
sleep 0.3
for m in "$msgs"/*; do
  timeout 60 /usr/sbin/sendmail -C /etc/mail/generic-linux.cf -ODontProbeInterfaces=true -odi \
    -OQueueDirectory="$w/sq" -f alice 'root@[192.0.2.20]' <"$m" >>"$w/sender.log" 2>&1 || echo "$(basename "$m"): sender exit $?" >>"$w/sender.log"
done
sleep 0.5
kill $pid
INNER
chmod +x "$work/inner.sh"
for side in sendmail smcf; do
  if [ $side = sendmail ]; then prog=/usr/sbin/sendmail; else prog=$smcf; fi
  "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$corpus/configs/generic-linux.cf" -- \
    "$work/inner.sh" "$prog" "$work/$side" "$here/../submit/messages" "$corpus/configs/relay-checks.cf" </dev/null
  mkdir -p "$work/n-$side"
  for f in "$work/$side/rq"/qf*; do
    [ -f "$f" ] || continue
    df=$work/$side/rq/df${f##*/qf}
    # Ids, dates and times become placeholders; the file is named by the
    # digest of what is left (its qf records and its df).
    sed -E -e 's/[0-9A-Za-z]{8}[0-9]{6}/QUEUEID/g' -e 's/^T[0-9]+$/T/' -e 's/^K[0-9]+$/K/' \
      -e 's/[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+A-Z0-9]+/DATE/g' \
      -e 's/<[0-9]{12}\./<YYYYMMDDHHMM./g' "$f" >"$work/n.qf"
    cat "$work/n.qf" "$df" 2>/dev/null | md5sum | cut -c1-12 >"$work/h"
    h=$(cat "$work/h")
    mv "$work/n.qf" "$work/n-$side/$h.qf"
    [ -f "$df" ] && cp "$df" "$work/n-$side/$h.df"
  done
  echo "$side as the receiver: $(ls "$work/$side/rq" | grep -c '^qf' || true) messages queued, $(ls "$work/$side/sq" | grep -c '^qf' || true) left in the sender's queue"
done
if [ "$(ls "$work/n-sendmail" | wc -l)" -gt 0 ] && diff -r "$work/n-sendmail" "$work/n-smcf" >/dev/null; then
  echo "smcf -bD received $(ls "$work/n-smcf" | grep -c qf) messages from the real sendmail exactly as sendmail -bD did"
else
  echo "smtp-interop: the receivers' queues differ"; diff -r "$work/n-sendmail" "$work/n-smcf" | head -40 || true
  exit 1
fi
