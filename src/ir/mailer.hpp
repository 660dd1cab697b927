// mailer.hpp -- a mailer definition (M line) as plain data, and the
// bookkeeping sendmail's reader keeps between M lines.
#pragma once
#include <array>
#include <bitset>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

struct Mailer {
  std::string name;
  int number = -1;                  // slot index (prog 0, *file* 1, *include* 2, cf 3..)
  std::string path;                 // P=
  std::string mta_type, addr_type, diag_type;  // T= parts; empty = unset
  bool mta_type_set = false, addr_type_set = false, diag_type_set = false;
  std::bitset<256> flags;           // F= (every byte value; =M shows 0..127)
  int nice = 0;                     // N=
  std::vector<std::string> argv;    // A= (internal form: $u etc. unexpanded)
  int sender_env_ruleset = 0;       // S= envelope part
  int sender_hdr_ruleset = 0;       // S= header part
  int recipient_env_ruleset = 0;    // R= envelope part
  int recipient_hdr_ruleset = 0;    // R= header part
  std::string eol = "\n";           // E=
  long max_size = 0;                // M=
  int line_limit = 0;               // L=
  int max_deliveries = 0;           // m=
  std::string exec_dir;             // D=
  std::string root_dir;             // /=
  long uid = -1, gid = -1;          // U= (sendmail's uid_t/gid_t, shown as int)
  std::optional<std::string> default_charset;  // C=
  long wait = 0;                    // W= (seconds)
  int max_rcpt = 100;               // r=
  int queue_group = -1;             // Q= (index into Config::queue_groups)
  SourcePos pos;

  bool has_flag(char f) const { return flags.test(static_cast<unsigned char>(f)); }
  void set_flag(char f) { flags.set(static_cast<unsigned char>(f)); }
  void clear_flag(char f) { flags.reset(static_cast<unsigned char>(f)); }
};

// sendmail's munchstring() returns its result in one static 2048-byte
// buffer, and the U= parser of makemailer() scans a group name past the end
// of that result, through whatever older results left in the buffer, and
// (when they are all name characters or NULs) beyond the buffer into the
// mailer counter that follows it in memory, which it then zeroes.  So the
// slot a later mailer gets depends on every value munched before.  This
// model holds the bytes the real buffer would hold.
struct MunchBufferModel {
  static constexpr std::size_t kSize = 2048;
  std::array<char, kSize> bytes{};
  // false: the contents are not known (then no overflow is reproduced).
  bool known = true;

  // A munchstring() result was written: the value and its NUL.
  void store(std::string_view value) {
    std::size_t n = value.size() < kSize - 1 ? value.size() : kSize - 1;
    value.copy(bytes.data(), n);
    bytes[n] = '\0';
  }
  void zero(std::size_t at) {
    if (at < kSize) bytes[at] = '\0';
  }
};

// What sendmail keeps in makemailer()'s statics and its symbol table while
// reading M lines.
struct MailerReadState {
  int next_slot = 0;  // makemailer's "nextmailer"
  // Every mailer name ever entered (lower-cased; sendmail's symbol table
  // compares mailer names without case) -> the slot its definition got.  A
  // name keeps its slot even when an overflow let another mailer take it.
  std::map<std::string, int> slot_by_name;
  MunchBufferModel munch;

  // The state as far as it follows from a mailer table alone: exact unless
  // a U= overflow happened (the buffer contents are unknown).
  static MailerReadState from_table(const std::array<std::optional<Mailer>, 25>& table);
};

// The reader's MailerReadState.  It belongs in ReadContext as a member
// `mailer_state`; until ReadContext has it, a state rebuilt from the mailer
// table is used (see MailerReadState::from_table).
template <class Context>
MailerReadState& mailer_read_state(Context& ctx, MailerReadState& scratch) {
  if constexpr (requires { ctx.mailer_state; }) {
    return ctx.mailer_state;
  } else {
    scratch = MailerReadState::from_table(ctx.cf.mailers);
    return scratch;
  }
}

}  // namespace smcf
