// smtp_session.hpp -- sendmail's SMTP server (srvrsmtp.c smtp()) over one
// connection: `smcf -bs` on standard input and output, as inetd, xinetd
// and `ssh host sendmail -bs` run it.
//
// The dialogue and its replies are sendmail 8.17's; the policy is the
// cf's: check_mail, check_rcpt, check_data, check_vrfy, check_expn and
// check_eoh run exactly as sendmail runs them (with {client_addr},
// {client_name}, $_ and the other macros set as sendmail sets them), so
// the access map, relay-domains and anti-spam rules an admin already has
// decide here too.  A message gets its "250 ... Message accepted for
// delivery" only once its queue entry is committed (df and qf fsynced,
// renamed, directory fsynced: queue/queue_dir.hpp).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smcf {
class CompiledConfig;
class Effects;
class Reporter;
class System;
}  // namespace smcf

namespace smcf::smtp_server {

class SmtpChannel;

// The daemon a connection came in on (-bd), as its macros show it.
struct DaemonMacros {
  std::string name, addr, port, family, flags;
  std::optional<std::string> if_addr;    // {if_addr}: the local address, unless loopback
  std::optional<std::string> if_family;  // {if_family}
};

// The local end of socket `fd` as {if_addr} shows it (anynet_ntoa()), and
// its family; nullopt for a loopback address or no socket, for which
// sendmail leaves {if_addr} unset.
std::optional<std::pair<std::string, std::string>> local_interface(int fd, bool compressed_ipv6 = false);

// Who is at the other end (getauthinfo(), main.c): for a socket its
// address and the name the hosts file / DNS gives it; for a pipe or a
// terminal nothing but the invoking user.
struct PeerInfo {
  std::string auth_info;                  // $_: "user@localhost", "name [addr]", "[addr]"
  std::optional<std::string> host_name;   // RealHostName ({client_name}, {client_ptr})
  std::string address = "0";              // {client_addr}: anynet_ntoa(), "0" for no address
  std::string port = "0";                 // {client_port}
  bool forged = false;                    // the name does not map back to the address
  std::optional<DaemonMacros> daemon;     // set under -bd; -bs has none
};

// getpeername() on `fd` and the reverse lookup through `sys`'s hosts.
PeerInfo peer_of(int fd, const System& sys, const std::string& invoking_user, bool compressed_ipv6 = false);

struct SessionResult {
  int messages_accepted = 0;
  std::vector<std::string> queue_ids;  // the messages accepted, in order
};

SessionResult run_smtp_session(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                               Reporter& rep, const std::string& queue_path, const PeerInfo& peer,
                               SmtpChannel& channel);

}  // namespace smcf::smtp_server
