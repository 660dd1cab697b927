// map_decl.hpp -- a map declaration (K line) as plain data.
//
// One MapDecl is sendmail's MAP structure as the cf reader leaves it: the
// class, the flags and arguments its class parser read, and the parse
// outcome.  A second K line for the same name (names are case-insensitive)
// re-runs a class parser over the same MapDecl, as sendmail does: fields the
// new line does not set keep their old values.  Run-time state (open files,
// caches) lives in maps/session.hpp, never here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "base/diag.hpp"

namespace smcf {

// sendmail's MF_* bits that the parsers set.
struct MapFlags {
  bool optional = false;      // -o   MF_OPTIONAL
  bool keep_quotes = false;   // -q   MF_KEEPQUOTES (dequote/macro/arith/arpa always)
  bool match_only = false;    // -m   MF_MATCHONLY
  bool no_fold_case = false;  // -f   MF_NOFOLDCASE
  bool append_dups = false;   // -A   MF_APPEND
  bool defer = false;         // -D   MF_DEFER
  bool no_defer = false;      // -t   MF_NODEFER
  bool include_null = false;  // -N   MF_INCLNULL
  bool try0null = false;      //      MF_TRY0NULL (key without its NUL)
  bool try1null = false;      //      MF_TRY1NULL (key with its NUL)
  bool regex_not = false;     // -n   MF_REGEX_NOT (regex)
  bool alias = false;         //      MF_ALIAS (AliasFile maps)
  bool single_match = false;  // -1   MF_SINGLEMATCH (ldap)
};

// regex class data (regex_map_init); set only when the pattern compiled.
struct RegexSpec {
  std::string pattern;
  int cflags = 0;                         // regcomp() flags
  std::optional<std::vector<int>> fields;  // -s: sub-match numbers; nullopt: no -s
  std::string delimiter;                  // -d, default "$|" (\233)
};

// ldap class data: the arguments smcf keeps (no LDAP client in this build).
struct LdapSpec {
  std::optional<std::string> host, uri, base, filter, attributes, bind_dn;
  int port = 0;
};

struct MapDecl {
  std::string name;       // as spelled in the latest K line
  std::string map_class;  // e.g. "hash", "regex", "host"
  std::string args;       // everything after the class, as read (macro-expanded)
  char space_sub_at_declaration = ' ';  // SpaceSub when the K line was read
  bool implicit = false;  // created by sendmail itself (host, aliases, ...)
  SourcePos pos;

  // --- what the class parser read (sendmail's MAP fields) ----------------
  bool valid = false;     // MF_VALID: the parser accepted the arguments
  MapFlags flags;
  std::optional<std::string> append;          // -a  map_app
  std::optional<std::string> tempfail_text;   // -T  map_tapp
  std::optional<std::string> key_column;      // -k  map_keycolnm
  std::optional<std::string> value_column;    // -v  map_valcolnm
  std::optional<std::string> file;            // map_file (switch: the service name)
  std::optional<std::string> extra_args;      // map_rebuild: text after the file
  char space_sub = 0;      // map_spacesub: key join byte; 0 = SpaceSub at lookup time
  char column_delim = 0;   // -z  map_coldelim (0 = white space)
  long timeout = 0;        // -d  seconds (host, dns, socket)
  int retry = 0;           // -r  (host, dns)

  std::optional<RegexSpec> regex;     // regex
  std::vector<std::string> members;   // sequence (and the aliases.files sequence)
  int dns_type = -1;                  // dns -R (T_* value; -1 = none or unknown)
  std::string dns_type_name;          // dns -R as written
  int syslog_priority = 6;            // syslog -L (LOG_INFO)
  std::optional<LdapSpec> ldap;       // ldap
};

}  // namespace smcf
