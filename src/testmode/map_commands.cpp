// map_commands.cpp -- /map, /canon and /mx: test mode's direct look-ups,
// answered by the session's maps (maps/session.hpp).
#include <fmt/format.h>

#include "maps/host_lookup.hpp"
#include "maps/session.hpp"
#include "testmode/session.hpp"

namespace smcf {

void TestSession::map_command(std::string_view arg) { engine_.maps().map_command(arg, out_); }

void TestSession::canon_command(std::string_view host) {
  println(fmt::format("getcanonname({}) returns {}", host, engine_.maps().canonical_name(host)));
}

void TestSession::mx_command(std::string_view host) {
  std::vector<std::string> hosts;
  int rcode = 0;
  maps::HostResolver resolver(engine_.maps());
  int n = resolver.mx_hosts(host, hosts, rcode);
  // getmxrr() answers NULLMX (-2) for a null MX record; -1 (a temporary
  // failure) is printed as a count, as sendmail does.
  if (n == -2) {
    println(fmt::format("getmxrr({}) returns null MX (See RFC7505)", host));
    return;
  }
  println(fmt::format("getmxrr({}) returns {} value(s):", host, n));
  for (int i = 0; i < n && i < static_cast<int>(hosts.size()); ++i) println("\t" + hosts[static_cast<std::size_t>(i)]);
}

}  // namespace smcf
