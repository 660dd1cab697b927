// mailer_output.hpp -- the bytes a mailer program is given: the message's
// headers as putheader() writes them for that mailer, the blank line, and
// the body as putbody() copies it (util.c putxline(): the mailer's E= line
// end, L= line limit with "!" continuation, F=X dot doubling, F=E ">From"
// escaping, F=7 high-bit stripping).
//
// Not yet: MIME 8->7 conversion (EightBitMode=m with an F=7 mailer) and
// F=U UNIX From lines; docs/delivery.md lists them.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "submit/header_list.hpp"

namespace smcf {
struct Mailer;
}

namespace smcf::deliver {

struct OutputContext {
  const Mailer* mailer = nullptr;
  bool resent = false;       // EF_RESENT
  bool delete_bcc = false;   // EF_DELETE_BCC
  bool keep_bcc = false;     // KeepBcc... (sendmail: off)
  // expand() with the delivery's macros ($g = the rewritten sender ...).
  std::function<std::string(std::string_view)> expand;
  // A macro's value (for ?$x? conditions); nullptr when unset.
  std::function<const std::string*(int)> macro;
  // remotename() of one header address for this mailer (sender: From-type).
  std::function<std::string(std::string_view, bool sender)> header_address;
};

// putheader().
std::string put_headers(const std::vector<submit::Header>& headers, const OutputContext& ctx);
// putxline() of one line of text (no newline in it) for the mailer: its
// E= line end, L= limit, F=E "From " escaping.
std::string put_text(std::string_view line, const Mailer& m, bool map_from = true);

// putbody() for a body that needs no conversion.
std::string put_body(std::string_view body, const Mailer& m);

}  // namespace smcf::deliver
