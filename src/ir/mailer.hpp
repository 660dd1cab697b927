// mailer.hpp -- a mailer definition (M line) as plain data.
#pragma once
#include <bitset>
#include <optional>
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

struct Mailer {
  std::string name;
  int number = -1;                  // slot index (prog 0, *file* 1, *include* 2, cf 3..)
  std::string path;                 // P=
  std::string mta_type, addr_type, diag_type;  // T= parts; empty = unset
  bool mta_type_set = false, addr_type_set = false, diag_type_set = false;
  std::bitset<128> flags;           // F=
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
  long uid = -1, gid = -1;          // U=
  std::optional<std::string> default_charset;  // C=
  long wait = 0;                    // W= (seconds)
  int max_rcpt = 100;               // r=
  int queue_group = -1;             // Q=
  SourcePos pos;

  bool has_flag(char f) const { return flags.test(static_cast<unsigned char>(f) & 0x7f); }
};

}  // namespace smcf
