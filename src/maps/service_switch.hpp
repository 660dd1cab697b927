// service_switch.hpp -- sendmail's own service switch (conf.c
// switch_map_find() on systems without nsswitch support, which is how the
// Linux build works): which map types serve "hosts", "aliases", ...
//
// The file (option ServiceSwitchFile, default /etc/mail/service.switch)
// has lines "service type type ..."; '#' starts a comment.  Without the
// file, or without a line for the service, sendmail falls back to
// "files" for aliases and "dns files" for hosts.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {
class System;
}

namespace smcf::maps {

inline constexpr std::string_view kDefaultServiceSwitchFile = "/etc/mail/service.switch";

class ServiceSwitch {
 public:
  // Reads the file through sys (path remapping applies); a missing or
  // unreadable file gives an empty table (only the fallbacks apply).
  static ServiceSwitch read(const System& sys, std::string_view path);
  // Parses file text (exposed for tests).
  static ServiceSwitch parse(std::string_view text);

  // The map types for `service` (at most MAXMAPSTACK); nullopt is
  // sendmail's -1 ("no such service").
  std::optional<std::vector<std::string>> find(std::string_view service) const;

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> services_;
};

}  // namespace smcf::maps
