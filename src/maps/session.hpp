// session.hpp -- run-time maps: the lookups the rewriting engine and test
// mode make, with sendmail 8.17's semantics.
//
// The map declarations (ir/map_decl.hpp) are read once and shared,
// immutable.  Everything a lookup changes lives in a MapSession, owned by
// one test-mode session or one resolver thread and never shared:
//   - which maps are open, failed ("bogus": every lookup is a temporary
//     failure) or disabled (an optional map that failed, an invalid map);
//   - open handles: Berkeley DB files, compiled regexes, socket-map
//     connections;
//   - caches: host names (sendmail's ST_NAMECANON entries), the service
//     switch, the aliases read by stab maps;
//   - the session's macros, which the `macro` map defines and undefines.
// Maps are opened lazily, at their first lookup, as sendmail does; open
// errors are reported then, through the session's Reporter.
//
// Hard limits (sendmail's, see base/limits.hpp and the class files):
//   keys are cut to 256 bytes by the DB, text and socket classes (MAXNAME),
//   text-map lines are read in 2047-byte pieces, regex -s results are cut
//   to 255 bytes, program maps read one 2047-byte chunk of output, socket
//   replies may be up to 1,000,000 bytes, sequences hold 128 maps.
// Timeouts (never infinite, unlike sendmail's program map):
//   program maps: SessionOptions::program_timeout (default 60 s); the child
//     is killed and the lookup is a temporary failure (75);
//   socket maps: the map's -d, else 30 s, per read or write;
//   DNS, NIS, NIS+, LDAP: no network client is linked; lookups answer what
//     sendmail answers on a machine without network (see remote_maps.cpp).
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/map_port.hpp"
#include "ir/map_decl.hpp"

namespace smcf {
struct Config;
struct MacroNames;
class MacroOverlay;
class Output;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::dns {
class DnsClient;
}

namespace smcf::maps {

class MapImpl;
class HostNameCache;
class ServiceSwitch;
struct AliasTable;

// The arguments of a lookup after the key: sendmail's av[1], av[2]...
// (%1, %2, ...; %0 is the key).  A null pointer is sendmail's av == NULL
// (no %n substitution at all), as for F{X}key@class:spec lookups.
using MapArgs = std::vector<std::string>;

// What reading an alias file (stab maps, the text fallback of implicit
// alias maps) needs from the address parser: sendmail's parseaddr() of the
// left-hand side.  Returns the user part and whether the mailer takes
// aliases (F=A), or nullopt when the address did not parse (the parser has
// reported why).  Without a parser, the LHS text itself is the user.
struct AliasLhs {
  std::string user;
  std::string printable;  // q_paddr, for "... cannot alias non-local names"
  bool aliasable = true;
};
// Parses the left-hand side of an alias line: `line` is the whole line,
// whose address ends at the first top-level ':' (sendmail's parseaddr()
// with ':' as the delimiter, so an unbalanced '<' runs on past it).
using AliasLhsParser = std::function<std::optional<AliasLhs>(std::string_view line)>;

struct SessionOptions {
  // sendmail's e_sendmode == SM_DEFER (DeliveryMode=d outside test mode):
  // maps with -D answer "temporary failure" without looking.  Never set in -bt.
  bool deferred_delivery = false;
  std::chrono::seconds program_timeout{60};
  AliasLhsParser alias_parser;
};

class MapSession final : public MapPort {
 public:
  // All references must outlive the session.  `macros` and `names` are the
  // session's own (the macro map writes them).
  MapSession(const Config& cf, const System& sys, Reporter& rep, MacroOverlay& macros, MacroNames& names,
             SessionOptions opts = {});
  ~MapSession();
  MapSession(const MapSession&) = delete;
  MapSession& operator=(const MapSession&) = delete;

  // --- the engine (engine/map_port.hpp) -----------------------------------
  // Whether a map of that name (case-insensitive) is declared.
  bool has_map(std::string_view name) override;
  // The byte that joins the key's atoms: -S, else the SpaceSub of the K
  // line for the classes with generic flags (and ldap); 0 means "the
  // SpaceSub in effect now".  0 for unknown maps.
  int key_space_sub(std::string_view name) override;
  // parseaddr.c map_lookup(): opens the map if needed (not open -> not
  // found), applies the defer rule, strips quotes and backslashes from
  // `key` in place unless the map keeps them, runs the class lookup with
  // av = {key, args...}, and on a temporary failure sets *status = 75
  // (unless -t) and returns key + the -T text if the map has one.  *status
  // is left alone otherwise.  nullopt = not found (unknown maps included).
  std::optional<std::string> lookup(std::string_view name, std::string& key, const std::vector<std::string>& args,
                                    int* status) override;
  void recycle(std::string&& used) override {
    if (used.capacity() > spare_.capacity()) spare_ = std::move(used);
  }
  // An empty string for a result, with the buffer of one recycled earlier.
  std::string take_buffer() {
    std::string b = std::move(spare_);
    spare_ = std::string();
    b.clear();
    return b;
  }

  // --- test mode -------------------------------------------------------------
  // "/map ARG": ARG is the text after "/map" and the blanks that follow it,
  // trailing white space removed, not empty.  Writes what sendmail prints:
  // "No key specified", "Map named "X" not found|not open", or
  // "map_lookup: NAME (KEY) " + "returns VALUE (STATUS)" | "no match (STATUS)".
  // Messages of the lookup itself go through the Reporter (so they appear
  // between the two halves, as in sendmail).
  void map_command(std::string_view arg, Output& out);
  // getcanonname(host, 256, !HasWildcardMX): the text "/canon HOST" prints
  // after "returns " (the host itself when not found).  `host` is shorter
  // than 256 bytes (test mode prints "Name too long" otherwise).
  std::string canonical_name(std::string_view host);

  // --- read time: F{X}key@class:spec -------------------------------------------
  // Opens a map that is not in the table and looks `key` up once, with
  // av == NULL, as fileclass() does.  Returns false when the open failed.
  bool direct_lookup(const MapDecl& map, std::string key, std::optional<std::string>* value, int* status);

  // --- for the class implementations (maps/*_map.cpp) ----------------------
  struct Record {
    const MapDecl* decl = nullptr;
    enum class State : unsigned char { Closed, Open, Bogus, Invalid } state = State::Closed;
    std::unique_ptr<MapImpl> impl;
  };
  Record* record(std::string_view name);
  // openmap(): true when open (or bogus); false when not valid or disabled.
  bool open_map(Record& r);
  // map->map_class->map_lookup() of an open record (bogus: tempfail).
  std::optional<std::string> class_lookup(Record& r, std::string& key, const MapArgs* args, int& status);

  const Config& config() const { return cf_; }
  const System& system() const { return sys_; }
  Reporter& reporter() { return rep_; }
  MacroOverlay& macros() { return macros_; }
  MacroNames& macro_names() { return names_; }
  const SessionOptions& options() const { return opts_; }
  const ServiceSwitch& service_switch();
  HostNameCache& host_cache();
  AliasTable& alias_table();
  // The DNS client (created on first use, with the config's
  // Timeout.resolver.* and the System's name servers); nullptr when the
  // System says --no-dns, meaning "no network": every query is TRY_AGAIN.
  dns::DnsClient* dns_client();
  // sendmail's Verbose (messages with a 0xx code are shown when set).
  bool verbose() const;

 private:
  std::string spare_;  // a result buffer handed back by recycle()
  const Config& cf_;
  const System& sys_;
  Reporter& rep_;
  MacroOverlay& macros_;
  MacroNames& names_;
  SessionOptions opts_;
  // Map names compare without ASCII case, like sendmail's symbol table;
  // lookups by string_view need no allocation.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept;
  };
  struct NameEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept;
  };
  std::unordered_map<std::string, Record, NameHash, NameEq> records_;
  std::unique_ptr<ServiceSwitch> switch_;
  std::unique_ptr<HostNameCache> host_cache_;
  std::unique_ptr<AliasTable> aliases_;
  std::unique_ptr<dns::DnsClient> dns_;
};

}  // namespace smcf::maps
