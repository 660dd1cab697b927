// map_impl.hpp -- the run-time side of one map class: what sendmail's
// MAPCLASS holds as map_open and map_lookup.  A MapSession creates one
// MapImpl per map at its first open and keeps it (with its handles) for the
// session's life.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "ir/map_decl.hpp"
#include "maps/session.hpp"

namespace smcf::maps {

// sysexits values that map lookups report (sendmail's EX_*).
inline constexpr int kStatOk = 0;
inline constexpr int kStatDataErr = 65;
inline constexpr int kStatNoUser = 67;
inline constexpr int kStatNotFound = 68;  // EX_NOTFOUND == EX_NOHOST
inline constexpr int kStatUnavailable = 69;
inline constexpr int kStatSoftware = 70;
inline constexpr int kStatOsErr = 71;
inline constexpr int kStatOsFile = 72;
inline constexpr int kStatTempFail = 75;
inline constexpr int kStatProtocol = 76;
inline constexpr int kStatConfig = 78;

class MapImpl {
 public:
  explicit MapImpl(const MapDecl& decl) : decl_(decl) {}
  virtual ~MapImpl() = default;
  MapImpl(const MapImpl&) = delete;
  MapImpl& operator=(const MapImpl&) = delete;

  // map_open(map, O_RDONLY): false when the map cannot be used (the class
  // has reported why, unless the map is optional).
  virtual bool open(MapSession&) { return true; }
  // map_lookup(): the value, or nullopt with `status` telling why.  `key`
  // may be changed in place (some classes do, and sendmail's av[0] is the
  // same buffer).  `args` null: no %n substitution.
  virtual std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args,
                                            int& status) = 0;

  // A lookup may take the map out of service, as sendmail's classes do by
  // clearing MF_VALID|MF_OPEN (text, program) or by turning it bogus (a
  // DB file that cannot be reopened).  The session applies and clears it.
  enum class Disable : unsigned char { None, Invalid, Bogus };
  Disable take_disable() {
    Disable d = disable_;
    disable_ = Disable::None;
    return d;
  }

 protected:
  const MapDecl& decl_;
  Disable disable_ = Disable::None;
};

// The implementation for decl.map_class (never null: unknown classes get
// the null class).
std::unique_ptr<MapImpl> make_map_impl(const MapDecl& decl);

// One factory per class file.
std::unique_ptr<MapImpl> make_db_map(const MapDecl& d);        // hash, btree
std::unique_ptr<MapImpl> make_implicit_map(const MapDecl& d);  // implicit
std::unique_ptr<MapImpl> make_stab_map(const MapDecl& d);      // stab
std::unique_ptr<MapImpl> make_text_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_regex_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_host_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_bestmx_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_user_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_program_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_socket_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_sequence_map(const MapDecl& d);  // sequence
std::unique_ptr<MapImpl> make_switch_map(const MapDecl& d);    // switch
std::unique_ptr<MapImpl> make_null_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_dequote_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_macro_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_arith_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_arpa_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_syslog_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_dns_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_nis_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_nisplus_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_ldap_map(const MapDecl& d);
std::unique_ptr<MapImpl> make_userdb_map(const MapDecl& d);

}  // namespace smcf::maps
