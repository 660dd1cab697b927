// parse_sender_test.cpp -- test mode's /sender (sendmail's setsender()):
// the sender parse, the fallbacks to the invoking user after an invalid
// sender, passwd lookups for F=w mailers ($x kept once set, $z), $f with
// route addresses, F=C.  Transcript from the real sendmail (see
// parse_test_harness.hpp; the pinned passwd has alice, bob, root, ...).
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "parse_test_harness.hpp"

namespace smcf {
namespace {

using parse_test::run_bt;
using parse_test::Transcript;

const std::string kSenderCf = R"CF(V10
Sprep
Scanonify=3
R$*	$: $1
S0
R$* tf	$#error $@ 5.1.1 $: "550 no such sender"
R$* < @ $* >	$#smtp $@ $2 $: $1 < @ $2 >
R$* @ $*	$#smtp $@ $2 $: $1 @ $2
R$*	$#local $: $1
S1
R$*	$: $1
S2
S4
Mlocal,	P=/bin/true, F=lsDFMAw5:/|@qSPn9, S=1, R=2, A=x $u
Msmtp,	P=[IPC], F=mDFMuXC, S=1, R=2, A=TCP $h
)CF";

// sendmail-bt t6.cf < script: exit status 67.
TEST(SenderCommand, FallbacksPasswdAndMacros) {
  const std::string script = R"IN(/sender alice
$x
$z
$f
/sender bob
$x
/sender "|/bin/prog"
$f
/sender /tmp/file
/sender
/sender nosuchuser
$z
/sender carol@mx.test.example
/sender <@a,@b:c@d>
$f
/sender x tf
)IN";
  Transcript t = run_bt(kSenderCf, script);
  EXPECT_EQ(t.text, R"OUT(ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)
Enter <ruleset> <address>
> canonify           input: alice
canonify         returns: alice
0                  input: alice
0                returns: $# local $: alice
2                  input: alice
2                returns: alice
2                  input: alice
2                returns: alice
4                  input: alice
4                returns: alice
canonify           input: alice
canonify         returns: alice
1                  input: alice
1                returns: alice
4                  input: alice
4                returns: alice
addr=alice
> Alice Example
> /home/alice
> alice
> canonify           input: bob
canonify         returns: bob
0                  input: bob
0                returns: $# local $: bob
2                  input: bob
2                returns: bob
2                  input: bob
2                returns: bob
4                  input: bob
4                returns: bob
canonify           input: bob
canonify         returns: bob
1                  input: bob
1                returns: bob
4                  input: bob
4                returns: bob
addr=bob
> Alice Example
> canonify           input: "|/bin/prog"
canonify         returns: "|/bin/prog"
0                  input: "|/bin/prog"
0                returns: $# local $: "|/bin/prog"
2                  input: "|/bin/prog"
2                returns: "|/bin/prog"
4                  input: "|/bin/prog"
4                returns: "|/bin/prog"
"|/bin/prog"... Invalid sender address
canonify           input: root
canonify         returns: root
0                  input: root
0                returns: $# local $: root
2                  input: root
2                returns: root
2                  input: root
2                returns: root
4                  input: root
4                returns: root
canonify           input: root
canonify         returns: root
1                  input: root
1                returns: root
4                  input: root
4                returns: root
addr=root
> root
> canonify           input: /tmp/file
canonify         returns: /tmp/file
0                  input: /tmp/file
0                returns: $# local $: /tmp/file
2                  input: /tmp/file
2                returns: /tmp/file
4                  input: /tmp/file
4                returns: /tmp/file
/tmp/file... Invalid sender address
canonify           input: root
canonify         returns: root
0                  input: root
0                returns: $# local $: root
2                  input: root
2                returns: root
2                  input: root
2                returns: root
4                  input: root
4                returns: root
canonify           input: root
canonify         returns: root
1                  input: root
1                returns: root
4                  input: root
4                returns: root
addr=root
> canonify           input: root
canonify         returns: root
0                  input: root
0                returns: $# local $: root
2                  input: root
2                returns: root
2                  input: root
2                returns: root
4                  input: root
4                returns: root
canonify           input: root
canonify         returns: root
1                  input: root
1                returns: root
4                  input: root
4                returns: root
addr=root
> canonify           input: nosuchuser
canonify         returns: nosuchuser
0                  input: nosuchuser
0                returns: $# local $: nosuchuser
2                  input: nosuchuser
2                returns: nosuchuser
2                  input: nosuchuser
2                returns: nosuchuser
4                  input: nosuchuser
4                returns: nosuchuser
canonify           input: nosuchuser
canonify         returns: nosuchuser
1                  input: nosuchuser
1                returns: nosuchuser
4                  input: nosuchuser
4                returns: nosuchuser
addr=nosuchuser
> /root
> canonify           input: carol @ mx . test . example
canonify         returns: carol @ mx . test . example
0                  input: carol @ mx . test . example
0                returns: $# smtp $@ mx . test . example $: carol @ mx . test . example
2                  input: carol @ mx . test . example
2                returns: carol @ mx . test . example
2                  input: carol @ mx . test . example
2                returns: carol @ mx . test . example
4                  input: carol @ mx . test . example
4                returns: carol @ mx . test . example
canonify           input: carol @ mx . test . example
canonify         returns: carol @ mx . test . example
1                  input: carol @ mx . test . example
1                returns: carol @ mx . test . example
4                  input: carol @ mx . test . example
4                returns: carol @ mx . test . example
canonify           input: carol @ mx . test . example
canonify         returns: carol @ mx . test . example
1                  input: carol @ mx . test . example
1                returns: carol @ mx . test . example
4                  input: carol @ mx . test . example
4                returns: carol @ mx . test . example
addr=carol@mx.test.example
> canonify           input: < @ a , @ b : c @ d >
canonify         returns: < @ a , @ b : c @ d >
0                  input: < @ a , @ b : c @ d >
0                returns: $# smtp $@ a , @ b : c @ d $: < @ a , @ b : c @ d >
2                  input: < @ a , @ b : c @ d >
2                returns: < @ a , @ b : c @ d >
2                  input: < @ a , @ b : c @ d >
2                returns: < @ a , @ b : c @ d >
4                  input: < @ a , @ b : c @ d >
4                returns: < @ a , @ b : c @ d >
canonify           input: < @ a , @ b : c @ d >
canonify         returns: < @ a , @ b : c @ d >
1                  input: < @ a , @ b : c @ d >
1                returns: < @ a , @ b : c @ d >
4                  input: < @ a , @ b : c @ d >
4                returns: < @ a , @ b : c @ d >
canonify           input: < @ a , @ b : c @ d >
canonify         returns: < @ a , @ b : c @ d >
1                  input: < @ a , @ b : c @ d >
1                returns: < @ a , @ b : c @ d >
4                  input: < @ a , @ b : c @ d >
4                returns: < @ a , @ b : c @ d >
addr=<@a,@b:c@d>
> <@a,@b:c@d>
> canonify           input: x tf
canonify         returns: x tf
0                  input: x tf
0                returns: $# error $@ 5 . 1 . 1 $: "550 no such sender"
x tf... no such sender
canonify           input: root
canonify         returns: root
0                  input: root
0                returns: $# local $: root
2                  input: root
2                returns: root
2                  input: root
2                returns: root
4                  input: root
4                returns: root
canonify           input: root
canonify         returns: root
1                  input: root
1                returns: root
4                  input: root
4                returns: root
addr=root
> )OUT");
  EXPECT_EQ(t.exit_status, 67);
}

}  // namespace
}  // namespace smcf
