// printable.cpp -- xputs() reproduced byte for byte (without the ANSI
// reverse-video escapes, which sendmail only emits under -dANSI).
#include "names/printable.hpp"

#include "base/bytes.hpp"
#include "ir/macro_names.hpp"

namespace smcf {
namespace {

// The metacharacters whose byte prints as '$' + name (sendmail's MetaMacros).
char meta_name(unsigned char c) {
  using namespace metabyte;
  switch (c) {
    case kMatchZAny: return '*';
    case kMatchAny: return '+';
    case kMatchOne: return '-';
    case kMatchClass: return '=';
    case kMatchNClass: return '~';
    case kCanonNet: return '#';
    case kCanonHost: return '@';
    case kCanonUser: return ':';
    case kCallSubr: return '>';
    case kCondIf: return '?';
    case kCondElse: return '|';
    case kCondFi: return '.';
    case kHostBegin: return '[';
    case kHostEnd: return ']';
    case kLookupBegin: return '(';
    case kLookupEnd: return ')';
    case kMacroDExpand: return '&';
    default: return 0;
  }
}

void print_char(std::string& out, unsigned char c) {
  if (is_print(c)) {
    out.push_back(static_cast<char>(c));
    return;
  }
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: return;  // other control bytes and DEL are not shown
  }
}

void print_name(std::string& out, unsigned char id, const MacroNames& names) {
  if (id & 0200) {
    out.push_back('{');
    out.append(names.name(id));
    out.push_back('}');
  } else {
    out.push_back(static_cast<char>(id));
  }
}

}  // namespace

void append_printable(std::string& out, std::string_view s, const MacroNames& names) {
  using namespace metabyte;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // Runs of printable ASCII are copied whole.
    std::size_t run = i;
    while (run < n && is_print(static_cast<unsigned char>(s[run]))) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i++]);
    if (c == 0) break;  // a C string ends here
    if (!is_ascii(c)) {
      if (c == kMatchRepl) {
        out.push_back('$');
        if (i >= n || s[i] == '\0') continue;
        print_char(out, static_cast<unsigned char>(s[i++]));
        continue;
      }
      if (c == kMacroExpand || c == kMacroDExpand) {
        out.push_back('$');
        if (c == kMacroDExpand) out.push_back('&');
        if (i >= n || s[i] == '\0') continue;
        char x = s[i];
        if (x == '=' || x == '~' || x == '&' || x == '?') {
          out.push_back(x);
          ++i;
        }
        // sendmail prints the id byte even when it is the terminating NUL
        // (as "%c" of 0); a NUL cannot be part of a C string, so stop here.
        if (i >= n || s[i] == '\0') {
          out.push_back('\0');
          break;
        }
        print_name(out, static_cast<unsigned char>(s[i++]), names);
        continue;
      }
      if (char m = meta_name(c)) {
        out.push_back('$');
        out.push_back(m);
        if (c == kMatchClass || c == kMatchNClass) {
          if (i < n && s[i] != '\0') print_name(out, static_cast<unsigned char>(s[i++]), names);
        }
        continue;
      }
      out += "M-";
      c &= 0177;
    }
    print_char(out, c);
  }
}

std::string printable(std::string_view s, const MacroNames& names) {
  std::string out;
  append_printable(out, s, names);
  return out;
}

}  // namespace smcf
