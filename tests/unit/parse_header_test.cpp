// parse_header_test.cpp -- test mode's /header (sendmail's chompheader()
// for user headers, with checks): header-check rulesets (with and without
// comments, the "*" default), $#error/$#discard/quarantine results,
// ${currHeader} ${hdr_name} ${hdrlen} ${addr_type}, empty values covered by
// cf defaults, Resent- headers, the From: dropped in favour of the
// default, syntax errors, and the flags printed.  Transcript from the real
// sendmail (see parse_test_harness.hpp).
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "parse_test_harness.hpp"

namespace smcf {
namespace {

using parse_test::run_bt;
using parse_test::Transcript;

const std::string kHeaderCf = R"CF(V10
Sprep
Scanonify=3
R$*	$: $1
S0
R$*	$#local $: $1
S1
S2
S4
SCheckSubj
R$* spam $*	$#error $@ 5.7.1 $: "550 5.7.1 No spam please"
R$* tmp $*	$#error $@ 4.7.1 $: "451 try again"
R$* disc $*	$#discard $: discard
R$* quar $*	$#error $@ quarantine $: "Held for review"
R$* quar2 $*	$#error $@ quarantine
R$* bad $*	$#error $: nope
R$* nouser $*	$#error $@ 5.1.1
SCheckTo
R$*	$: $&{currHeader} $| $&{hdr_name} $| $&{hdrlen} $| $&{addr_type}
SCheckStar
R$* star $*	$#error $: "553 star rejected"
R$*	$: $1
HSubject: $>CheckSubj
HTo: $>+CheckTo
HX-Mine: $>CheckStar
H*: $>CheckStar
HFrom: $?x$x <$g>$|$g$.
HDate: $a
HReceived: by me
Mlocal,	P=/bin/true, F=lsDFMAw5:/|@qSPn9, S=1, R=2, A=x $u
)CF";

// sendmail-bt t3.cf < script: exit status 65.
TEST(HeaderCommand, ChecksDefaultsAndFlags) {
  const std::string script = R"IN(/header Subject: hello
/header Subject: spam here
/header Subject: tmp here
/header Subject: disc
/header Subject: quar
${quarantine}
/header Subject: quar2
${quarantine}
/header Subject: bad (comment) here
/header Subject: nouser
/header To: Foo (comment) <foo@bar> "q"
/header X-Other: star
/header X-Other: (star)
/header X-Mine: a (star)
/header From:
/header Date:
/header Date:   
/header Received:
/header X-New:
/header Resent-From: x
/header Message: x
/header Text:
/header Bad Header: x
/header :x
/header Subject
/header Subject:tab	and"quote"
${currHeader}
${hdrlen}
${hdr_name}
${addr_type}
/header Subject: a b
/sender alice
/header From:alice
/header From: alice
/header Resent-To: x
/header From:alice
/header Resent-From:alice
/sender alice
/header Subject: spam here
/sender bob
/header Subject: a spam here
/parse x
/header Subject: spam
/sender <
/header Subject: spam
/sender ab
/header Subject: spam
)IN";
  Transcript t = run_bt(kHeaderCf, script);
  EXPECT_EQ(t.text, R"OUT(ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)
Enter <ruleset> <address>
> CheckSubj          input: hello
CheckSubj        returns: hello
ul = 0x00058000
> CheckSubj          input: spam here
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
No spam please
ul = 0x00058000
> CheckSubj          input: tmp here
CheckSubj        returns: $# error $@ 4 . 7 . 1 $: "451 try again"
try again
ul = 0x00058000
> CheckSubj          input: disc
CheckSubj        returns: $# discard $: discard
ul = 0x00058000
> CheckSubj          input: quar
CheckSubj        returns: $# error $@ quarantine $: "Held for review"
ul = 0x00058000
> "Held for review"
> CheckSubj          input: quar2
CheckSubj        returns: $# error $@ quarantine
ul = 0x00058000
> CheckSubj
> CheckSubj          input: bad here
CheckSubj        returns: $# error $: nope
nope
ul = 0x00058000
> CheckSubj          input: nouser
CheckSubj        returns: $# error $@ 5 . 1 . 1
buildaddr: no user
ul = 0x00058000
> CheckTo            input: Foo ( comment ) < foo @ bar > "q"
CheckTo          returns: " Foo (comment) <foo@bar> \"q\"" $| To $| 28 $| h r
ul = 0x00040002
> CheckStar          input: star
CheckStar        returns: $# error $: "553 star rejected"
star rejected
ul = 0x00040000
> ul = 0x00040000
> CheckStar          input: a
CheckStar        returns: a
ul = 0x00050000
> ul = 00000000
> ul = 00000000
> ul = 00000000
> ul = 0x000400c0
> ul = 0x00040000
> CheckStar          input: x
CheckStar        returns: x
ul = 0x00040108
> ul = 0x00000001
> ul = 0x00000001
> header syntax error, line "Bad Header: x"
ul = 00000000
> header syntax error, line ":x"
ul = 00000000
> header syntax error, line "Subject"
ul = 00000000
> CheckSubj          input: tab and "quote"
CheckSubj        returns: tab and "quote"
ul = 0x00058000
> "tab and\"quote\""
> 14
> Subject
> h
> CheckSubj          input: a b
CheckSubj        returns: a b
ul = 0x00058000
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
> CheckStar          input: alice
CheckStar        returns: alice
ul = 0x00040100
> CheckStar          input: alice
CheckStar        returns: alice
ul = 0x00040100
> CheckStar          input: x
CheckStar        returns: x
ul = 0x0004000a
> CheckStar          input: alice
CheckStar        returns: alice
ul = 0x00040100
> CheckStar          input: alice
CheckStar        returns: alice
ul = 0x00040108
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
> CheckSubj          input: spam here
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
alice... No spam please
ul = 0x00058000
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
> CheckSubj          input: a spam here
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
bob... No spam please
ul = 0x00058000
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x
canonify         returns: x
0                  input: x
0                returns: $# local $: x
2                  input: x
2                returns: x
2                  input: x
2                returns: x
4                  input: x
4                returns: x
mailer local, user x
> CheckSubj          input: spam
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
No spam please
ul = 0x00058000
> <... Unbalanced '<'
canonify           input: < >
canonify         returns: < >
0                  input: < >
0                returns: $# local $: < >
2                  input: < >
2                returns: < >
2                  input: < >
2                returns: < >
4                  input: < >
4                returns: < >
<... Unbalanced '<'
canonify           input: < >
canonify         returns: < >
1                  input: < >
1                returns: < >
4                  input: < >
4                returns: < >
addr=<>
> CheckSubj          input: spam
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
<... No spam please
ul = 0x00058000
> canonify           input: ab
canonify         returns: ab
0                  input: ab
0                returns: $# local $: ab
2                  input: ab
2                returns: ab
2                  input: ab
2                returns: ab
4                  input: ab
4                returns: ab
Syntax error in mailbox address "a?b" (non-printable character)
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
> CheckSubj          input: spam
CheckSubj        returns: $# error $@ 5 . 7 . 1 $: "550 5.7.1 No spam please"
root... No spam please
ul = 0x00058000
> )OUT");
  EXPECT_EQ(t.exit_status, 65);
}

}  // namespace
}  // namespace smcf
