#!/bin/sh
# check-install.sh BUILD_DIR SOURCE_DIR -- installs smcf from BUILD_DIR into
# a scratch prefix, builds docs/example against it twice (CMake's
# find_package and pkg-config), and checks the examples resolve addresses
# with the bundled config exactly as `smcf -bt` /parse does; and that the
# man page is installed and renders.
set -eu
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# The man page is installed and renders (groff's warnings count as errors).
man1=$(find "$work/prefix" -path '*/man1/smcf.1' | head -n 1)
[ -n "$man1" ] || { echo "smcf.1 not installed"; exit 1; }
if command -v man >/dev/null 2>&1; then
  warnings=$(MANWIDTH=80 man --warnings -l "$man1" 2>&1 >/dev/null)
  [ -z "$warnings" ] || { echo "smcf.1: $warnings"; exit 1; }
  MANWIDTH=80 man -l "$man1" 2>/dev/null | grep -q "EXIT STATUS" || { echo "smcf.1 does not render"; exit 1; }
fi
cmake -S "$src/docs/example" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/example" >/dev/null
libdir=$(find "$work/prefix" -name 'libsmcf.so*' -printf '%h\n' | head -n 1)
cf=$src/rulesets/default.cf
out=$(LD_LIBRARY_PATH=$libdir "$work/example/embed" "$cf" "alice@example.com" "root")
out_c=$(LD_LIBRARY_PATH=$libdir "$work/example/embed_c" "$cf" "alice@example.com" "root")
want=$(printf 'alice@example.com\tesmtp\texample.com\talice@example.com\nroot\tlocal\t\troot')
[ "$out" = "$want" ] || { echo "C++ example printed:"; echo "$out"; echo "expected:"; echo "$want"; exit 1; }
[ "$out_c" = "$want" ] || { echo "C example printed:"; echo "$out_c"; exit 1; }
# pkg-config build of the C example
PKG_CONFIG_PATH=$(dirname "$(find "$work/prefix" -name smcf.pc | head -n 1)")
export PKG_CONFIG_PATH
cc -o "$work/embed_pc" "$src/docs/example/embed.c" $(pkg-config --cflags --libs smcf)
[ "$(LD_LIBRARY_PATH=$libdir "$work/embed_pc" "$cf" "alice@example.com" "root")" = "$want" ] || { echo "pkg-config build differs"; exit 1; }
echo "install + find_package + pkg-config: ok"
