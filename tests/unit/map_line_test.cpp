// map_line_test.cpp -- K lines, AliasFile-free defaults and F{X}key@map
// lines at read time: the messages and the declarations.  Every expected
// message was printed by the real sendmail 8.17.1.9 for the same lines
// (sendmail-bt, pinned environment).
#include <gtest/gtest.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "read/map_declare.hpp"
#include "maps/session.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

SystemOptions pinned() {
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = kCorpus + "/pinned/hosts";
  o.passwd_file = kCorpus + "/pinned/passwd";
  o.group_file = kCorpus + "/pinned/group";
  o.uid = 0;
  o.remap = {{"/etc/mail", kCorpus + "/configs/etc-mail"},
             {"/etc/mail/service.switch", kCorpus + "/pinned/service.switch"}};
  return o;
}

struct Read {
  System sys{pinned()};
  Output out;
  Reporter rep{&out};
  Config cf;
  std::string messages;

  explicit Read(std::string text) {
    ReadRequest req;
    req.file_name = "/etc/mail/t.cf";
    req.text = std::move(text);
    cf = read_config(req, sys, rep);
    messages = out.take();
  }
  // "/map NAME KEY" as test mode prints it.
  std::string map(std::string_view arg) {
    rep.set_verbose(2);
    ConfigMacros base(cf);
    MacroOverlay macros(base);
    MacroNames names = cf.macro_names;
    maps::MapSession s(cf, sys, rep, macros, names);
    s.map_command(arg, out);
    return out.take();
  }
};

// The lines of `messages` that mention K lines (the rest are other modules').
std::string lines_with(const std::string& messages, std::string_view what) {
  std::string out;
  std::size_t i = 0;
  while (i < messages.size()) {
    std::size_t e = messages.find('\n', i);
    std::string line = messages.substr(i, e == std::string::npos ? std::string::npos : e - i + 1);
    if (line.find(what) != std::string::npos) out += line;
    if (e == std::string::npos) break;
    i = e + 1;
  }
  return out;
}

TEST(MapLine, SyntaxAndClassParserMessages) {
  Read r(
      "V10\n"
      "Ka1 hash -x -y /etc/mail/access\n"
      "Ka2 hash\n"
      "Ka3 text\n"
      "Ka4 regex -s3 ^(a)(b)$\n"
      "Ka5 regex ^(a\n"
      "Ka6 regex -s1,x ^(a)$\n"
      "Ka7 sequence nosuch a1 , a2\n"
      "Ka8 syslog -X -L bogus\n"
      "Ka9 user -vfoo\n"
      "Ka10 dequote -x\n"
      "Ka11 host -x\n"
      "Kfoo:hash /etc/mail/access\n"
      "Kbar-baz text\n"
      "Kq hash-o /etc/mail/access\n"
      "Ka12 regex -s ^((a)(b))$\n"
      "Ka13 regex -s33 ^(a)$\n"
      "Ka14 regex -s0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3 "
      "^(a)(b)(c)(d)(e)(f)(g)(h)(i)$\n"
      "Ka16 null\n"
      "Ka17 stab -o\n"
      "Ka18 implicit\n"
      "Ka19 program\n"
      "Ka20 switch\n"
      "Ka21 macro -x\n"
      "K1bad x y\n"
      "K-bad x\n"
      "Kname\n");
  EXPECT_EQ(lines_with(r.messages, "/etc/mail/t.cf"),
            "/etc/mail/t.cf: line 2: Illegal option x map a1\n"
            "/etc/mail/t.cf: line 2: Illegal option y map a1\n"
            "/etc/mail/t.cf: line 3: No file name for hash map a2\n"
            "/etc/mail/t.cf: line 4: No file name for text map a3\n"
            "/etc/mail/t.cf: line 5: field (3) out of range, only 3 substrings in pattern\n"
            "/etc/mail/t.cf: line 6: pattern-compile-error: Unmatched ( or \\(\n"
            "/etc/mail/t.cf: line 8: Sequence map a7: unknown member map nosuch\n"
            "/etc/mail/t.cf: line 9: Illegal option X map syslog\n"
            "/etc/mail/t.cf: line 9: syslog_map_parseargs: Unknown priority bogus\n"
            "/etc/mail/t.cf: line 14: readcf: map bar: class baz not available\n"
            "/etc/mail/t.cf: line 17: field (33) out of range, only 2 substrings in pattern\n"
            "/etc/mail/t.cf: line 18: too many fields, 32 max\n"
            "/etc/mail/t.cf: line 20: No file name for stab map a17\n"
            "/etc/mail/t.cf: line 21: No file name for implicit map a18\n"
            "/etc/mail/t.cf: line 22: No file name for program map a19\n"
            "/etc/mail/t.cf: line 23: No file name for switch map a20\n"
            "/etc/mail/t.cf: line 25: readcf: map 1bad: class x not available\n"
            "/etc/mail/t.cf: line 26: readcf: config K line: no map name\n"
            "/etc/mail/t.cf: line 27: readcf: config K line, map name: no map class\n");
  // The byte after the name is eaten whatever it is: "foo:hash" is map foo.
  EXPECT_EQ(r.map("foo Connect:192.0.2"), "map_lookup: foo (Connect:192.0.2) returns RELAY (0)\n");
  // "hash-o" is class hash with the file "o".
  EXPECT_EQ(r.map("q x"),
            "hash map \"q\": missing map file o.db: No such file or directory\n"
            "map_lookup: q (x) no match (75)\n");
  EXPECT_EQ(r.map("a9 root"), "User map a9: unknown column name foo\nmap_lookup: a9 (root) no match (75)\n");
  EXPECT_EQ(r.map("a20 x"), "Map named \"a20\" not open\n");
  EXPECT_EQ(r.map("a14 abcdefghi"), "Map named \"a14\" not open\n");
  EXPECT_EQ(r.map("a12 ab"), "map_lookup: a12 (ab) returns ab\233ab\233a\233b (0)\n");
  EXPECT_EQ(r.map("name x"), "Map named \"name\" not found\n");
}

TEST(MapLine, NetworkClassesParseAndFailLikeSendmailWithoutNetwork) {
  Read r(
      "V10\n"
      "Kldap ldap -k (uid=%0) -v mail\n"
      "Kldap2 ldap -o -k (uid=%0) -v mail\n"
      "Kldap3 ldap -h nosuchhost -k (uid=%0) -v mail\n"
      "Knis nis -o mail.aliases\n"
      "Knisp nisplus -o x\n"
      "Kdns dns\n"
      "Kdns2 dns -R FOO -T<T>\n"
      "Kdns3 dns -R MX -B example.com\n"
      "Knis2 nis mail.aliases\n"
      "Kldap4 ldap -b dc=x\n");
  EXPECT_EQ(lines_with(r.messages, "/etc/mail/t.cf"),
            "/etc/mail/t.cf: line 7: dns map dns: missing -R type\n"
            "/etc/mail/t.cf: line 8: dns map dns2: wrong type FOO -T<T>\n"
            "/etc/mail/t.cf: line 8: dns map dns2: missing -R type\n"
            "/etc/mail/t.cf: line 11: No filter given in map ldap4\n");
  EXPECT_EQ(r.map("ldap x"),
            "ldap_init/ldap_bind failed to localhost in map ldap: Transport endpoint is not connected\n"
            "map_lookup: ldap (x) no match (75)\n");
  EXPECT_EQ(r.map("ldap2 x"), "Map named \"ldap2\" not open\n");
  EXPECT_EQ(r.map("ldap3 x"),
            "ldap_init/ldap_bind failed to nosuchhost in map ldap3\nmap_lookup: ldap3 (x) no match (75)\n");
  EXPECT_EQ(r.map("nis x"), "Map named \"nis\" not open\n");
  EXPECT_EQ(r.map("nisp x"), "Map named \"nisp\" not open\n");
  EXPECT_EQ(r.map("nis2 x"),
            "NIS map mail.aliases specified, but NIS not running\nmap_lookup: nis2 (x) no match (75)\n");
  EXPECT_EQ(r.map("dns x"), "map_lookup: dns (x) no match (68)\n");
  EXPECT_EQ(r.map("dns2 x"), "map_lookup: dns2 (x) no match (68)\n");
  EXPECT_EQ(r.map("dns3 x"), "map_lookup: dns3 (x) no match (75)\n");
  EXPECT_EQ(r.map("ldap4 x"), "Map named \"ldap4\" not open\n");
}

TEST(MapLine, RedefinitionReparsesTheSameEntry) {
  Read r(
      "V10\n"
      "Kfoo text -o -aX -z: -v1 /etc/mail/adv-text.txt\n"
      "Kfoo regex ^a\n"
      "Kbaz hash -a! /etc/mail/access\n"
      "Kbaz hash -o\n"
      "KBaz hash -f\n");
  EXPECT_EQ(lines_with(r.messages, "/etc/mail/t.cf"), "");  // baz keeps its file name
  const MapDecl* foo = maps::find_map(r.cf, "FOO");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ(foo->map_class, "regex");
  EXPECT_TRUE(foo->flags.optional);
  EXPECT_EQ(r.map("foo abc"), "map_lookup: foo (abc) returns X (0)\n");
  // -f now, so the key keeps its case; -a and the file stay.
  EXPECT_EQ(r.map("baz Connect:192.0.2"), "map_lookup: baz (Connect:192.0.2) no match (0)\n");
  EXPECT_EQ(r.map("BAZ connect:192.0.2"), "map_lookup: BAZ (connect:192.0.2) returns RELAY! (0)\n");
  EXPECT_EQ(maps::find_map(r.cf, "baz")->name, "Baz");
  std::vector<std::string> names;
  for (const auto& m : r.cf.maps) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"foo", "Baz", "host", "aliases.files", "aliases"}));
}

TEST(MapLine, ClassNamesAreCaseInsensitive) {
  Read r("V10\nKh HOST\nKt TeXt -z: -v1 /etc/mail/adv-text.txt\n");
  EXPECT_EQ(r.map("h relay"), "map_lookup: h (relay) returns relay.test.example (0)\n");
  EXPECT_EQ(r.map("t alpha"), "map_lookup: t (alpha) returns first-value (0)\n");
  EXPECT_EQ(maps::find_map(r.cf, "t")->map_class, "text");
}

TEST(MapLine, SpaceSubIsTakenWhenTheLineIsRead) {
  Read r("V10\nKbefore text /x\nKre regex x\nO BlankSub=_\nKafter text /x\nKs text -S. /x\nKh host\n");
  EXPECT_EQ(maps::find_map(r.cf, "before")->space_sub, ' ');
  EXPECT_EQ(maps::find_map(r.cf, "after")->space_sub, '_');
  EXPECT_EQ(maps::find_map(r.cf, "s")->space_sub, '.');
  EXPECT_EQ(maps::find_map(r.cf, "re")->space_sub, '\0');  // SpaceSub at lookup time
  EXPECT_EQ(maps::find_map(r.cf, "h")->space_sub, '\0');
}

TEST(MapLine, DefaultHostAndAliasMaps) {
  Read v10("V10\n");
  EXPECT_EQ(v10.map("host relay"), "map_lookup: host (relay) returns relay.test.example. (0)\n");
  EXPECT_EQ(v10.map("aliases root"), "map_lookup: aliases (root) no match (68)\n");
  EXPECT_EQ(v10.map("aliases.files root"), "map_lookup: aliases.files (root) no match (68)\n");
  EXPECT_EQ(v10.map("Alias0 root"), "Map named \"Alias0\" not found\n");
  const MapDecl* host = maps::find_map(v10.cf, "host");
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->implicit);
  EXPECT_TRUE(host->flags.defer);
  Read v1("V1\n");
  EXPECT_EQ(v1.map("host relay"), "map_lookup: host (relay) returns relay.test.example (0)\n");
  Read own("V10\nKhost host -a<OK>\n");
  EXPECT_EQ(own.map("host relay"), "map_lookup: host (relay) returns relay.test.example<OK> (0)\n");
}

TEST(MapLine, ClassFromMapLines) {
  Read r(
      "V10\n"
      "F{A}alpha@text:-z: -v1 /etc/mail/adv-text.txt\n"
      "F{B}nokey@hash:/etc/mail/access\n"
      "F{C}Connect:192.0.2@hash:/etc/mail/access\n"
      "F{D}x@nosuch:foo\n"
      "F{F}x@hash:/etc/mail/nosuch\n"
      "F{G}-o x@hash:/etc/mail/nosuch\n"
      "F{H}x@hash:-o /etc/mail/nosuch\n"
      "F{J}beta@text:-z: -v1 -a<A> /etc/mail/adv-text.txt\n"
      "F{K}x@text:/etc/mail/nosuch\n"
      "F{L}x@program:/bin/echo one two\n"
      "F{M}x@program:/bin/false\n"
      "F{O}relay@host:-a.\n"
      "F{P}x@LDAP\n");
  EXPECT_EQ(lines_with(r.messages, "/etc/mail/t.cf"),
            "/etc/mail/t.cf: line 5: fileclass: F{D}: class nosuch not available\n"
            "/etc/mail/t.cf: line 6: hash map \"F\": missing map file /etc/mail/nosuch.db: No such file or directory\n"
            "/etc/mail/t.cf: line 6: fileclass: F{F}: map open failed\n"
            "/etc/mail/t.cf: line 7: hash map \"G\": missing map file /etc/mail/nosuch.db: No such file or directory\n"
            "/etc/mail/t.cf: line 10: text map \"K\": unsafe map file /etc/mail/nosuch\n"
            "/etc/mail/t.cf: line 10: fileclass: F{K}: map open failed\n"
            "/etc/mail/t.cf: line 12: fileclass: F{M}: map lookup failed\n"
            "/etc/mail/t.cf: line 14: ldap_init/ldap_bind failed to localhost in map P: "
            "Transport endpoint is not connected\n"
            "/etc/mail/t.cf: line 14: fileclass: F{P}: map open failed\n");
  auto members = [&](std::string_view name) {  // one-letter class names
    std::string s;
    for (auto w : r.cf.classes.listing(static_cast<unsigned char>(name[0]))) s += std::string(w) + "\n";
    return s;
  };
  EXPECT_EQ(members("A"), "first-value\n");
  EXPECT_EQ(members("B"), "");
  EXPECT_EQ(members("C"), "RELAY\n");
  EXPECT_EQ(members("J"), "%2\n%1\nand\nsecond\n%0<A>\n");  // no %n substitution, -a applies
  EXPECT_EQ(members("L"), "x\none\ntwo\n");
  EXPECT_EQ(members("O"), "relay.test.example.\n");
}

}  // namespace
}  // namespace smcf
