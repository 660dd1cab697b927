// effects.cpp -- the process's side effects (see effects.hpp).
#include "host/effects.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

namespace smcf {

Effects::Effects(EffectsOptions opts) : opts_(std::move(opts)), remaining_(1) {
  std::string spec;
  if (opts_.failpoint) spec = *opts_.failpoint;
  else if (const char* env = std::getenv("SMCF_FAILPOINT")) spec = env;
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    remaining_ = std::max(1L, std::strtol(spec.c_str() + colon + 1, nullptr, 10));
    spec.resize(colon);
  }
  armed_ = spec;
}

std::time_t Effects::now() const { return opts_.now ? *opts_.now : std::time(nullptr); }

long Effects::pid() const { return opts_.pid ? *opts_.pid : static_cast<long>(::getpid()); }

unsigned Effects::random() const {
  if (opts_.random) return *opts_.random;
  static thread_local std::mt19937 gen{std::random_device{}()};
  return static_cast<unsigned>(gen());
}

int Effects::load_average() const {
  if (opts_.load_average) return *opts_.load_average;
  double la[1];
  if (::getloadavg(la, 1) < 1) return 0;
  return static_cast<int>(la[0]);
}

int Effects::processors() const {
  if (opts_.processors) return *opts_.processors;
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

void Effects::failpoint(std::string_view name) const {
  if (armed_.empty() || name != armed_) return;
  if (--remaining_ > 0) return;
  ::kill(::getpid(), SIGKILL);
  ::pause();  // not reached: SIGKILL cannot be caught
}

}  // namespace smcf
