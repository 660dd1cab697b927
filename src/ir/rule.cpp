// rule.cpp -- conversion between typed rule tokens and sendmail spellings.
#include "ir/rule.hpp"

#include "base/bytes.hpp"

namespace smcf {

std::string token_spelling(const RuleToken& t) {
  using namespace metabyte;
  auto one = [](unsigned char b) { return std::string(1, static_cast<char>(b)); };
  auto two = [](unsigned char b, unsigned char a) {
    std::string s(1, static_cast<char>(b));
    s.push_back(static_cast<char>(a));
    return s;
  };
  switch (t.kind) {
    case TokenKind::Atom: return t.text;
    case TokenKind::ZeroOrMore: return one(kMatchZAny);
    case TokenKind::OneOrMore: return one(kMatchAny);
    case TokenKind::ExactlyOne: return one(kMatchOne);
    case TokenKind::InClass: return two(kMatchClass, t.arg);
    case TokenKind::NotInClass: return two(kMatchNClass, t.arg);
    case TokenKind::Replace: return two(kMatchRepl, t.arg);
    case TokenKind::Mailer: return one(kCanonNet);
    case TokenKind::Host: return one(kCanonHost);
    case TokenKind::User: return one(kCanonUser);
    case TokenKind::Call: return one(kCallSubr);
    case TokenKind::CondIf: return one(kCondIf);
    case TokenKind::CondElse: return one(kCondElse);
    case TokenKind::CondEnd: return one(kCondFi);
    case TokenKind::HostBegin: return one(kHostBegin);
    case TokenKind::HostEnd: return one(kHostEnd);
    case TokenKind::MapBegin: return one(kLookupBegin);
    case TokenKind::MapEnd: return one(kLookupEnd);
    case TokenKind::Deferred: return two(kMacroDExpand, t.arg);
  }
  return t.text;
}

RuleToken token_from_spelling(std::string_view s) {
  using namespace metabyte;
  RuleToken t;
  if (s.size() == 1) {
    switch (static_cast<unsigned char>(s[0])) {
      case kMatchZAny: t.kind = TokenKind::ZeroOrMore; return t;
      case kMatchAny: t.kind = TokenKind::OneOrMore; return t;
      case kMatchOne: t.kind = TokenKind::ExactlyOne; return t;
      case kCanonNet: t.kind = TokenKind::Mailer; return t;
      case kCanonHost: t.kind = TokenKind::Host; return t;
      case kCanonUser: t.kind = TokenKind::User; return t;
      case kCallSubr: t.kind = TokenKind::Call; return t;
      case kCondIf: t.kind = TokenKind::CondIf; return t;
      case kCondElse: t.kind = TokenKind::CondElse; return t;
      case kCondFi: t.kind = TokenKind::CondEnd; return t;
      case kHostBegin: t.kind = TokenKind::HostBegin; return t;
      case kHostEnd: t.kind = TokenKind::HostEnd; return t;
      case kLookupBegin: t.kind = TokenKind::MapBegin; return t;
      case kLookupEnd: t.kind = TokenKind::MapEnd; return t;
      default: break;
    }
  } else if (s.size() == 2) {
    unsigned char a = static_cast<unsigned char>(s[1]);
    switch (static_cast<unsigned char>(s[0])) {
      case kMatchClass: t.kind = TokenKind::InClass; t.arg = a; return t;
      case kMatchNClass: t.kind = TokenKind::NotInClass; t.arg = a; return t;
      case kMatchRepl: t.kind = TokenKind::Replace; t.arg = a; return t;
      case kMacroDExpand: t.kind = TokenKind::Deferred; t.arg = a; return t;
      default: break;
    }
  }
  t.kind = TokenKind::Atom;
  t.text = std::string(s);
  return t;
}

}  // namespace smcf
