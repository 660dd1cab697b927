// daemon.hpp -- `smcf -bd` / `-bD`: sendmail's daemon (daemon.c
// getrequests()) in its process model: the sockets of the cf's
// DaemonPortOptions, one process forked per connection, the number of
// connection processes bounded by MaxDaemonChildren.
//
// This file knows sockets and processes only; what a connection's process
// does with its socket (the SMTP session and the delivery after it) is the
// caller's `serve`, so the same session code runs under -bs and -bd.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "smtp_server/smtp_session.hpp"

namespace smcf {
struct OptionSettings;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::smtp_server {

// One DaemonPortOptions entry, as setsockaddroptions() reads it.
struct DaemonSpec {
  std::string name;          // Name= ("Daemon0", "Daemon1", ... by default)
  int family = 0;            // AF_INET (default) or AF_INET6
  std::string address;       // Addr=, numeric; "" for any address
  int port = 25;             // Port= (a number or a service name)
  std::string flags;         // ${daemon_flags}: the M= modifiers as sendmail spells them
};

// The daemons the options define (one "Daemon0" on port 25 when none
// is); an entry that cannot be used is reported through `rep` and left out.
std::vector<DaemonSpec> daemon_specs(const OptionSettings& options, const System& sys, Reporter& rep);

// The macros sendmail defines for a connection to `d`: {daemon_name},
// {daemon_addr}, {daemon_port}, {daemon_family}, {daemon_flags}.
DaemonMacros daemon_macros(const DaemonSpec& d);

struct DaemonLimits {
  int max_children = 0;  // MaxDaemonChildren; 0: no limit
};

// Listens on every daemon, and for each connection forks a process that
// runs serve(socket, daemon) and exits with its result.  Returns when
// SIGTERM or SIGINT arrives (the exit status: 0), or when no socket could
// be opened (EX_OSERR, with the reason reported).
int run_daemon(const std::vector<DaemonSpec>& daemons, const DaemonLimits& limits, Reporter& rep,
               const std::function<int(int fd, const DaemonSpec& d)>& serve);

}  // namespace smcf::smtp_server
