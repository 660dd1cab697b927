// parse_try_test.cpp -- test mode's /try (sendmail's remotename()) and
// /parse under /tryflags: S=/R= envelope and header rulesets, comments kept
// around $g, F=c, F=h/F=u, the config-level rule for rulesets 2 and R=,
// long enhanced codes in $#error texts, $h left set.  Transcript from the
// real sendmail (see parse_test_harness.hpp).
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "parse_test_harness.hpp"

namespace smcf {
namespace {

using parse_test::run_bt;
using parse_test::Transcript;

const std::string kFlagsCf = R"CF(V10
Sprep
Scanonify=3
R$*	$: $1
S0
R$* tf2	$#error $@ tempfail $: "452 4.3.1 out of space"
R$* nouser	$#local $@ host
R$* nohost	$#smtp $: u
R$* long1	$#error $@ 5.1.1 $: "550 5.123.123 hello"
R$* long2	$#error $@ 5.123.123 $: "550 hello"
R$* long3	$#error $@ 5.1.1 $: "550 5.12.123 hello"
R$* ctl	$#local $: $&A
R ctl2	$#local $: "a$&Ab"
R q1	$#local $: "abc
R q2	$#local $: a"b"c
R bs	$#local $: a \
R$* incl	$#local $: ": include :" /etc/list
R$* local	$#local $: $1
R$*	$#smtp $@ $1 $: $1
S1
R$*	$: $1 <s1>
S2
R$*	$: $1 <r2>
S4
R$* <$*>	$: $1
Squeuegroup
R$*	$: $1
Shs
R$*	$: $1 <hs>
Ses
R$*	$: $1 <es>
Shr
R$*	$: $1 <hr>
Mlocal,	P=/bin/true, F=lsDFMAw5:/|@qSPn9, S=es/hs, R=2/hr, A=x $u
Msmtp,	P=[IPC], F=mDFMuXch, S=1, R=2, A=TCP $h
DA	a b
)CF";

// sendmail-bt t2.cf < script: exit status 67.
TEST(TryCommand, TryFlagsCaseAndErrorTexts) {
  const std::string script = R"IN(/parse a tf2
/parse Bob local
$h
/parse foo@bar
$h
/parse x nohost
$h
/tryflags S
/parse Bob local
/tryflags H
/parse Bob local
/tryflags ER
/parse "x" incl
/parse x "incl"
/parse a long1
/parse a long2
/parse a long3
/parse a@b ctl
/parse ctl2
/parse q1
/parse q2
/parse bs
/try local Real Name <Foo@Bar> (cmt)
/try smtp Real Name <Foo@Bar> (cmt)
/tryflags HS
/try local Real Name <Foo@Bar> (cmt)
/try smtp Foo@Bar
/try LOCAL x
/try local
/try   local   a   b  
)IN";
  Transcript t = run_bt(kFlagsCf, script);
  EXPECT_EQ(t.text, R"OUT(ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)
Enter <ruleset> <address>
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a tf2
canonify         returns: a tf2
0                  input: a tf2
0                returns: $# error $@ tempfail $: "452 4.3.1 out of space"
out of space
queuegroup         input: "452 4.3.1 out of space"
queuegroup       returns: "452 4.3.1 out of space"
mailer *error*, host tempfail, user "452 4.3.1 out of space"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: Bob local
canonify         returns: Bob local
0                  input: Bob local
0                returns: $# local $: Bob
2                  input: Bob
2                returns: Bob < r2 >
2                  input: Bob < r2 >
2                returns: Bob < r2 > < r2 >
4                  input: Bob < r2 > < r2 >
4                returns: Bob
queuegroup         input: bob
queuegroup       returns: bob
mailer local, user bob
> Undefined
> Cracked address = $g
Parsing envelope recipient address
canonify           input: foo @ bar
canonify         returns: foo @ bar
0                  input: foo @ bar
0                returns: $# smtp $@ foo @ bar $: foo @ bar
2                  input: foo @ bar
2                returns: foo @ bar < r2 >
2                  input: foo @ bar < r2 >
2                returns: foo @ bar < r2 > < r2 >
4                  input: foo @ bar < r2 > < r2 >
4                returns: foo @ bar
queuegroup         input: foo @ bar
queuegroup       returns: foo @ bar
mailer smtp, host foo@bar, user foo@bar
> foo@bar
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x nohost
canonify         returns: x nohost
0                  input: x nohost
0                returns: $# smtp $: u
buildaddr: no host
mailer smtp, user 
> foo@bar
> > Cracked address = $g
Parsing envelope sender address
canonify           input: Bob local
canonify         returns: Bob local
0                  input: Bob local
0                returns: $# local $: Bob
2                  input: Bob
2                returns: Bob < r2 >
2                  input: Bob < r2 >
2                returns: Bob < r2 > < r2 >
4                  input: Bob < r2 > < r2 >
4                returns: Bob
mailer local, user bob
> > Cracked address = $g
Parsing header sender address
canonify           input: Bob local
canonify         returns: Bob local
0                  input: Bob local
0                returns: $# local $: Bob
2                  input: Bob
2                returns: Bob < r2 >
2                  input: Bob < r2 >
2                returns: Bob < r2 > < r2 >
4                  input: Bob < r2 > < r2 >
4                returns: Bob
mailer local, user bob
> > Cracked address = $g
Parsing envelope recipient address
canonify           input: "x" incl
canonify         returns: "x" incl
0                  input: "x" incl
0                returns: $# local $: ": include :" /etc/list
2                  input: ": include :" /etc/list
2                returns: ": include :" /etc/list < r2 >
2                  input: ": include :" /etc/list < r2 >
2                returns: ": include :" /etc/list < r2 > < r2 >
4                  input: ": include :" /etc/list < r2 > < r2 >
4                returns: ": include :" /etc/list
queuegroup         input: ": include :" /etc/list
queuegroup       returns: ": include :" /etc/list
mailer local, user ": include :"/etc/list
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x "incl"
canonify         returns: x "incl"
0                  input: x "incl"
0                returns: $# smtp $@ x "incl" $: x "incl"
2                  input: x "incl"
2                returns: x "incl" < r2 >
2                  input: x "incl" < r2 >
2                returns: x "incl" < r2 > < r2 >
4                  input: x "incl" < r2 > < r2 >
4                returns: x "incl"
queuegroup         input: x "incl"
queuegroup       returns: x "incl"
mailer smtp, host x"incl", user x"incl"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a long1
canonify         returns: a long1
0                  input: a long1
0                returns: $# error $@ 5 . 1 . 1 $: "550 5.123.123 hello"
a long1... 
mailer *error*, host 5.1.1, user "550 5.123.123 hello"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a long2
canonify         returns: a long2
0                  input: a long2
0                returns: $# error $@ 5 . 123 . 123 $: "550 hello"
a long2... hello
mailer *error*, host 5.123.123, user "550 hello"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a long3
canonify         returns: a long3
0                  input: a long3
0                returns: $# error $@ 5 . 1 . 1 $: "550 5.12.123 hello"
a long3... hello
mailer *error*, host 5.1.1, user "550 5.12.123 hello"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a @ b ctl
canonify         returns: a @ b ctl
0                  input: a @ b ctl
0                returns: $# local $: a b
2                  input: a b
2                returns: a b < r2 >
2                  input: a b < r2 >
2                returns: a b < r2 > < r2 >
4                  input: a b < r2 > < r2 >
4                returns: a b
queuegroup         input: a b
queuegroup       returns: a b
mailer local, user a b
> Cracked address = $g
Parsing envelope recipient address
canonify           input: ctl2
canonify         returns: ctl2
0                  input: ctl2
0                returns: $# local $: "a$&Ab"
2                  input: "a$&Ab"
2                returns: "a$&Ab" < r2 >
2                  input: "a$&Ab" < r2 >
2                returns: "a$&Ab" < r2 > < r2 >
4                  input: "a$&Ab" < r2 > < r2 >
4                returns: "a$&Ab"
Syntax error in mailbox address ""a?ab"" (8-bit character)
mailer local, user "a?ab"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: q1
canonify         returns: q1
0                  input: q1
0                returns: $# local $: "abc
2                  input: "abc
2                returns: "abc < r2 >
2                  input: "abc < r2 >
2                returns: "abc < r2 > < r2 >
4                  input: "abc < r2 > < r2 >
4                returns: "abc
Syntax error in mailbox address ""abc" (unbalanced quote)
mailer local, user "abc
> Cracked address = $g
Parsing envelope recipient address
canonify           input: q2
canonify         returns: q2
0                  input: q2
0                returns: $# local $: a "b" c
2                  input: a "b" c
2                returns: a "b" c < r2 >
2                  input: a "b" c < r2 >
2                returns: a "b" c < r2 > < r2 >
4                  input: a "b" c < r2 > < r2 >
4                returns: a "b" c
queuegroup         input: a "b" c
queuegroup       returns: a "b" c
mailer local, user a"b"c
> Cracked address = $g
Parsing envelope recipient address
canonify           input: bs
canonify         returns: bs
0                  input: bs
0                returns: $# local $: a
2                  input: a
2                returns: a < r2 >
2                  input: a < r2 >
2                returns: a < r2 > < r2 >
4                  input: a < r2 > < r2 >
4                returns: a
queuegroup         input: a
queuegroup       returns: a
mailer local, user a
> Trying envelope recipient address Real Name <Foo@Bar> (cmt) for mailer local
canonify           input: Real Name < Foo @ Bar >
canonify         returns: Real Name < Foo @ Bar >
2                  input: Real Name < Foo @ Bar >
2                returns: Real Name < Foo @ Bar > < r2 >
2                  input: Real Name < Foo @ Bar > < r2 >
2                returns: Real Name < Foo @ Bar > < r2 > < r2 >
4                  input: Real Name < Foo @ Bar > < r2 > < r2 >
4                returns: Real Name
Rcode = 0, addr = Real Name <Real Name> (cmt)
> Trying envelope recipient address Real Name <Foo@Bar> (cmt) for mailer smtp
canonify           input: Real Name < Foo @ Bar >
canonify         returns: Real Name < Foo @ Bar >
2                  input: Real Name < Foo @ Bar >
2                returns: Real Name < Foo @ Bar > < r2 >
2                  input: Real Name < Foo @ Bar > < r2 >
2                returns: Real Name < Foo @ Bar > < r2 > < r2 >
4                  input: Real Name < Foo @ Bar > < r2 > < r2 >
4                returns: Real Name
Rcode = 0, addr = Real Name
> > Trying header sender address Real Name <Foo@Bar> (cmt) for mailer local
canonify           input: Real Name < Foo @ Bar >
canonify         returns: Real Name < Foo @ Bar >
1                  input: Real Name < Foo @ Bar >
1                returns: Real Name < Foo @ Bar > < s1 >
hs                 input: Real Name < Foo @ Bar > < s1 >
hs               returns: Real Name < Foo @ Bar > < s1 > < hs >
4                  input: Real Name < Foo @ Bar > < s1 > < hs >
4                returns: Real Name
Rcode = 0, addr = Real Name <Real Name> (cmt)
> Trying header sender address Foo@Bar for mailer smtp
canonify           input: Foo @ Bar
canonify         returns: Foo @ Bar
1                  input: Foo @ Bar
1                returns: Foo @ Bar < s1 >
1                  input: Foo @ Bar < s1 >
1                returns: Foo @ Bar < s1 > < s1 >
4                  input: Foo @ Bar < s1 > < s1 >
4                returns: Foo @ Bar
Rcode = 0, addr = Foo@Bar
> Trying header sender address x for mailer LOCAL
canonify           input: x
canonify         returns: x
1                  input: x
1                returns: x < s1 >
hs                 input: x < s1 >
hs               returns: x < s1 > < hs >
4                  input: x < s1 > < hs >
4                returns: x
Rcode = 0, addr = x
> Usage: /try mailer address
> Trying header sender address a   b for mailer local
canonify           input: a b
canonify         returns: a b
1                  input: a b
1                returns: a b < s1 >
hs                 input: a b < s1 >
hs               returns: a b < s1 > < hs >
4                  input: a b < s1 > < hs >
4                returns: a b
Rcode = 0, addr = a b
> )OUT");
  EXPECT_EQ(t.exit_status, 67);
}

}  // namespace
}  // namespace smcf
