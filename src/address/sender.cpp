// sender.cpp -- sendmail's setsender() (see sender.hpp).
#include "address/sender.hpp"

#include <algorithm>

#include "address/address_text.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"

namespace smcf {
namespace {

// setsender's buf is char[MAXNAME + 2]; cataddr gets sizeof(buf) - 2.
constexpr std::size_t kSenderBuf = limits::kMaxName;
// SM_MBDB_T's mbdb_fullname is char[MEMCHUNKSIZE].
constexpr std::size_t kFullNameBuf = 1024;

bool is_mailer(const ParsedAddress& a, const Config& cf, std::string_view builtin) {
  return a.mailer != nullptr && a.mailer == find_mailer(cf, builtin, false);
}

}  // namespace

std::string full_name_from_gecos(std::string_view gecos, std::string_view login) {
  if (!gecos.empty() && gecos[0] == '*') gecos.remove_prefix(1);
  std::string out;
  for (char c : gecos) {
    if (c == '\0' || c == ',' || c == ';' || c == '%') break;
    if (out.size() >= kFullNameBuf - 1) return std::string(login.substr(0, kFullNameBuf - 1));
    if (c == '&') {
      std::size_t start = out.size();
      out.append(login.substr(0, kFullNameBuf - 1 - out.size()));
      if (start < out.size()) out[start] = static_cast<char>(to_upper(static_cast<unsigned char>(out[start])));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

ParsedAddress set_sender(AddressContext& ctx, std::string_view from_arg, const SenderEnv& env, EnvelopeState& st,
                         int delim, std::size_t* delim_pos) {
  Reporter& rep = ctx.rep();
  const Config& cf = ctx.cc().ir();
  RunNames& names = ctx.names();
  const int addr_type = macro_id_of("addr_type", names.macros, &rep);
  std::string from(c_str_view(from_arg));

  ctx.macros.define('x', std::string());
  if (cf.config_level < 2) ctx.set_suppress(true);
  ctx.macros.define(addr_type, std::string("e s"));

  std::size_t end = from.size();
  std::optional<ParsedAddress> parsed = parse_address(ctx, from, rf::kSender, delim, false, &end);
  if (delim_pos) *delim_pos = std::min(end, from.size());
  if (delim != '\0') from.resize(std::min(end, from.size()));
  bool bad = !parsed || parsed->state == AddressState::Bad;
  if (bad || is_mailer(*parsed, cf, "prog") || is_mailer(*parsed, cf, "*file*") ||
      is_mailer(*parsed, cf, "*include*")) {
    // A parsable address for a bogus mailer is refused explicitly; then
    // the invoking user, $n and postmaster are tried, silently.
    if (!bad) rep.usrerr("sender-invalid", "553 5.1.7 Invalid sender address");
    ctx.set_suppress(true);
    from = env.real_name;
    parsed = parse_address(ctx, from, rf::kSender, ' ', false);
    if (!parsed) {
      ctx.set_suppress(true);
      from = expand(std::string{static_cast<char>(metabyte::kMacroExpand), 'n'}, ctx.macros, &rep, 100);
      parsed = parse_address(ctx, from, 0, ' ', false);
      if (!parsed) {
        from = "postmaster";
        parsed = parse_address(ctx, from, 0, ' ', false);
        if (!parsed) rep.syserr("sender-no-postmaster", "553 5.3.0 setsender: can't even parse postmaster!");
      }
    }
  }
  ctx.set_suppress(false);
  ParsedAddress result = parsed ? *parsed : ParsedAddress{};
  st.from = result;
  st.from_printable = from;

  const Mailer* m = result.mailer;
  if (m != nullptr && m->has_flag('w')) {
    // The full name comes from $x (just emptied) unless one is already set.
    if (!st.full_name) {
      const std::string* x = ctx.macros.macro_value('x');
      if (x && !x->empty()) st.full_name = *x;
    }
    std::optional<PasswdEntry> pw;
    if (!result.user.empty() && env.sys) pw = env.sys->user_by_name(result.user);
    if (pw) {
      if (pw->dir.empty()) ctx.macros.define('z', std::nullopt);
      else ctx.macros.define('z', pw->dir == "/" ? std::string() : pw->dir);
      std::string fn = full_name_from_gecos(pw->gecos, pw->name);
      if (!st.full_name && !fn.empty() && pw->name == result.user) st.full_name = fn;
    }
    if (st.full_name) ctx.macros.define('x', *st.full_name);
  }

  // Rewrite the sender for $f.
  Workspace ws;
  if (!tokenize_into(ctx, from, '\0', ctx.cc().tables().internal, false, ws, limits::kPrescanBuf).ok) {
    // sendmail exits here; the session carries on with what it has.
    return result;
  }
  ctx.rw.rewrite(ws, 3);
  ctx.rw.rewrite(ws, 1);
  ctx.rw.rewrite(ws, 4);
  ctx.macros.define(addr_type, std::nullopt);
  std::string sender = join_tokens(ctx, ws, 0, ws.size(), kSenderBuf, 0, false);
  if (!sender.empty() && sender[0] == '@' && !(m && m->has_flag('d'))) {
    // A route address gets angle brackets (within the buffer).
    if (sender.size() < kSenderBuf + 1) sender.push_back('>');
    sender.insert(sender.begin(), '<');
  }
  st.sender = sender;
  ctx.macros.define('f', sender);

  if (m != nullptr && m->has_flag('C')) {
    // Strip angle brackets before taking the From domain.
    ctx.macros.define(addr_type, std::string("e s"));
    ctx.rw.rewrite(ws, 3);
    ctx.rw.rewrite(ws, 1);
    ctx.rw.rewrite(ws, 4);
    ctx.macros.define(addr_type, std::nullopt);
  }
  return result;
}

std::string invoking_user_name(const System& sys, Reporter& rep) {
  std::string name;
  if (auto pw = sys.user_by_uid(sys.real_uid())) name = pw->name;
  if (name.empty()) {
    rep.syserr("sender-who-are-you", "554 5.3.0 Who are you?");
    return "postmaster";
  }
  if (name.find_first_of(",;:/|\"\\") != std::string::npos) {
    std::string q = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') q.push_back('\\');
      q.push_back(c);
    }
    q.push_back('"');
    return q;
  }
  return name;
}

}  // namespace smcf
