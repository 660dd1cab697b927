// host_signature.hpp -- sendmail's hostsignature(): the string that tells
// whether two addresses go to the same place ("localhost" for local
// delivery, the host for ordinary mailers, the MX hosts for [IPC] ones --
// without DNS, the host itself, or "[name]" as its canonical name with a
// final dot).  The send queue sorts by it when FastSplit is 0.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

namespace smcf {
struct Mailer;
}

namespace smcf::envelope {

class Runtime;

class HostSignatures {
 public:
  explicit HostSignatures(Runtime& rt) : rt_(rt) {}
  // hostsignature(m, host): cached per host for [IPC] mailers, as sendmail's
  // ST_HOSTSIG entries are.
  std::string signature(const Mailer* m, std::string_view host);

 private:
  Runtime& rt_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace smcf::envelope
