// header_check.cpp -- user header lines and header-check rulesets
// (sendmail's chompheader() for CHHDR_USER and rscheck()).
#include "address/header_check.hpp"

#include <fmt/format.h>


#include "address/address_text.hpp"
#include "address/parse_address.hpp"
#include "address/sender.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/config.hpp"
#include "ir/header.hpp"
#include "ir/mailer.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "names/ruleset_name.hpp"
#include "token/cataddr.hpp"

namespace smcf {
namespace {

using namespace header_flag;

// rscheck's ubuf[BUFSIZ * 2] (glibc's BUFSIZ is 8192).
constexpr std::size_t kRscheckBuf = 2 * 8192;

// quote_internal_chars(): a METAQUOTE byte before every byte that could be
// taken for a metacharacter (0200..0237 and 0377).
std::string quote_internal(std::string_view s) {
  std::string out;
  for (char c : c_str_view(s)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u == metabyte::kMetaQuote || (u & 0340) == 0200) out.push_back(static_cast<char>(metabyte::kMetaQuote));
    out.push_back(c);
  }
  return out;
}

bool is_graph(unsigned char c) { return c > 0x20 && c < 0x7f; }

// The value of ${currHeader}: the header value in double quotes, with
// embedded quotes escaped and line-break characters made blanks, cut to
// fit sendmail's MAXNAME buffer.
std::string quoted_value(std::string_view v, std::size_t* consumed) {
  constexpr std::size_t kBuf = limits::kMaxName;  // qval[MAXNAME_I]
  std::string q = "\"";
  std::size_t xlen = 1;
  std::size_t k = 0;
  for (; k < v.size() && q.size() < kBuf - 3 && xlen < limits::kMaxName - 3; ++k) {
    ++xlen;
    char c = v[k];
    switch (c) {
      case '\t': case '\n': case '\v': case '\f': case '\r':
        q.push_back(' ');
        break;
      case '"':
        ++xlen;
        q.push_back('\\');
        q.push_back(c);
        break;
      default:
        q.push_back(c);
        break;
    }
  }
  q.push_back('"');
  *consumed = v.size();
  return q;
}

// Whether a cf H line gave this name a default value that a user's header
// replaces (H_FORCE headers are never replaced).
bool has_default_header(const Config& cf, std::string_view name) {
  if (builtin_header_flags(name) & kForce) return false;
  for (const HeaderDecl& h : cf.headers)
    if (equals_nocase(h.name, name)) return true;
  return false;
}

}  // namespace

HeaderInfo header_info(const Config& cf, std::string_view name) {
  HeaderInfo hi{builtin_header_flags(name), -1};
  if (const HeaderCheck* c = find_header_check(cf, name); c && c->ruleset > 0) {
    hi.ruleset = c->ruleset;
    if (!c->keep_comments) hi.flags |= kStripComments;
  }
  return hi;
}

int rscheck(AddressContext& ctx, int ruleset, std::string_view p1, const std::string* p2, int flags,
            std::string* addrstr) {
  Reporter& rep = ctx.rep();
  if (ruleset < 0) return exitstat::kOk;
  std::string buf(c_str_view(p1));
  if (p2) {
    buf.push_back(static_cast<char>(metabyte::kCondElse));
    buf.append(c_str_view(*p2));
  }
  int rstat = exitstat::kOk;
  const bool rmcomm = flags & rsf::kRmComm;
  const CharTables& tabs = ctx.cc().tables();
  Workspace ws;
  bool saved = ctx.set_suppress(true);
  PrescanResult pr = tokenize_into(ctx, buf, '\0', rmcomm ? tabs.internal : tabs.no_comment, !rmcomm, ws,
                                   limits::kPrescanBuf);
  ctx.set_suppress(saved);
  if (pr.ok) {
    if (flags & rsf::kUnstructured) ctx.set_suppress(true);
    ctx.rw.rewrite(ws, ruleset);
    if (flags & rsf::kUnstructured) ctx.set_suppress(saved);

    Symbols& syms = ctx.syms();
    auto lead = [&](std::size_t i) { return syms.info(ws[i]).lead; };
    auto text = [&](std::size_t i) { return syms.text(ws[i]); };
    const bool triple = !ws.empty() && lead(0) == metabyte::kCanonNet;
    if (!ws.empty() && !triple && (flags & rsf::kAddr) && addrstr) {
      *addrstr = join_tokens(ctx, ws, 0, ws.size(), kRscheckBuf, (flags & rsf::kString) ? kNoSpaceSep : ' ', true);
    } else if (triple && ws.size() > 1 && (text(1) == "error" || text(1) == "discard")) {
      if (text(1) == "discard") {
        // The message is discarded; nothing is printed.
        ctx.discard = true;
      } else if (ws.size() > 3 && lead(2) == metabyte::kCanonHost && text(3) == "quarantine") {
        std::string reason;
        if (ws.size() <= 5 || lead(4) != metabyte::kCanonUser)
          reason = ruleset_display_name(ctx.cc().ir(), ruleset);
        else
          reason = join_tokens(ctx, ws, 5, ws.size(), kRscheckBuf, ' ', true);
        ctx.macros.define(macro_id_of("quarantine", ctx.names().macros, &rep), reason);
      } else {
        // The error is reported as buildaddr reports it; its status is
        // this check's result.
        int saved_exit = rep.exit_status();
        build_address(ctx, ws, 0);
        rstat = rep.exit_status();
        rep.set_exit_status(saved_exit);
      }
    }
  }
  rep.set_status(rstat);
  return rstat;
}

unsigned long chomp_user_header(AddressContext& ctx, std::string_view raw, bool check, EnvelopeState& env) {
  Reporter& rep = ctx.rep();
  const Config& cf = ctx.cc().ir();
  std::string line = quote_internal(raw);

  // Name, optional blanks, colon.
  std::size_t p = 0;
  while (p < line.size() && is_graph(static_cast<unsigned char>(line[p])) && line[p] != ':') ++p;
  const std::size_t name_end = p;
  while (p < line.size() && is_space(static_cast<unsigned char>(line[p]))) ++p;
  if (p >= line.size() || line[p] != ':' || name_end == 0) {
    rep.syserr("header-syntax", fmt::format("553 5.3.0 header syntax error, line \"{}\"", line));
    return 0;
  }
  ++p;
  const std::string fname = line.substr(0, name_end);
  const std::string fvalue = line.substr(p);
  bool null_header = true;
  for (char c : fvalue)
    if (!is_space(static_cast<unsigned char>(c))) null_header = false;

  // Overlong names end the header.
  if (fname.size() > limits::kMaxHeaderName) return kEndOfHeader;

  HeaderInfo hi = header_info(cf, fname);
  if (hi.flags & kResent) env.resent = true;
  if (hi.flags & kEndOfHeader) return hi.flags;

  if (check) {
    int rsflags = rsf::kCount;
    if (!(hi.flags & (kFrom | kRecipient))) rsflags |= rsf::kUnstructured;
    int rs = hi.ruleset;
    if (rs < 0) {
      if (HeaderInfo any = header_info(cf, "*"); any.ruleset >= 0) {
        rs = any.ruleset;
        if (any.flags & kStripComments) rsflags |= rsf::kRmComm;
      }
    } else if (hi.flags & kStripComments) {
      rsflags |= rsf::kRmComm;
    }
    if (rs >= 0) {
      MacroNames& mn = ctx.names().macros;
      std::size_t len = 0;
      std::string qval = quoted_value(fvalue, &len);
      ctx.macros.define(macro_id_of("currHeader", mn, &rep), qval);
      ctx.macros.define(macro_id_of("hdr_name", mn, &rep), fname);
      ctx.macros.define(macro_id_of("hdrlen", mn, &rep), std::to_string(len));
      const char* type = (hi.flags & kFrom) ? "h s" : (hi.flags & kRecipient) ? "h r" : "h";
      ctx.macros.define(macro_id_of("addr_type", mn, &rep), std::string(type));
      rscheck(ctx, rs, fvalue, nullptr, rsflags);
    }
  }

  // An explicit From: equal to the sender sendmail would generate is
  // dropped in favour of the cf's default.
  bool drop_from = false;
  if (equals_nocase(fname, env.resent ? "resent-from" : "from") && env.from && env.from->mailer &&
      env.from->mailer->has_flag('l') && (fvalue == env.from_printable || fvalue == env.from->user))
    drop_from = true;

  if (has_default_header(cf, fname)) {
    if (null_header) return 0;
    if (drop_from) return hi.flags;
  }
  return hi.flags | kUser;
}

}  // namespace smcf
