// remotename.cpp -- an address rewritten relative to a mailer (sendmail's
// remotename()).
#include "address/remotename.hpp"

#include <optional>

#include "address/address_text.hpp"
#include "address/crackaddr.hpp"
#include "address/parse_address.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"

namespace smcf {
namespace {

// remotename's buffers: buf and lbuf are char[MAXNAME + 1].
constexpr std::size_t kNameBuf = limits::kMaxName + 1;

}  // namespace

RemoteName remote_name(AddressContext& ctx, std::string_view name, const Mailer& m, int flags) {
  RemoteName out;
  const Config& cf = ctx.cc().ir();
  name = c_str_view(name);

  int rwset;
  std::string addr_type = (flags & rf::kHeader) ? "h " : "e ";
  if (flags & rf::kSender) {
    rwset = (flags & rf::kHeader) ? m.sender_hdr_ruleset : m.sender_env_ruleset;
    addr_type.push_back('s');
  } else {
    rwset = (flags & rf::kHeader) ? m.recipient_hdr_ruleset : m.recipient_env_ruleset;
    addr_type.push_back('r');
  }
  if (rwset < 0) {
    out.text = std::string(name);
    return out;
  }
  ctx.macros.define(macro_id_of("addr_type", ctx.names().macros, &ctx.rep()), addr_type);

  // The template keeps comments and phrases around $g.
  std::string fancy;
  if ((flags & rf::kCanonical) || m.has_flag('c')) {
    fancy = {static_cast<char>(metabyte::kMacroExpand), 'g'};
  } else {
    fancy = crackaddr(name, crack_options(cf.options));
  }

  Workspace ws;
  if (!tokenize_into(ctx, name, '\0', ctx.cc().tables().external, false, ws, limits::kPrescanBuf).ok) {
    out.text = std::string(name);
    return out;
  }
  auto run = [&](int ruleset) {
    if (ctx.rw.rewrite(ws, ruleset) == exitstat::kTempFail) out.status = exitstat::kTempFail;
  };
  run(3);
  run((flags & rf::kSender) ? 1 : 2);
  if (rwset > 0) run(rwset);
  run(4);

  // Put the result into the template as $g.
  std::string lbuf = join_tokens(ctx, ws, 0, ws.size(), kNameBuf, 0, false);
  std::optional<std::string> oldg;
  if (const std::string* g = ctx.macros.macro_value('g')) oldg = *g;
  ctx.macros.define('g', lbuf);
  if ((flags & rf::kCanonical) && !lbuf.empty() && lbuf[0] == '@') {
    const std::string routed = {'<', static_cast<char>(metabyte::kMacroExpand), 'g', '>'};
    out.text = expand(routed, ctx.macros, &ctx.rep(), kNameBuf);
  } else {
    out.text = expand(fancy, ctx.macros, &ctx.rep(), kNameBuf);
  }
  ctx.macros.define('g', oldg);
  return out;
}

}  // namespace smcf
