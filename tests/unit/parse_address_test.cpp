// parse_address_test.cpp -- sendmail's parseaddr()/buildaddr() as smcf's
// address library and test mode's /parse reproduce them: error-mailer
// texts and statuses, buildaddr's own errors, the prog/file/include
// switches, F=@, $h, lower-casing, the queuegroup ruleset, and the checks
// for bad bytes.  Transcripts are the real sendmail's (see
// parse_test_harness.hpp).
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "address/address_text.hpp"
#include "address/parse_address.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "parse_test_harness.hpp"

namespace smcf {
namespace {

using parse_test::run_bt;
using parse_test::Transcript;

// The library's pieces on their own.  Expected texts are those sendmail
// printed for the same addresses through /parse (see the transcripts below).

TEST(AddressText, StripQuotes) {
  EXPECT_EQ(strip_quotes("\"550 User unknown\""), "550 User unknown");
  EXPECT_EQ(strip_quotes("a\\\"b\\\\c"), "a\"b\\c");
  EXPECT_EQ(strip_quotes("abc\\"), "abc");
}

TEST(AddressText, EnhancedStatusCodes) {
  EXPECT_EQ(enhanced_status_length("5.1.1 text", ' '), 5u);
  EXPECT_EQ(enhanced_status_length("4.123.123", '\0'), 9u);
  EXPECT_EQ(enhanced_status_length("5.1.1", ' '), 0u);
  EXPECT_EQ(enhanced_status_length("3.1.1 x", ' '), 0u);
  EXPECT_EQ(enhanced_status_length("5.1234.1 x", ' '), 0u);
  EXPECT_EQ(dsn_to_exit_status("5.1.1"), exitstat::kNoUser);
  EXPECT_EQ(dsn_to_exit_status("5.1.3"), exitstat::kUsage);
  EXPECT_EQ(dsn_to_exit_status("4.2.2"), exitstat::kTempFail);
  EXPECT_EQ(dsn_to_exit_status("5.7.1"), exitstat::kDataErr);
  EXPECT_EQ(dsn_to_exit_status("2.0.0"), exitstat::kOk);
  EXPECT_EQ(dsn_to_exit_status("x"), exitstat::kConfig);
}

TEST(AddressChecks, ControlCharacters) {
  Output out;
  Reporter rep(&out);
  std::string a = "a\001b";
  EXPECT_TRUE(has_ctrl_char(a, true, true, false, rep));
  EXPECT_EQ(a, "a?b");
  std::string q = "\"a\001b\"";
  EXPECT_FALSE(has_ctrl_char(q, true, true, false, rep));
  EXPECT_EQ(q, "\"a\001b\"");
  std::string u = "\"abc";
  EXPECT_TRUE(has_ctrl_char(u, true, true, false, rep));
  EXPECT_EQ(out.take(),
            "Syntax error in mailbox address \"a?b\" (non-printable character)\n"
            "Syntax error in mailbox address \"\"abc\" (unbalanced quote)\n");
}

TEST(AddressChecks, EightBitAddress) {
  Output out;
  Reporter rep(&out);
  std::string a = "a\205b local";
  EXPECT_TRUE(invalid_address(a, true, false, rep));
  EXPECT_EQ(a, "a?b local");
  EXPECT_EQ(out.take(), "8-bit character in mailbox address \"a?b local\"\n");
  EXPECT_EQ(rep.exit_status(), exitstat::kUsage);
  std::string ok = "na\303\257ve@x";
  EXPECT_FALSE(invalid_address(ok, true, false, rep));
}

const std::string kTriplesCf = R"CF(V10
Sprep
Scanonify=3
R$*	$: $1
S0
R$* tf	$#error $@ 4.2.2 $: "451 try later"
R$* tf2	$#error $@ tempfail $: "452 4.3.1 out of space"
R$* perm	$#error $@ 5.1.1 $: "550 User unknown"
R$* nocode	$#error $: bad address here
R$* num	$#error $@ 67 $: "553 nope"
R$* name	$#error $@ nouser $: "554 5.7.1 rejected"
R$* nomailer	foo bar
R$* nouser	$#local $@ host
R$* unk	$#nosuch $@ h $: u
R$* nohost	$#smtp $: u
R$* local	$#local $: $1
R$* at	$#local $: @ $1
R$* pipe	$#local $: "|/bin/prog"
R$* file	$#local $: /tmp/file
R$* incl	$#local $: :include:/etc/list
R$* disc	$#discard $: x
R$*	$#smtp $@ $1 $: $1
S1
S2
S4
Squeuegroup
R$*	$: $1
Mlocal,	P=/bin/true, F=lsDFMAw5:/|@qSPhn9, S=1, R=2, A=x $u
Msmtp,	P=[IPC], F=mDFMuX, S=1, R=2, A=TCP $h
)CF";

// sendmail-bt t1.cf < script: exit status 67.
TEST(ParseCommand, MailerTriplesAndErrors) {
  const std::string script = R"IN(/parse a tf
/parse a perm
/parse a nocode
/parse a num
/parse a name
/parse a nomailer
/parse x nouser
/parse x unk
/parse x nohost
/parse Bob local
/parse bob at
/parse x pipe
/parse x file
/parse x incl
/parse x disc
/parse Foo@Bar
$h
/parse
/parse (just a comment)
/parse a<b
)IN";
  Transcript t = run_bt(kTriplesCf, script);
  EXPECT_EQ(t.text, R"OUT(ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)
Enter <ruleset> <address>
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a tf
canonify         returns: a tf
0                  input: a tf
0                returns: $# error $@ 4 . 2 . 2 $: "451 try later"
try later
queuegroup         input: "451 try later"
queuegroup       returns: "451 try later"
mailer *error*, host 4.2.2, user "451 try later"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a perm
canonify         returns: a perm
0                  input: a perm
0                returns: $# error $@ 5 . 1 . 1 $: "550 User unknown"
a perm... User unknown
mailer *error*, host 5.1.1, user "550 User unknown"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a nocode
canonify         returns: a nocode
0                  input: a nocode
0                returns: $# error $: bad address here
a nocode... bad address here
mailer *error*, user bad address here
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a num
canonify         returns: a num
0                  input: a num
0                returns: $# error $@ 67 $: "553 nope"
a num... nope
mailer *error*, host 67, user "553 nope"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a name
canonify         returns: a name
0                  input: a name
0                returns: $# error $@ nouser $: "554 5.7.1 rejected"
rejected
mailer *error*, host nouser, user "554 5.7.1 rejected"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: a nomailer
canonify         returns: a nomailer
0                  input: a nomailer
0                returns: $# smtp $@ foo bar $: foo bar
2                  input: foo bar
2                returns: foo bar
2                  input: foo bar
2                returns: foo bar
4                  input: foo bar
4                returns: foo bar
queuegroup         input: foo bar
queuegroup       returns: foo bar
mailer smtp, host foo bar, user foo bar
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x nouser
canonify         returns: x nouser
0                  input: x nouser
0                returns: $# local $@ host
buildaddr: no user
mailer *error*, user 
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x unk
canonify         returns: x unk
0                  input: x unk
0                returns: $# nosuch $@ h $: u
buildaddr: unknown mailer nosuch
mailer *error*, user 
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x nohost
canonify         returns: x nohost
0                  input: x nohost
0                returns: $# smtp $: u
buildaddr: no host
mailer *error*, user 
> Cracked address = $g
Parsing envelope recipient address
canonify           input: Bob local
canonify         returns: Bob local
0                  input: Bob local
0                returns: $# local $: Bob
2                  input: Bob
2                returns: Bob
2                  input: Bob
2                returns: Bob
4                  input: Bob
4                returns: Bob
queuegroup         input: bob
queuegroup       returns: bob
mailer local, user bob
> Cracked address = $g
Parsing envelope recipient address
canonify           input: bob at
canonify         returns: bob at
0                  input: bob at
0                returns: $# local $: @ bob
2                  input: bob
2                returns: bob
2                  input: bob
2                returns: bob
4                  input: bob
4                returns: bob
queuegroup         input: bob
queuegroup       returns: bob
mailer local, user bob
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x pipe
canonify         returns: x pipe
0                  input: x pipe
0                returns: $# local $: "|/bin/prog"
2                  input: "|/bin/prog"
2                returns: "|/bin/prog"
4                  input: "|/bin/prog"
4                returns: "|/bin/prog"
queuegroup         input: "|/bin/prog"
queuegroup       returns: "|/bin/prog"
mailer prog, user "|/bin/prog"
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x file
canonify         returns: x file
0                  input: x file
0                returns: $# local $: /tmp/file
2                  input: /tmp/file
2                returns: /tmp/file
4                  input: /tmp/file
4                returns: /tmp/file
queuegroup         input: /tmp/file
queuegroup       returns: /tmp/file
mailer *file*, user /tmp/file
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x incl
canonify         returns: x incl
0                  input: x incl
0                returns: $# local $: : include : /etc/list
queuegroup         input: /etc/list
queuegroup       returns: /etc/list
mailer *include*, user /etc/list
> Cracked address = $g
Parsing envelope recipient address
canonify           input: x disc
canonify         returns: x disc
0                  input: x disc
0                returns: $# discard $: x
buildaddr: unknown mailer discard
mailer *error*, user 
> Cracked address = $g
Parsing envelope recipient address
canonify           input: Foo @ Bar
canonify         returns: Foo @ Bar
0                  input: Foo @ Bar
0                returns: $# smtp $@ Foo @ Bar $: Foo @ Bar
2                  input: Foo @ Bar
2                returns: Foo @ Bar
2                  input: Foo @ Bar
2                returns: Foo @ Bar
4                  input: Foo @ Bar
4                returns: Foo @ Bar
queuegroup         input: Foo @ Bar
queuegroup       returns: Foo @ Bar
mailer smtp, host foo@bar, user Foo@Bar
> foo@bar
> Usage: /parse address
> Cracked address = (just a comment)
Parsing envelope recipient address
Cannot parse
> Cracked address = a<$g>
Parsing envelope recipient address
a<b... Unbalanced '<'
canonify           input: a < b >
canonify         returns: a < b >
0                  input: a < b >
0                returns: $# smtp $@ a < b > $: a < b >
2                  input: a < b >
2                returns: a < b >
2                  input: a < b >
2                returns: a < b >
4                  input: a < b >
4                returns: a < b >
queuegroup         input: a < b >
queuegroup       returns: a < b >
mailer smtp, host a<b>, user a<b>
> )OUT");
  EXPECT_EQ(t.exit_status, 67);
}


// With a temporary failure pending (exit status 75), buildaddr's error exit
// leaves the address without a mailer.  sendmail 8.17 then dies of a
// segmentation fault printing it; smcf says so and carries on.
TEST(ParseCommand, NoMailerAfterTempfailIsReportedNotACrash) {
  const std::string script = "/parse a tf\n/parse x nouser\n/parse x local\n";
  Transcript t = run_bt(kTriplesCf, script);
  EXPECT_NE(t.text.find("Cannot parse: no mailer (sendmail 8.17.1.9 crashes on this address)\n"), std::string::npos);
  // The session goes on with the next command.
  EXPECT_NE(t.text.find("mailer local"), std::string::npos);
}

}  // namespace
}  // namespace smcf
