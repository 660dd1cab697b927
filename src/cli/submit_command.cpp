// submit_command.cpp -- submission from the command line (see
// submit_command.hpp): the config is read outside test mode, the queue
// directory checked, the message read from standard input and committed
// to the queue (submit/submission.hpp) before smcf exits 0.
//
// Every delivery mode queues first (SuperSafe=True).  Then, as
// DeliveryMode (-od) says: interactive (-odi) runs that queue entry at
// once and exits with its delivery status; background (-odb, the usual
// default) runs it in a detached process and exits 0; queue and defer
// (-odq, -odd) leave it for a queue run.  docs/delivery.md says what is
// done and what is not yet.
#include "cli/submit_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/startup.hpp"
#include "engine/compiled.hpp"
#include "host/effects.hpp"
#include "ir/config.hpp"
#include "read/options.hpp"
#include "deliver/queue_run.hpp"
#include "host/process.hpp"
#include "submit/submission.hpp"

namespace smcf::cli {
namespace {

// Standard input, all of it; nullopt on a read error (errno kept).
std::optional<std::string> read_stdin() {
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n == 0) return data;
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
}

bool ignore_dots(const Config& cf) {
  auto v = option_value(cf.options, "IgnoreDots");
  return v && option_bool(*v);
}

}  // namespace

int submit_command(const SubmitArgs& args) {
  DeliveryProcess proc(args.common);
  System& sys = proc.sys;
  Effects& effects = proc.effects;
  Output& out = proc.out;
  Reporter& rep = proc.rep;
  int status = exitstat::kOk;
  std::optional<LoadedConfigFile> loaded_or = load_for_delivery(args.common, sys, rep, out, &status);
  if (!loaded_or) return status;
  LoadedConfigFile& loaded = *loaded_or;
  const Config& cf = loaded.config->ir();
  submit::SubmitRequest req;
  req.sender = args.sender;
  req.full_name = args.full_name;
  req.body_type = args.body_type;
  req.recipients = args.common.addresses;
  req.recipients_from_headers = args.from_headers;
  req.notify = args.notify;
  req.ret = args.ret;
  req.envid = args.envid;
  req.ignore_dots = ignore_dots(cf);
  auto input = read_stdin();
  if (!input) {
    rep.syserr("submit-read-input", "collect: read error on standard input", errno);
    out.flush();
    return exitstat::kIoErr;
  }
  req.input = std::move(*input);
  const std::string queue_path = sys.real_path(cf.options.queue_directory.value_or(""));
  submit::SubmitResult r = submit::submit_message(loaded.config, sys, effects, rep, queue_path, req);
  out.flush();
  if (r.exit_status != exitstat::kOk || r.queue_id.empty()) return r.exit_status;
  // DeliveryMode: the first letter counts (sendmail's set_delivery_mode()).
  std::string mode = lower_ascii(option_value(cf.options, "DeliveryMode").value_or("b"));
  const char m = mode.empty() ? 'b' : mode[0];
  if (m != 'i' && m != 'b') return r.exit_status;
  deliver::QueueRunOptions opts;
  opts.ids = {r.queue_id};
  opts.at_submission = true;
  opts.verbose = args.common.verbose;
  auto deliver_now = [&] {
    deliver::QueueRunStats s = deliver::run_queue(loaded.config, sys, effects, rep, queue_path, opts);
    out.flush();
    return s.exit_status;
  };
  if (m == 'i') return deliver_now();
  if (!spawn_detached([&] { deliver_now(); })) deliver_now();
  return r.exit_status;
}

}  // namespace smcf::cli
