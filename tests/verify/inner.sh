#!/bin/sh
# inner.sh -- runs inside sendmail-bt's namespaces (see regen.sh) and pins
# what sendmail -bv reads beyond /etc/mail: the home directories (ours,
# copied to a fresh /home, owned by root), an empty /root, safe empty
# /var/mail and /var/lib/sendmail, /etc/shells, and a /var/spool with just
# mqueue/ in it (so /var/spool/clientmqueue is missing, as submit.cf finds
# it).  The alias database, if any, is made newer than the text file.
# Then it runs the command given.
#   usage: inner.sh DATADIR COMMAND ARGS...
set -e
data=$1; shift
mount -t tmpfs -o mode=0755 verify-home /home
cp -R "$data/home/." /home/
chown -R 0:0 /home
chmod -R u=rwX,go=rX /home
mount -t tmpfs -o mode=0700 verify-root /root
for d in /var/mail /var/lib/sendmail; do
	if [ -d "$d" ]; then mount -t tmpfs -o mode=0755 verify-empty "$d"; fi
done
mount --bind "$data/pinned/shells" /etc/shells
mount -t tmpfs -o mode=0755 verify-spool /var/spool
mkdir -m 0755 /var/spool/mqueue
if [ -f /etc/mail/aliases.db ]; then touch /etc/mail/aliases.db; fi
exec "$@"
