// checks_mailers.cpp -- M lines: flags sendmail does not know.
//
// sendmail accepts any byte in F= and sets the bit; a flag it does not
// know does nothing, unless an H line tests it (?X? header conditions are
// exactly how configs use "free" letters), so those count as known.
// (Missing P= and A= are sendmail's own errors, mailer-no-path and
// mailer-no-argv.)
#include <fmt/format.h>

#include "lint/check_context.hpp"
#include "lint/line_fields.hpp"

namespace smcf::lint {
namespace {

// The M_* flags of sendmail 8.17 (sendmail.h), the header flags the m4
// configs use (D F M P x: H?D?Date: etc.), and the two letters reserved
// for .mc files (+ -).
constexpr std::string_view kKnownFlags =
    "aAbBcCdeEfghHiIjkKlLmnNopqrRsSuUvwWXzZ012356789:|/@~%!+-"
    "DFMPx";

}  // namespace

void check_mailers(LintContext& ctx) {
  std::string tested;  // flags some H line tests
  for (const HeaderDecl& h : ctx.cf.headers) tested += h.flags;
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (l.comment || l.kind != 'M') continue;
    MailerText m = parse_mailer_text(l.clean.text);
    const MailerField* f = m.field('F');
    if (!f) continue;
    std::string_view raw = std::string_view(l.clean.text).substr(f->value_begin, f->value_end - f->value_begin);
    std::string done;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\\') continue;
      if (kKnownFlags.find(c) != std::string_view::npos || tested.find(c) != std::string::npos) continue;
      if (done.find(c) != std::string::npos) continue;
      done.push_back(c);
      ctx.report_at("mailer-unknown-flag", l, f->value_begin + i,
                                 fmt::format("mailer {}: flag '{}' is not a sendmail 8.17 mailer flag and no H "
                                             "line tests it: it has no effect",
                                             m.name, c));
    }
  }
}

}  // namespace smcf::lint
