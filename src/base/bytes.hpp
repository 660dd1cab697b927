// bytes.hpp -- byte-level vocabulary shared by the reader and the engine:
// sendmail's internal metacharacter bytes and the C-locale character tests
// sendmail uses (ASCII only, never locale dependent).
//
// The metacharacter bytes exist only inside the cf reader's preprocessing
// (sendmail's "internal form") and inside interned token spellings, where
// they keep smcf's token comparison byte-identical with sendmail's.  Code
// outside the reader and tokenizer works with typed tokens (ir/rule.hpp,
// token/symbols.hpp) instead.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace smcf {

namespace metabyte {
inline constexpr unsigned char kMacroExpand = 0201;   // $x
inline constexpr unsigned char kMacroDExpand = 0202;  // $&x
inline constexpr unsigned char kLookupBegin = 0205;   // $(
inline constexpr unsigned char kLookupEnd = 0206;     // $)
inline constexpr unsigned char kMatchZAny = 0220;     // $*
inline constexpr unsigned char kMatchAny = 0221;      // $+
inline constexpr unsigned char kMatchOne = 0222;      // $-
inline constexpr unsigned char kMatchClass = 0223;    // $=X
inline constexpr unsigned char kMatchNClass = 0224;   // $~X
inline constexpr unsigned char kMatchRepl = 0225;     // $1..$9
inline constexpr unsigned char kCanonNet = 0226;      // $#
inline constexpr unsigned char kCanonHost = 0227;     // $@
inline constexpr unsigned char kCanonUser = 0230;     // $:
inline constexpr unsigned char kCallSubr = 0231;      // $>
inline constexpr unsigned char kCondIf = 0232;        // $?
inline constexpr unsigned char kCondElse = 0233;      // $|
inline constexpr unsigned char kCondFi = 0234;        // $.
inline constexpr unsigned char kHostBegin = 0235;     // $[
inline constexpr unsigned char kHostEnd = 0236;       // $]
inline constexpr unsigned char kMetaQuote = 0377;     // next byte is literal
inline constexpr unsigned char kMatchZero = kCanonHost;  // $@ on an LHS
}  // namespace metabyte

inline constexpr bool is_ascii(unsigned char c) { return c < 0x80; }
inline constexpr bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
inline constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline constexpr bool is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline constexpr bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
inline constexpr bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline constexpr bool is_print(unsigned char c) { return c >= 0x20 && c < 0x7f; }
inline constexpr unsigned char to_lower(unsigned char c) {
  return is_upper(c) ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}
inline constexpr unsigned char to_upper(unsigned char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<unsigned char>(c - ('a' - 'A')) : c;
}

// ASCII case-insensitive comparison (sendmail's sm_strcasecmp).
bool equals_nocase(std::string_view a, std::string_view b);
std::string lower_ascii(std::string_view s);

// A C-string view of s: everything before the first NUL byte.  sendmail
// works on C strings, so a NUL that gets into a line ends it.
inline std::string_view c_str_view(std::string_view s) {
  auto n = s.find('\0');
  return n == std::string_view::npos ? s : s.substr(0, n);
}

// sendmail's stripquotes() on the C string in s (up to its first NUL):
// drops '"' and turns "\x" into "x"; a backslash at the end is dropped.
std::string strip_quotes(std::string_view s);
// The same, in place (the output never runs ahead of the input).
void strip_quotes_in_place(std::string& s);

// sendmail's shortenstring(): strings of length >= m become
// first k + "..." + last k, k = (min(m, 203) - 3) / 2.
std::string shorten(std::string_view s, std::size_t m);

// strtol(s, &end, 10) on ASCII with C semantics (leading white space, sign,
// saturation); returns the value and sets *consumed to the bytes used (0 if
// no digits).
long parse_long(std::string_view s, std::size_t* consumed, int base = 10);
// atoi(): parse_long with base 10, 0 if nothing parses.
int parse_atoi(std::string_view s);
// atol(): the same, as a long.
long parse_atol(std::string_view s);

}  // namespace smcf
