// run_queue_command.cpp -- `smcf -q`: read the config as outside test
// mode, check the queue directory, run the queue once (or every interval
// with -q<time>), and report what was done with -v.
#include "cli/run_queue_command.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <cctype>
#include <cstdio>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "cli/startup.hpp"
#include "deliver/queue_run.hpp"
#include "engine/compiled.hpp"
#include "host/effects.hpp"
#include "ir/config.hpp"
#include "read/options.hpp"

namespace smcf::cli {

bool parse_queue_flag(const std::string& v, QueueRunArgs& args) {
  if (v.empty() || v == "f") return true;
  char kind = v[0];
  if (kind == 'I' || kind == 'R' || kind == 'S') {
    if (v.size() < 2 || v[1] == '!') return false;  // negation: not yet
    (kind == 'I' ? args.ids : kind == 'R' ? args.recipients : args.senders).push_back(v.substr(1));
    return true;
  }
  if (!std::isdigit(static_cast<unsigned char>(v[0]))) return false;
  Reporter quiet(nullptr);
  quiet.set_recording(false);
  args.interval = convert_time(v, 'm', quiet);
  return args.interval > 0;
}

int run_queue_command(const QueueRunArgs& args) {
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
  deliver::QueueRunOptions opts;
  opts.ids = args.ids;
  opts.recipients = args.recipients;
  opts.senders = args.senders;
  opts.verbose = args.common.verbose;
  const std::string path = sys.real_path(cf.options.queue_directory.value_or(""));
  for (;;) {
    deliver::QueueRunStats s = deliver::run_queue(loaded.config, sys, effects, rep, path, opts);
    if (args.common.verbose)
      out.write(fmt::format("smcf: queue run: {} entries, {} delivered, {} deferred, {} failed, {} removed, "
                            "{} requeued, {} locked, {} lost\n",
                            s.entries, s.delivered, s.deferred, s.failed, s.finished, s.requeued, s.locked, s.lost));
    out.flush();
    if (args.interval <= 0) break;
    ::sleep(static_cast<unsigned>(args.interval));
  }
  return exitstat::kOk;
}

}  // namespace smcf::cli
