// smtp_command.cpp -- `smcf -bs` and `smcf -bd` (see smtp_command.hpp):
// the config read as for delivery, the peer taken from the connection
// (standard input for -bs: a socket when inetd hands one over), the
// session run (smtp_server/), and then, as DeliveryMode says, the accepted
// messages delivered: interactive and background run each one in a
// detached process once the session is over; queue and defer leave them
// for a queue run.
#include "cli/smtp_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <memory>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/startup.hpp"
#include "deliver/queue_run.hpp"
#include "engine/compiled.hpp"
#include "host/commit_group.hpp"
#include "host/process.hpp"
#include "ir/config.hpp"
#include "read/options.hpp"
#include "smtp_server/daemon.hpp"
#include "smtp_server/smtp_channel.hpp"
#include "smtp_server/smtp_session.hpp"

namespace smcf::cli {
namespace {

// One SMTP session on standard input/output, then delivery as DeliveryMode
// says.  The exit status is what the session left, as sendmail's
// finis(ExitStat) after QUIT: a refused recipient leaves its status.
int serve_stdin(DeliveryProcess& proc, const LoadedConfigFile& loaded,
                const std::optional<smtp_server::DaemonMacros>& daemon) {
  const Config& cf = loaded.config->ir();
  // A client that goes away is a read or write error, never a signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::string user = "root";
  if (auto pw = proc.sys.user_by_uid(proc.sys.real_uid())) user = pw->name;
  bool compressed_ipv6 = false;
  if (auto v = option_value(cf.options, "UseCompressedIPv6Addresses")) compressed_ipv6 = option_bool(*v);
  smtp_server::PeerInfo peer = smtp_server::peer_of(STDIN_FILENO, proc.sys, user, compressed_ipv6);
  peer.daemon = daemon;
  const std::string queue_path = proc.sys.real_path(cf.options.queue_directory.value_or(""));
  smtp_server::SmtpChannel channel(STDIN_FILENO, proc.out, STDOUT_FILENO);
  smtp_server::SessionResult r =
      smtp_server::run_smtp_session(loaded.config, proc.sys, proc.effects, proc.rep, queue_path, peer, channel);
  proc.out.flush();
  std::string mode = lower_ascii(option_value(cf.options, "DeliveryMode").value_or("b"));
  const char m = mode.empty() ? 'b' : mode[0];
  const int status_at_end = proc.rep.exit_status();
  if (r.queue_ids.empty() || (m != 'i' && m != 'b')) return status_at_end;
  // The peer has its answers; delivery happens apart from the session, as
  // sendmail's does after the connection closes.
  Reporter quiet(nullptr);
  deliver::QueueRunOptions opts;
  opts.ids = r.queue_ids;
  opts.at_submission = true;
  std::shared_ptr<const CompiledConfig> config = loaded.config;
  spawn_detached([&] { deliver::run_queue(config, proc.sys, proc.effects, quiet, queue_path, opts); });
  return status_at_end;
}

}  // namespace

int smtp_command(const TestModeArgs& args) {
  DeliveryProcess proc(args);
  int status = exitstat::kOk;
  std::optional<LoadedConfigFile> loaded = load_for_delivery(args, proc.sys, proc.rep, proc.out, &status);
  if (!loaded) return status;
  return serve_stdin(proc, *loaded, std::nullopt);
}

int daemon_command(const TestModeArgs& args, bool foreground) {
  DeliveryProcess proc(args);
  int status = exitstat::kOk;
  std::optional<LoadedConfigFile> loaded = load_for_delivery(args, proc.sys, proc.rep, proc.out, &status);
  if (!loaded) return status;
  const Config& cf = loaded->config->ir();
  std::vector<smtp_server::DaemonSpec> daemons = smtp_server::daemon_specs(cf.options, proc.sys, proc.rep);
  smtp_server::DaemonLimits limits;
  if (auto v = option_value(cf.options, "MaxDaemonChildren")) limits.max_children = static_cast<int>(parse_atol(*v));
  proc.out.flush();
  if (!foreground) {
    // -bd: the daemon goes on in a child of its own session; the command
    // returns at once, as sendmail's does.
    pid_t pid = ::fork();
    if (pid < 0) return exitstat::kOsErr;
    if (pid > 0) return exitstat::kOk;
    ::setsid();
  }
  // One group commit for every connection process (they inherit it):
  // concurrent messages share their flushes.
  std::unique_ptr<CommitGroup> group;
  struct stat qst {};
  if (::stat(proc.sys.real_path(cf.options.queue_directory.value_or("")).c_str(), &qst) == 0)
    group = CommitGroup::create(qst.st_dev);
  proc.effects.set_commit_group(group.get());
  // Each connection's process puts its socket on standard input and
  // output and runs what -bs runs.
  return smtp_server::run_daemon(daemons, limits, proc.rep, [&](int fd, const smtp_server::DaemonSpec& d) {
    ::dup2(fd, STDIN_FILENO);
    ::dup2(fd, STDOUT_FILENO);
    if (fd > STDOUT_FILENO) ::close(fd);
    smtp_server::DaemonMacros macros = smtp_server::daemon_macros(d);
    if (auto local = smtp_server::local_interface(STDIN_FILENO)) {
      macros.if_addr = local->first;
      macros.if_family = local->second;
    }
    return serve_stdin(proc, *loaded, macros);
  });
}

}  // namespace smcf::cli
