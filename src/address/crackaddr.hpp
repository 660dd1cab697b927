// crackaddr.hpp -- sendmail's crackaddr(): a header address turned into a
// template in which the address proper is replaced by the macro $g.
//
// "Real Name <user@host> (x)" becomes "Real Name <$g> (x)": phrases,
// comments and group names are kept, the route-addr or addr-spec becomes
// $g.  sendmail uses the template to rewrite header addresses; test mode
// prints it as "Cracked address = ..." for /parse and uses it in /try.
//
// The result is in internal form: $g is the two bytes 0201 'g', which
// smcf::append_printable shows as "$g".  Everything else is copied bytes
// of the input, plus the quotes, spaces and closing brackets crackaddr adds.
// Like sendmail, the result fits a MAXNAME + 1 buffer; when it would not,
// the whole template becomes "<$g>".
#pragma once
#include <string>
#include <string_view>

namespace smcf {

struct OptionSettings;

// The options crackaddr depends on.
struct CrackOptions {
  // ColonOkInAddr: when false (the default from config level 6 on), a
  // top-level ':' starts an RFC 822 group and ';' ends it.
  bool colon_ok_in_addr = true;
  // MustQuoteChars: bytes that force a phrase before '<' (or a group name)
  // to be put in double quotes.  sendmail's value, including the bytes it
  // always adds to the option's value.
  std::string must_quote_chars = "@,;:\\()[].'";
};

CrackOptions crack_options(const OptionSettings& options);

// The template for addr (read up to its first NUL byte, as sendmail reads a
// C string).  *punted, if given, tells whether the result is the "<$g>"
// fallback sendmail uses when the template would be too long (it then logs
// "Dropped invalid comments from header address").
std::string crackaddr(std::string_view addr, const CrackOptions& opts, bool* punted = nullptr);

}  // namespace smcf
