// host_signature.cpp -- hostsignature() (see host_signature.hpp).
#include "envelope/host_signature.hpp"

#include <vector>

#include "base/bytes.hpp"
#include "ir/mailer.hpp"
#include "maps/host_lookup.hpp"
#include "envelope/runtime.hpp"

namespace smcf::envelope {

std::string HostSignatures::signature(const Mailer* m, std::string_view host) {
  if (m == nullptr) return std::string(host);
  const bool ipc = m->path == "[IPC]";
  const bool tcp = !m->argv.empty() && m->argv[0] == "TCP";
  // Local delivery (and not remote): a constant.
  if (m->has_flag('l') && !ipc && !tcp) return "localhost";
  if (host.empty()) return "_empty_";
  // Without IPC there are no MX records.
  if (!ipc || (!m->argv.empty() && m->argv[0] == "FILE")) return std::string(host);

  std::string key(host);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;

  // Each host of a "a:b,c" list: its MX hosts, or itself.
  std::string sig;
  char prevsep = ':';
  std::size_t hp = 0;
  maps::HostResolver resolver(rt_.maps());
  while (hp != std::string::npos) {
    std::size_t endp;
    if (key[hp] == '[') {
      std::size_t close = key.find(']', hp + 1);
      endp = close == std::string::npos ? std::string::npos : key.find_first_of(":,", close + 1);
    } else {
      endp = key.find_first_of(":,", hp);
    }
    std::string part = key.substr(hp, endp == std::string::npos ? std::string::npos : endp - hp);
    std::string mx = part;
    if (!m->has_flag('0')) {
      std::vector<std::string> hosts;
      int rcode = 0;
      if (resolver.mx_hosts(part, hosts, rcode) > 0 && !hosts.empty()) mx = hosts.front();
    }
    if (!sig.empty() || hp != 0) sig.push_back(prevsep);
    sig += mx;
    if (endp == std::string::npos) break;
    prevsep = key[endp];
    hp = endp + 1;
  }
  sig = lower_ascii(sig);
  cache_.emplace(std::move(key), sig);
  return sig;
}

}  // namespace smcf::envelope
