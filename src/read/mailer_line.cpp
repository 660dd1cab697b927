// mailer_line.cpp -- M lines: sendmail's makemailer().
//
// "Mname, X=value, ..." defines (or redefines) a mailer.  Fields are read
// in order and some errors abandon the whole mailer while others only drop
// the field; both are reproduced, as is the order of the messages.  The
// byte-level effects on munchstring()'s static buffer are mirrored in
// MailerReadState::munch (ir/mailer.hpp) because a U= group name can run
// past its end and reset the mailer counter.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "grammar/mailer_fields.hpp"
#include "host/system.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/options.hpp"
#include "names/ruleset_name.hpp"

namespace smcf {
namespace {

constexpr int kSmtpLineLimit = 990;   // SMTPLINELIM: F=L without L=
constexpr int kDefaultMaxRcpt = 100;  // DEFAULT_MAX_RCPT: r= <= 0

bool is_c_space(char c) { return is_space(static_cast<unsigned char>(c)); }
// isascii() on a (signed) char: false for bytes >= 0x80.
bool c_ascii(char c) { return is_ascii(static_cast<unsigned char>(c)); }
bool c_digit(char c) { return is_digit(static_cast<unsigned char>(c)); }
bool c_alnum(char c) { return is_alnum(static_cast<unsigned char>(c)); }

struct Draft {
  Mailer m;
  bool have_path = false;  // a non-empty P=
  bool have_argv = false;  // a non-empty A=
  bool have_eol = false;   // a non-empty E=
};

class MailerLine {
 public:
  MailerLine(ReadContext& ctx, MailerReadState& st) : ctx_(ctx), st_(st) {}
  void read(std::string_view line);

 private:
  // field() and rulesets() return false when sendmail abandons the mailer.
  bool field(unsigned char code, const std::string& v);
  bool rulesets(unsigned char code, const std::string& v);
  void types(const std::string& v);
  void user_and_group();
  void argv(const std::string& v);
  void finish();
  void err(std::string_view id, const std::string& text) { ctx_.rep.syserr(id, text); }

  ReadContext& ctx_;
  MailerReadState& st_;
  Draft d_;
};

void MailerLine::read(std::string_view line) {
  grammar::EquateName name;
  grammar::parse_equate_name(line, name);
  if (name.name.empty()) {
    err("mailer-no-name", "name required for mailer");
    return;
  }
  d_.m.name = name.name;
  d_.m.eol.clear();
  d_.m.pos = ctx_.pos();

  std::size_t p = name.rest;
  while (p < line.size()) {
    grammar::EquateField f;
    grammar::parse_equate_field(line.substr(p), grammar::EquateList::Fields, f);
    if (!f.assigned) {
      err("mailer-syntax", fmt::format("mailer {}: `=' expected", d_.m.name));
      return;
    }
    Munched v = munch_string(line.substr(p + f.value), ',');
    st_.munch.store(v.value);
    if (!field(f.code, v.value)) return;
    // Continue at the byte munchstring stopped at (the comma).
    p += f.value + v.end;
  }
  finish();
}

bool MailerLine::field(unsigned char code, const std::string& v) {
  Mailer& m = d_.m;
  switch (code) {
    case 'P':
      if (!v.empty()) {  // an empty one is reported after the fields
        m.path = v;
        d_.have_path = true;
      }
      break;
    case 'F':
      for (char c : v)
        if (!is_c_space(c)) m.set_flag(c);
      break;
    case 'S':
    case 'R':
      return rulesets(code, v);
    case 'E':
      if (v.empty()) {
        err("mailer-null-eol", fmt::format("mailer {}: null end-of-line string", m.name));
      } else {
        m.eol = v;
        d_.have_eol = true;
      }
      break;
    case 'A':
      if (!v.empty()) argv(v);
      break;
    case 'M': m.max_size = parse_long(v, nullptr, 10); break;
    case 'm': m.max_deliveries = parse_atoi(v); break;
    case 'r': m.max_rcpt = parse_atoi(v); break;
    case 'L':
      m.line_limit = parse_atoi(v);
      if (m.line_limit < 0) m.line_limit = 0;
      break;
    case 'N': m.nice = parse_atoi(v); break;
    case 'D':
      if (v.empty())
        err("mailer-null-dir", fmt::format("mailer {}: null working directory", m.name));
      else
        m.exec_dir = v;
      break;
    case 'C':
      if (v.empty())
        err("mailer-null-charset", fmt::format("mailer {}: null charset", m.name));
      else
        m.default_charset = v;
      break;
    case 'Q': {
      if (v.empty()) {
        err("mailer-null-queue", fmt::format("mailer {}: null queue", m.name));
        break;
      }
      const auto& qs = ctx_.cf.queue_groups;
      std::size_t i = 0;
      while (i < qs.size() && !equals_nocase(qs[i].name, v)) ++i;
      if (i == qs.size())
        err("mailer-unknown-queue", fmt::format("mailer {}: unknown queue {}", m.name, v));
      else
        m.queue_group = static_cast<int>(i);
      break;
    }
    case 'T': types(v); break;
    case 'U': user_and_group(); break;
    case 'W': m.wait = convert_time(v, 's', ctx_.rep); break;
    case '/':
      if (v.empty())
        err("mailer-null-root", fmt::format("mailer {}: null root directory", m.name));
      else
        m.root_dir = v;
      break;
    default:
      err("mailer-unknown-field",
          fmt::format("M{}: unknown mailer equate {}=", m.name, static_cast<char>(code)));
      break;
  }
  return true;
}

// strtorwset() writes into the buffer it parses: the blanks after a ruleset
// name become NULs, and once the name is bound the first copy of the byte
// that followed (other than '/') too.  Mirrored so that the buffer model
// stays exact.
void model_ruleset_writes(MunchBufferModel& b, std::size_t p, bool bound) {
  auto at = [&](std::size_t i) { return i < MunchBufferModel::kSize ? b.bytes[i] : '\0'; };
  while (is_c_space(at(p))) ++p;
  if (!c_ascii(at(p)) || c_digit(at(p))) return;
  std::size_t q = p;
  while (at(p) != '\0' && c_ascii(at(p)) && (c_alnum(at(p)) || at(p) == '_')) ++p;
  if (q == p || !is_alpha(static_cast<unsigned char>(at(q)))) return;
  while (is_c_space(at(p))) b.zero(p++);
  char delim = at(p);
  if (!bound || delim == '\0' || delim == '/') return;
  for (std::size_t i = q; at(i) != '\0'; ++i)
    if (at(i) == delim) {
      b.zero(i);
      return;
    }
}

// S=env[/hdr], R=env[/hdr]: one value sets both parts.
bool MailerLine::rulesets(unsigned char code, const std::string& v) {
  RulesetRef env = parse_ruleset(v, RulesetLookup::Enter, ctx_.cf, &ctx_.rep);
  model_ruleset_writes(st_.munch, 0, env.number >= 0);
  if (env.number < 0) return false;
  int hdr = env.number;
  if (env.end < v.size() && v[env.end] == '/') {
    std::size_t start = env.end + 1;
    RulesetRef h = parse_ruleset(std::string_view(v).substr(start), RulesetLookup::Enter, ctx_.cf, &ctx_.rep);
    model_ruleset_writes(st_.munch, start, h.number >= 0);
    if (h.number < 0) return false;
    hdr = h.number;
  }
  Mailer& m = d_.m;
  if (code == 'S') {
    m.sender_env_ruleset = env.number;
    m.sender_hdr_ruleset = hdr;
  } else {
    m.recipient_env_ruleset = env.number;
    m.recipient_hdr_ruleset = hdr;
  }
  return true;
}

// T=mta/addr/diag: empty parts take the defaults; the diagnostic part is
// everything after the second '/'.
void MailerLine::types(const std::string& v) {
  Mailer& m = d_.m;
  std::size_t s1 = v.find('/');
  m.mta_type = v.substr(0, s1);
  if (m.mta_type.empty()) m.mta_type = "dns";
  m.addr_type = "rfc822";
  m.diag_type = "smtp";
  if (s1 != std::string::npos) {
    std::string rest = v.substr(s1 + 1);
    std::size_t s2 = rest.find('/');
    if (!rest.substr(0, s2).empty()) m.addr_type = rest.substr(0, s2);
    if (s2 != std::string::npos && s2 + 1 < rest.size()) m.diag_type = rest.substr(s2 + 1);
  }
  m.mta_type_set = m.addr_type_set = m.diag_type_set = true;
}

// A=: words separated by blanks.  makeargv() turns the blanks into NULs in
// the buffer.
void MailerLine::argv(const std::string& v) {
  d_.m.argv = split_argv(v);
  d_.have_argv = true;
  std::size_t p = 0, words = 0;
  while (p < v.size() && words < 256) {
    while (p < v.size() && !is_c_space(v[p])) ++p;
    while (p < v.size() && is_c_space(v[p])) st_.munch.zero(p++);
    ++words;
  }
}

// U=user[:group] or U=uid[:gid], parsed in the munch buffer as sendmail
// does.  A group name is scanned with a test that also accepts NUL, so the
// scan goes on through older buffer contents and, when they are all name
// characters or NULs, past the buffer into the mailer counter, whose low
// byte the terminating NUL then clears.
void MailerLine::user_and_group() {
  Mailer& m = d_.m;
  auto& b = st_.munch;
  constexpr std::size_t kSize = MunchBufferModel::kSize;
  auto at = [&](std::size_t i) { return i < kSize ? b.bytes[i] : '\0'; };
  auto c_string = [&](std::size_t from) {
    std::string s;
    while (from < kSize && b.bytes[from] != '\0') s.push_back(b.bytes[from++]);
    return s;
  };
  auto strtol0 = [&](std::size_t from, std::size_t* used) { return parse_long(c_string(from), used, 0); };

  std::size_t p = 0;
  if (c_ascii(at(p)) && !c_digit(at(p))) {
    std::size_t q = p;
    while (at(p) != '\0' && c_ascii(at(p)) && (c_alnum(at(p)) || at(p) == '-' || at(p) == '_')) ++p;
    while (is_c_space(at(p))) b.zero(p++);
    if (at(p) != '\0') b.zero(p++);
    std::string user = c_string(q);
    if (user.empty()) {
      err("mailer-null-user", fmt::format("mailer {}: null user name", m.name));
      return;
    }
    auto pw = ctx_.sys.user_by_name(user);
    if (!pw) {
      err("mailer-unknown-user", fmt::format("readcf: mailer U= flag: unknown user {}", user));
      return;
    }
    m.uid = pw->uid;
    m.gid = pw->gid;
  } else {
    std::size_t used = 0;
    m.uid = strtol0(p, &used);
    p += used;
    while (is_c_space(at(p))) ++p;
    if (at(p) != '\0') ++p;
  }
  while (is_c_space(at(p))) ++p;
  if (at(p) == '\0') return;
  if (c_ascii(at(p)) && !c_digit(at(p))) {
    std::size_t q = p;
    auto name_byte = [](char c) { return c == '\0' || (c_ascii(c) && (c_alnum(c) || c == '-' || c == '_' || c == '.')); };
    while (p < kSize && name_byte(b.bytes[p])) ++p;
    if (p < kSize) {
      b.zero(p);
    } else if (b.known && st_.next_slot != 0) {
      // The counter's low byte is the first byte after the buffer; every
      // value it can hold (1..25) stops the scan.  (A zero counter would let
      // the scan run on into memory nothing here models.)
      st_.next_slot = 0;
    }
    std::string group = c_string(q);
    if (group.empty()) {
      err("mailer-null-group", fmt::format("mailer {}: null group name", m.name));
      return;
    }
    auto gid = ctx_.sys.group_by_name(group);
    if (!gid) {
      err("mailer-unknown-group", fmt::format("readcf: mailer U= flag: unknown group {}", group));
      return;
    }
    m.gid = *gid;
  } else {
    m.gid = strtol0(p, nullptr);
  }
}

// The checks after the fields, the defaults, and entering the mailer.
void MailerLine::finish() {
  Mailer& m = d_.m;
  if (!d_.have_argv) {
    err("mailer-no-argv", fmt::format("M{}: A= argument required", m.name));
    return;
  }
  if (!d_.have_path) {
    err("mailer-no-path", fmt::format("M{}: P= argument required", m.name));
    return;
  }
  // Checked before looking for an existing mailer of that name, so once
  // the table is full even redefinitions fail.
  if (st_.next_slot >= limits::kMaxMailers) {
    err("mailer-too-many", fmt::format("too many mailers defined ({} max)", limits::kMaxMailers));
    return;
  }
  if (m.max_rcpt <= 0) m.max_rcpt = kDefaultMaxRcpt;
  if (m.has_flag('L')) {
    if (m.line_limit == 0) m.line_limit = kSmtpLineLimit;
    if (ctx_.cf.config_level < 2) m.set_flag('7');
  }
  if (m.path == "[TCP]") {
    err("mailer-tcp", fmt::format("M{}: P=[TCP] must be replaced by P=[IPC]", m.name));
    return;
  }
  if (m.path == "[IPC]") {
    if (m.argv.size() < 2 || m.argv[1].empty()) {
      err("mailer-ipc-argv", fmt::format("M{}: too few parameters for {} mailer", m.name, m.path));
      return;
    }
    if (m.argv[0] != "TCP" && m.argv[0] != "FILE")
      ctx_.rep.plain("mailer-ipc-first-arg", Severity::Warning,
                     fmt::format("M{}: Warning: first argument in {} mailer must be TCP or FILE", m.name, m.path));
    if (!m.mta_type_set) m.mta_type = "dns";
    if (!m.addr_type_set) m.addr_type = "rfc822";
    if (!m.diag_type_set) m.diag_type = m.argv[0] == "FILE" ? "x-unix" : "smtp";
    m.mta_type_set = m.addr_type_set = m.diag_type_set = true;
  } else if (m.path == "[FILE]") {
    if (m.argv.size() != 2) {
      err("mailer-file-argv", fmt::format("M{}: too {} parameters for [FILE] mailer", m.name,
                                          m.argv.size() < 2 ? "few" : "many"));
      return;
    }
    if (m.argv[0] != "FILE") {
      err("mailer-file-first-arg", fmt::format("M{}: first argument in [FILE] mailer must be FILE", m.name));
      return;
    }
  }
  if (!d_.have_eol) {
    // Local delivery ($u in the argv) gets LF, SMTP CR LF.
    const std::string user_macro{static_cast<char>(metabyte::kMacroExpand), 'u'};
    bool local = false;
    for (const auto& a : m.argv) local = local || a.find(user_macro) != std::string::npos;
    m.eol = local ? "\n" : "\r\n";
  }

  std::string key = lower_ascii(m.name);
  auto it = st_.slot_by_name.find(key);
  int slot = it != st_.slot_by_name.end() ? it->second : st_.next_slot++;
  st_.slot_by_name[key] = slot;
  m.number = slot;
  ctx_.cf.mailers[static_cast<std::size_t>(slot)] = std::move(m);
}

}  // namespace

void read_mailer_line(ReadContext& ctx, std::string_view rest) {
  MailerReadState scratch;
  MailerLine(ctx, mailer_read_state(ctx, scratch)).read(c_str_view(rest));
}

}  // namespace smcf
