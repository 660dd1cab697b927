#!/bin/sh
# queue-interop.sh -- the queue is sendmail's: what smcf queues, the real
# sendmail 8.17.1.9 lists and delivers, exactly as what it queued itself.
#
# In the corpus's pinned environment, with a copy of generic-linux.cf
# whose local mailer is tests/interop/capture (it records argv, uid and
# the message) and which has no alias file:
#   1. every message of tests/submit/messages is queued twice, once by
#      `sendmail -odq` into one queue, once by `smcf -odq` into another;
#   2. `sendmail -bp` on smcf's queue must print what `smcf -bp` prints;
#   3. `sendmail -q` runs both queues; both must end up empty and the
#      captured deliveries must be identical after replacing queue ids and
#      dates (which differ between two runs) by placeholders.
# Usage: queue-interop.sh SMCF   (needs root and sendmail-bin)
set -eu
smcf=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
work=$(mktemp -d /tmp/smcf-interop.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work" /tmp/smcf-capture' EXIT
cf=$work/interop.cf
sed -e "s|^Mlocal,.*P=/usr/bin/procmail,|Mlocal,		P=$here/capture,|" \
    -e 's|^O AliasFile=.*|#O AliasFile=|' "$corpus/configs/generic-linux.cf" >"$cf"
grep -q "P=$here/capture" "$cf" || { echo "queue-interop: could not set the capture mailer"; exit 1; }
bt() { "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$cf" -- "$@" </dev/null; }
mkdir -p "$work/q-sendmail" "$work/q-smcf"
status=0
for m in "$here"/../submit/messages/*; do
  for side in sendmail smcf; do
    if [ $side = sendmail ]; then prog=/usr/sbin/sendmail; else prog=$smcf; fi
    "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$cf" -- sh -c "$prog -C /etc/mail/interop.cf -odq -OQueueDirectory=$work/q-$side -f alice bob carol@example.com <'$m'" </dev/null \
      || { echo "queue-interop: $side could not queue $(basename "$m")"; status=1; }
  done
done
n_sendmail=$(ls "$work/q-sendmail" | grep -c '^qf' || true)
n_smcf=$(ls "$work/q-smcf" | grep -c '^qf' || true)
echo "queued: sendmail $n_sendmail, smcf $n_smcf"
[ "$n_sendmail" = "$n_smcf" ] || status=1

# 2. The listing of smcf's queue, by both.
bt /usr/sbin/sendmail -C /etc/mail/interop.cf -OQueueDirectory="$work/q-smcf" -bp >"$work/bp-sendmail" 2>&1 || true
bt "$smcf" -C /etc/mail/interop.cf -OQueueDirectory="$work/q-smcf" -bp >"$work/bp-smcf" 2>&1 || true
if cmp -s "$work/bp-sendmail" "$work/bp-smcf"; then
  echo "sendmail -bp lists smcf's queue as smcf -bp does ($(grep -c '^[0-9A-Za-z]\{14\}' "$work/bp-smcf") entries)"
else
  echo "queue-interop: sendmail -bp and smcf -bp differ on smcf's queue:"; diff "$work/bp-sendmail" "$work/bp-smcf" || true
  status=1
fi

# 3. sendmail delivers both queues; local recipients go to the capture mailer.
for side in sendmail smcf; do
  rm -rf /tmp/smcf-capture
  # -qf: the queue run in the foreground (sendmail returns when it is done).
  timeout 120 "$corpus/sendmail-bt" --exec -M "$corpus/configs/etc-mail" "$cf" -- \
    /usr/sbin/sendmail -C /etc/mail/interop.cf -OQueueDirectory="$work/q-$side" -qf </dev/null >/dev/null 2>&1 || true
  left=$(ls "$work/q-$side" | grep -c '^qf' || true)
  mkdir -p "$work/captured-$side"
  for f in /tmp/smcf-capture/*; do
    [ -f "$f" ] || continue
    case $f in *.tmp) continue ;; esac
    # Placeholders for what differs between two submissions.
    sed -E -e 's/[0-9A-Za-z]{8}[0-9]{6}/QUEUEID/g' \
           -e 's/[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+A-Z0-9]+/DATE/g' \
           -e 's/<[0-9]{12}\./<YYYYMMDDHHMM./g' -e 's/QUEUEID\.[0-9]+\//QUEUEID.TIME\//g' "$f" >"$work/n"
    h=$(md5sum <"$work/n" | cut -c1-12); mv "$work/n" "$work/captured-$side/$h"
  done
  echo "$side's queue: $(ls "$work/captured-$side" | wc -l) deliveries captured (the remote recipient bounces: no network), $left qf left"
done
if [ "$(ls "$work/captured-sendmail" | wc -l)" -gt 0 ] && diff -r "$work/captured-sendmail" "$work/captured-smcf" >/dev/null; then
  echo "deliveries from smcf's queue are identical to those from sendmail's"
else
  echo "queue-interop: deliveries differ"; diff -r "$work/captured-sendmail" "$work/captured-smcf" | head -40 || true
  status=1
fi
exit $status
