// defaults.hpp -- what sendmail sets up around reading the cf: before it
// (meta macros, $v $n, host-name macros $w $j $m $k, class w, built-in
// mailers and macro names) and after it (default maps, version warnings,
// $j checks, post-read classes and mailer flag tweaks).
//
// The order of every step is sendmail 8.17's main(), because it is
// observable: it decides the order of messages, the ids that long macro
// names get, and the order in which class words are entered (test mode
// lists a class partly in insertion order).
#pragma once
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

struct ReadContext;
struct CommandLineOption;
class System;

void apply_startup_defaults(ReadContext& ctx);
void apply_command_line_option(ReadContext& ctx, const CommandLineOption& opt);
void apply_after_read(ReadContext& ctx);

namespace startup {

// What gethostbyname2() answers from the hosts file (glibc's "files"
// service with host.conf "multi on": every line that carries the name, in
// the requested family, merged into one entry).
struct HostAnswer {
  std::string name;                    // h_name
  std::vector<std::string> aliases;    // h_aliases, duplicates kept
  std::vector<std::string> addresses;  // as sendmail writes them into $=w: "[a.b.c.d]", "[IPv6:...]"
};

enum class Family { Inet4, Inet6 };

// gethostbyname2(name, family) against sys's hosts file.
std::optional<HostAnswer> hosts_lookup(const System& sys, std::string_view name, Family family);

// sendmail's myhostname(): the canonical host name (never empty) and the
// host entry it was found in, if any.
struct MyHostName {
  std::string name;
  std::optional<HostAnswer> entry;
};
MyHostName my_host_name(const System& sys);

// arpadate(NULL): the current time as sendmail puts it into $b.
std::string arpa_date_now();
// arpadate() of a given time (RFC 5322 form, local time).
std::string arpa_date(std::time_t t);
// ctime() of a given time without its newline: $d, the UnixFromLine date.
std::string ctime_date(std::time_t t);

// getla(): the load average sendmail puts into ${load_avg}.
int load_average(const System& sys);

}  // namespace startup
}  // namespace smcf
