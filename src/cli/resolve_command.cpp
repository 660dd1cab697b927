// resolve_command.cpp -- `smcf resolve` (see resolve_command.hpp).
#include "cli/resolve_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <string_view>
#include <thread>
#include <vector>

#include "base/output.hpp"
#include "cli/api_load.hpp"
#include "smcf/smcf.hpp"

namespace smcf::cli {
namespace {

// One result line for a resolved address.
void format_resolved(std::string& out, const ResolveResult& r) {
  if (!r.mailer.empty()) {
    out += r.mailer;
    out.push_back('\t');
    out += r.host;
    out.push_back('\t');
    out += r.mailer == "*error*" ? r.message : r.user;
  } else {
    out += "error\t";
    out += std::to_string(r.status);
    out.push_back('\t');
    out += r.message;
  }
  out.push_back('\n');
}

// The $# mailer $@ host $: user triple of a rewritten workspace.
void format_rewritten(std::string& out, const RewriteResult& r) {
  const auto& t = r.tokens;
  auto is = [&](std::size_t i, char c) { return i < t.size() && t[i].size() == 1 && static_cast<unsigned char>(t[i][0]) == static_cast<unsigned char>(c); };
  const char kMailer = static_cast<char>(0226), kHost = static_cast<char>(0227), kUser = static_cast<char>(0230);
  if (r.status != 0 || !is(0, kMailer) || t.size() < 2) {
    out += r.status != 0 ? "error\t" + std::to_string(r.status) + "\t" : std::string("workspace\t");
    out += r.display;
    out.push_back('\n');
    return;
  }
  std::string mailer = t[1], host, user;
  std::size_t i = 2;
  if (is(i, kHost)) {
    for (++i; i < t.size() && !is(i, kUser); ++i) host += t[i];
  }
  if (is(i, kUser))
    for (++i; i < t.size(); ++i) {
      if (!user.empty()) user.push_back(' ');
      user += t[i];
    }
  out += mailer + "\t" + host + "\t" + user + "\n";
}

}  // namespace

int resolve_command(const ResolveArgs& args) {
  int status = 0;
  auto cf = load_api_config(args.common, std::nullopt, "resolve", &status);
  if (!cf) return status;

  // The whole input, cut into lines.
  std::string input;
  char buf[1 << 16];
  for (ssize_t n; (n = ::read(STDIN_FILENO, buf, sizeof buf)) > 0;) input.append(buf, static_cast<std::size_t>(n));
  std::vector<std::string_view> lines;
  for (std::size_t i = 0; i < input.size();) {
    std::size_t nl = input.find('\n', i);
    std::size_t end = nl == std::string::npos ? input.size() : nl;
    lines.emplace_back(input.data() + i, end - i);
    i = end + 1;
  }

  // Each thread takes a contiguous share and writes into its own buffer;
  // the buffers are written out in order.
  const std::size_t nthreads = std::min<std::size_t>(static_cast<std::size_t>(args.threads), std::max<std::size_t>(1, lines.size()));
  std::vector<std::string> outputs(nthreads);
  auto work = [&](std::size_t part) {
    Resolver r(cf);
    std::size_t per = (lines.size() + nthreads - 1) / nthreads;
    std::size_t first = part * per, last = std::min(lines.size(), first + per);
    std::string& out = outputs[part];
    for (std::size_t i = first; i < last; ++i) {
      std::string_view line = lines[i];
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (args.rulesets.empty())
        format_resolved(out, r.resolve(line));
      else
        format_rewritten(out, r.rewrite(line, std::string_view(args.rulesets)));
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t p = 1; p < nthreads; ++p) pool.emplace_back(work, p);
  work(0);
  for (auto& t : pool) t.join();
  Output out(STDOUT_FILENO);
  for (const auto& o : outputs) out.write(o);
  out.flush();
  return 0;
}

}  // namespace smcf::cli
