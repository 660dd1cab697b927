// help.cpp -- the `?` command: the help file's "-bt" lines, as sendmail's
// help() prints them (version-2 files are macro-expanded).
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "macro/expand.hpp"
#include "read/preprocess.hpp"
#include "testmode/session.hpp"

namespace smcf {

void TestSession::help_file_lines(std::string_view text) {
  const std::string_view topic = "-bt";
  bool noinfo = true;
  std::size_t i = 0;
  while (i < text.size()) {
    // fgets(buf, MAXLINE)
    std::size_t nl = text.find('\n', i);
    std::size_t len = (nl == std::string_view::npos ? text.size() : nl + 1) - i;
    if (len > limits::kMaxLine - 1) len = limits::kMaxLine - 1;
    std::string buf(c_str_view(text.substr(i, len)));
    i += len;
    if (!buf.empty() && buf[0] == '#') {
      if (help_version_ < 0 && buf.compare(0, 6, "#vers\t") == 0) {
        std::size_t used = 0;
        long v = parse_long(std::string_view(buf).substr(6), &used, 10);
        if (used > 0) help_version_ = static_cast<int>(v);
      }
      continue;
    }
    if (buf.compare(0, topic.size(), topic) != 0) continue;
    std::size_t p = buf.find_first_of(" \t");
    p = p == std::string::npos ? (buf.empty() ? 0 : buf.size() - 1) : p + 1;
    std::string body = buf.substr(p);
    if (auto n = body.find('\n'); n != std::string::npos) {
      if (n > 0 && body[n - 1] == '\r') --n;
      body.erase(n);
    }
    if (help_version_ >= 2) {
      std::string internal = translate_dollars(body, cc_->ir().config_level, engine_.names().macros, &rep_);
      body = expand(internal, engine_.macros(), &rep_, limits::kMaxLine);
    }
    rep_.message("help-line", "214-2.0.0 " + body);
    noinfo = false;
  }
  if (noinfo)
    rep_.message("help-unknown-topic", fmt::format("504 5.3.0 HELP topic \"{}\" unknown", topic.substr(0, 10)));
  else
    rep_.message("help-end", "214 2.0.0 End of HELP info");
  if (help_version_ != 0 && help_version_ < 2) help_version_ = 0;
}

}  // namespace smcf
