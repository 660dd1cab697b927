#!/bin/sh
# regenerate.sh -- rebuilds rulesets/default.cf from rulesets/default.mc with
# sendmail's m4 kit (Debian: apt-get install sendmail-cf m4).  default.mc is
# the stock cf/cf/generic-linux.mc of sendmail 8.17.1.9.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
cd /usr/share/sendmail/cf/cf
m4 ../m4/cf.m4 "$here/default.mc" |
	sed -e 's/^##### built by .*/##### built by rulesets\/regenerate.sh from rulesets\/default.mc/' \
	>"$here/default.cf"
