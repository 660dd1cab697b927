// prescan_test.cpp -- the tokenizer against the reference's examples.
#include "token/prescan.hpp"

#include <gtest/gtest.h>

#include "base/diag.hpp"
#include "base/output.hpp"

namespace smcf {
namespace {

struct Scan {
  std::vector<std::string> tokens;
  std::string messages;
  bool ok = false;
};

Scan scan(std::string_view in, TableKind kind = TableKind::External, int delim = '\0',
          std::string_view ops = ".:@[]") {
  static CharTables tabs;
  tabs = make_char_tables(ops);
  Output out;
  Reporter rep(&out);
  TokenList sink;
  PrescanRequest req{in, delim, 1256, &tabs.get(kind), false};
  auto r = prescan(req, sink, &rep);
  return {sink.tokens, out.take(), r.ok};
}

using V = std::vector<std::string>;

TEST(Prescan, SplitsAtomsAndOperators) {
  EXPECT_EQ(scan("a@b.c").tokens, (V{"a", "@", "b", ".", "c"}));
  EXPECT_EQ(scan("a%b!c+d=e", TableKind::External, 0, ".:%@!^/[]+").tokens,
            (V{"a", "%", "b", "!", "c", "+", "d=e"}));
}

TEST(Prescan, QuotedStringsAreOneToken) {
  EXPECT_EQ(scan("\"quoted string\"@x").tokens, (V{"\"quoted string\"", "@", "x"}));
  EXPECT_EQ(scan("a\"b c\"d").tokens, (V{"a", "\"b c\"", "d"}));
}

TEST(Prescan, CommentsAreDroppedInTheExternalTable) {
  EXPECT_EQ(scan("a(x)b").tokens, (V{"a", "b"}));
  EXPECT_EQ(scan("(x)a").tokens, (V{"a"}));
  EXPECT_EQ(scan("a(b(c)d)e").tokens, (V{"a", "e"}));
  EXPECT_EQ(scan("a(x\\)y)b").tokens, (V{"a", "b"}));
}

TEST(Prescan, UnbalancedCloseIsDroppedWithoutSplitting) {
  auto s = scan("a)b");
  EXPECT_EQ(s.tokens, (V{"ab"}));
  EXPECT_EQ(s.messages, "a)b... Unbalanced ')'\n");
  s = scan("a>b");
  EXPECT_EQ(s.tokens, (V{"ab"}));
  EXPECT_EQ(s.messages, "a>b... Unbalanced '>'\n");
}

TEST(Prescan, RepairsAtEndOfInput) {
  auto s = scan("a<b");
  EXPECT_EQ(s.tokens, (V{"a", "<", "b", ">"}));
  EXPECT_EQ(s.messages, "a<b... Unbalanced '<'\n");
  s = scan("\"abc");
  EXPECT_EQ(s.tokens, (V{"\"abc\""}));
  EXPECT_EQ(s.messages, "\"abc... Unbalanced '\"'\n");
}

TEST(Prescan, Backslashes) {
  EXPECT_EQ(scan("a\\@b").tokens, (V{"a\\@b"}));
  EXPECT_EQ(scan("a\\!b", TableKind::External, 0, ".:@!").tokens, (V{"a", "!", "b"}));
  EXPECT_EQ(scan("abc\\").tokens, (V{"abc"}));
}

TEST(Prescan, DelimiterAndRouteSyntax) {
  auto s = scan("<a,b>", TableKind::NoComment, ',');
  EXPECT_EQ(s.tokens, (V{"<", "a", ">"}));
  EXPECT_EQ(scan("<@a,@b:c@d>", TableKind::NoComment, ',').tokens,
            (V{"<", "@", "a", ",", "@", "b", ":", "c", "@", "d", ">"}));
}

TEST(Prescan, TokenTooLong) {
  std::string big(300, 'x');
  auto s = scan(big);
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.messages.find("prescan: token too long"), std::string::npos);
}

}  // namespace
}  // namespace smcf
