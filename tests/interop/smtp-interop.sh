#!/bin/sh
# smtp-interop.sh -- SMTP between smcf and the real sendmail 8.17.1.9, both
# ways: for each pair (sender, receiver) of
#   sendmail -> sendmail   the reference
#   sendmail -> smcf -bD   sendmail's client, smcf's server
#   smcf -q  -> sendmail   smcf's client, sendmail's server
#   smcf -q  -> smcf -bD   two smcf nodes
# the receiver must queue every message exactly as in the reference (qf
# records and df bytes, after replacing queue ids and dates).
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
# inner.sh RECEIVER SENDER WORK MESSAGES-DIR RELAY-CF: runs inside the pinned environment.
recv=$1; send=$2; w=$3; msgs=$4

cp "$5" /etc/mail/relay-checks.cf
ip link set lo up; ip addr add 192.0.2.20/32 dev lo
mkdir -p "$w/rq" "$w/sq"; chmod 700 "$w/rq" "$w/sq"
"$recv" -bD -C /etc/mail/relay-checks.cf -ODontProbeInterfaces=true -Mjmailhub.test.example \
  -ODeliveryMode=queue -OQueueDirectory="$w/rq" -ODaemonPortOptions=Addr=192.0.2.20,Port=25,Name=MTA \
  </dev/null >"$w/receiver.log" 2>&1 &
pid=$!
for i in $(seq 1 200); do (echo >/dev/tcp/192.0.2.20/25) 2>/dev/null && break; sleep 0.05; done
sleep 0.3
for m in "$msgs"/*; do
  timeout 60 "$send" -C /etc/mail/generic-linux.cf -ODontProbeInterfaces=true -odi \
    -OQueueDirectory="$w/sq" -f alice 'root@[192.0.2.20]' <"$m" >>"$w/sender.log" 2>&1 || echo "$(basename "$m"): sender exit $?" >>"$w/sender.log"
done
sleep 0.5
kill $pid
INNER
chmod +x "$work/inner.sh"

shift
pairs=${*:-sendmail-smcf smcf-sendmail smcf-smcf}
prog() { if [ "$1" = sendmail ]; then echo /usr/sbin/sendmail; else echo "$smcf"; fi; }
status=0
for side in sendmail-sendmail $pairs; do
  from=${side%-*}; to=${side#*-}
  "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$corpus/configs/generic-linux.cf" -- \
    "$work/inner.sh" "$(prog "$to")" "$(prog "$from")" "$work/$side" "$here/../submit/messages" \
    "$corpus/configs/relay-checks.cf" </dev/null
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
  echo "$from -> $to: $(ls "$work/$side/rq" | grep -c '^qf' || true) messages queued by the receiver, $(ls "$work/$side/sq" | grep -c '^qf' || true) left in the sender's queue"
  [ "$side" = sendmail-sendmail ] && continue
  if [ "$(ls "$work/n-sendmail-sendmail" | wc -l)" -gt 0 ] && diff -r "$work/n-sendmail-sendmail" "$work/n-$side" >/dev/null; then
    echo "  $from -> $to: $(ls "$work/n-$side" | grep -c qf) messages received exactly as sendmail -> sendmail"
  else
    echo "smtp-interop: $from -> $to: the receiver's queue differs from sendmail -> sendmail"
    diff -r "$work/n-sendmail-sendmail" "$work/n-$side" | head -40 || true
    status=1
  fi
done
exit $status
