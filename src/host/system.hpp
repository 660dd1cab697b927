// system.hpp -- everything smcf learns from the machine it runs on, behind
// one interface: files (with optional path remapping), the host's identity,
// the hosts file and the passwd/group databases.
//
// sendmail reads these from the real system.  smcf does too by default, but
// every source can be pinned (docs/hermetic.md) so that tests reproduce the
// conformance goldens on any machine, without root and without DNS.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

struct PasswdEntry {
  std::string name;
  long uid = -1;
  long gid = -1;
  std::string gecos, dir, shell;
};

struct HostEntry {
  std::string address;                // textual address as in the hosts file
  std::vector<std::string> names;     // canonical name first, then aliases
};

struct SystemOptions {
  std::optional<std::string> host_name;    // pin the host name (else gethostname)
  std::optional<std::string> node_name;    // pin uname's nodename (default: host_name)
  std::optional<std::string> hosts_file;   // default /etc/hosts
  std::optional<std::string> passwd_file;  // default: the system's getpwnam
  std::optional<std::string> group_file;   // default: the system's getgrnam
  std::optional<long> uid;                 // pin the real uid (default getuid)
  bool no_dns = false;                     // never query DNS
  // DNS servers to ask instead of resolv.conf's ("a.b.c.d[:port]").
  std::vector<std::string> nameservers;
  // Path remapping: a path starting with `from` is read from `to` instead
  // (longest prefix wins).  Messages still show the original path.
  std::vector<std::pair<std::string, std::string>> remap;
};

class System {
 public:
  explicit System(SystemOptions opts = {});

  const SystemOptions& options() const { return opts_; }

  // The path a file is really read from.
  std::string real_path(std::string_view path) const;
  // Reads a whole file; nullopt with *err set (errno) on failure.
  std::optional<std::string> read_file(std::string_view path, int* err) const;
  bool file_exists(std::string_view path) const;

  std::string host_name() const;   // gethostname(), or the pinned name
  std::string node_name() const;   // uname().nodename
  long real_uid() const;

  std::optional<PasswdEntry> user_by_name(std::string_view name) const;
  std::optional<PasswdEntry> user_by_uid(long uid) const;
  // Every user in file order (getpwent()), from the pinned file if any.
  std::vector<PasswdEntry> all_users() const;
  std::optional<long> group_by_name(std::string_view name) const;

  // Hosts-file lookups (case-insensitive names).
  const std::vector<HostEntry>& hosts() const;
  std::optional<HostEntry> host_by_name(std::string_view name) const;   // first entry with that name
  std::optional<HostEntry> host_by_address(std::string_view addr) const;

 private:
  // The pinned files, read on first use.  A System is shared by every
  // resolver of a loaded config, so each file is read exactly once, under
  // std::call_once; copies of a System share what was read.
  struct Caches {
    std::once_flag hosts_once, passwd_once, groups_once;
    std::vector<HostEntry> hosts;
    std::vector<PasswdEntry> passwd;
    std::vector<std::pair<std::string, long>> groups;
  };
  const std::vector<PasswdEntry>& pinned_passwd() const;

  SystemOptions opts_;
  std::shared_ptr<Caches> caches_ = std::make_shared<Caches>();
};

}  // namespace smcf
