// print_mailer.cpp -- the `=M` line, field for field as printmailer()
// writes it.
#include "testmode/print_mailer.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "names/printable.hpp"
#include "ir/config.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

// sendmail keeps the ids in uid_t/gid_t (32-bit unsigned) and prints them
// cast to int.
int as_c_int(long id) { return static_cast<int>(static_cast<std::uint32_t>(id)); }

const char* or_undefined(bool set, const std::string& s) { return set ? s.c_str() : "<undefined>"; }

}  // namespace

std::string format_mailer_line(const Config& cf, const Mailer& m) {
  // The name and the path are printed with %s, unlike E= and A=.
  std::string out = fmt::format("mailer {} ({}): P={} S={}/{} R={}/{} M={} U={}:{} F=", m.number, m.name, m.path,
                                ruleset_display_name(cf, m.sender_env_ruleset),
                                ruleset_display_name(cf, m.sender_hdr_ruleset),
                                ruleset_display_name(cf, m.recipient_env_ruleset),
                                ruleset_display_name(cf, m.recipient_hdr_ruleset), m.max_size, as_c_int(m.uid),
                                as_c_int(m.gid));
  // Only the ASCII flags are listed, in byte order.
  for (int c = 0; c < 0200; ++c)
    if (m.flags.test(static_cast<std::size_t>(c))) out.push_back(static_cast<char>(c));
  out += fmt::format(" L={} E=", m.line_limit);
  append_printable(out, m.eol, cf.macro_names);
  if (m.default_charset) out += fmt::format(" C={}", *m.default_charset);
  out += fmt::format(" T={}/{}/{}", or_undefined(m.mta_type_set, m.mta_type),
                     or_undefined(m.addr_type_set, m.addr_type), or_undefined(m.diag_type_set, m.diag_type));
  out += fmt::format(" r={}", m.max_rcpt);
  // sendmail prints A= only when there is an argv, which every stored
  // mailer has (A= is required).
  out += " A=";
  for (std::size_t i = 0; i < m.argv.size(); ++i) {
    if (i > 0) out.push_back(' ');
    append_printable(out, m.argv[i], cf.macro_names);
  }
  return out;
}

}  // namespace smcf
