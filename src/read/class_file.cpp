// class_file.cpp -- F lines: class words from a file (scanf format), from a
// program's output, or from one map lookup (key@class:spec).
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "names/macro_id.hpp"
#include "read/class_words.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/scan_format.hpp"

namespace smcf {

namespace {

// Runs argv, returns its standard output (bounded), or nullopt.
std::optional<std::string> run_program(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::nullopt;
  int fds[2];
  if (::pipe(fds) != 0) return std::nullopt;
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> av;
    for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    ::execv(av[0], av.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  const std::size_t cap = 16 << 20;  // documented limit: 16 MiB of class text
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (out.size() < cap) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  return out;
}

// Feeds the lines of a class file through the scanf format.
void add_file_words(ReadContext& ctx, int class_id, std::string_view data, std::string_view format) {
  std::size_t i = 0;
  while (i < data.size()) {
    // fgets(buf, MAXLINE): at most 2047 bytes per read.
    std::size_t end = data.find('\n', i);
    std::size_t len = (end == std::string_view::npos ? data.size() : end + 1) - i;
    if (len > limits::kMaxLine - 1) len = limits::kMaxLine - 1;
    std::string_view line = data.substr(i, len);
    i += len;
    line = c_str_view(line);
    if (!line.empty() && line[0] == '#') continue;
    std::optional<std::string> word = scan_one_string(line, format);
    if (!word) continue;
    set_class_words(ctx.cf.classes, class_id, *word, &ctx.rep, ctx.rep.line(), 'F');
  }
}

}  // namespace

void read_class_file_line(ReadContext& ctx, std::string_view rest) {
  MacroIdResult id = parse_macro_id(rest, ctx.cf.macro_names, &ctx.rep);
  if (id.id == 0) return;
  std::string_view p = c_str_view(rest.substr(id.consumed));
  std::size_t i = 0;
  while (i < p.size() && is_space(static_cast<unsigned char>(p[i]))) ++i;
  bool optional = false;
  if (i + 1 < p.size() && p[i] == '-' && p[i + 1] == 'o') {
    optional = true;
    while (i < p.size() && !is_space(static_cast<unsigned char>(p[i]))) ++i;
    while (i < p.size() && is_space(static_cast<unsigned char>(p[i]))) ++i;
  }
  p = p.substr(i);

  // key@mapclass:spec (or @LDAP) when it does not look like a path or program.
  bool is_map = false;
  if (!p.empty() && p[0] != '/' && p[0] != '|') {
    auto at = p.find('@');
    if (at != std::string_view::npos) {
      std::string_view q = p.substr(at + 1);
      if (q == "LDAP" || (!q.empty() && q[0] != ':' && q.find(':') != std::string_view::npos)) is_map = true;
    }
  }

  ClassSource src;
  src.class_id = id.id;
  src.optional = optional;
  src.pos = ctx.pos();
  std::string file;
  std::string format = "%s";
  if (is_map) {
    file = std::string(p);
  } else {
    Extracted e = extract_quoted(p, " ");
    if (!e.ok) {
      ctx.rep.syserr("fileclass-bad-name", fmt::format("illegal filename '{}'", p));
      return;
    }
    file = e.value;
    if (file.empty() || file[0] != '|') {
      std::string_view f = p.substr(e.end);
      if (!f.empty()) {
        // The format starts after the blank that ended the name.
        std::size_t k = 1;
        while (k < f.size() && is_space(static_cast<unsigned char>(f[k]))) ++k;
        format = std::string(f.substr(k));
      }
    }
  }
  src.spec = file;
  src.format = format;
  src.is_map = is_map;
  ctx.cf.class_sources.push_back(src);

  if (file.empty()) {
    ctx.rep.syserr("fileclass-missing-name", "fileclass: missing file name");
    return;
  }
  if (is_map) {
    load_class_from_map(ctx, id.id, file, optional);
    return;
  }
  std::optional<std::string> data;
  int err = 0;
  if (file[0] == '|') {
    std::vector<std::string> argv;
    std::string_view cmd = std::string_view(file).substr(1);
    std::size_t k = 0;
    while (k < cmd.size() && argv.size() < 256) {
      while (k < cmd.size() && (cmd[k] == ' ' || cmd[k] == '\t')) ++k;
      std::size_t s = k;
      while (k < cmd.size() && cmd[k] != ' ' && cmd[k] != '\t') ++k;
      if (k > s) argv.emplace_back(cmd.substr(s, k - s));
    }
    ctx.rep.flush_output();  // the program may write on our stderr
    data = run_program(argv);
    if (!data) err = errno;
  } else {
    data = ctx.sys.read_file(file, &err);
  }
  if (!data) {
    if (!optional) ctx.rep.syserr("fileclass-cannot-open", fmt::format("fileclass: cannot open '{}'", file), err);
    return;
  }
  add_file_words(ctx, id.id, *data, format);
}

}  // namespace smcf
