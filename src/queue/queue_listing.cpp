// queue_listing.cpp -- sendmail's queue listing (see queue_listing.hpp).
#include "queue/queue_listing.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/effects.hpp"
#include "ir/config.hpp"
#include "queue/queue_dir.hpp"
#include "queue/queue_file_io.hpp"
#include "read/options.hpp"

namespace smcf::queue {
namespace {

constexpr std::size_t kMaxQfName = 21;         // MAXQFNAME: qf name length + 1
constexpr std::size_t kGatherLine = 512;       // gatherq()'s line buffer (MAXNAME_I)
constexpr std::size_t kPrintLine = 2047;       // print_single_queue()'s (MAXLINE - 1)
constexpr std::size_t kBodyTypeMax = 256;      // MAXNAME
constexpr long kJobInCreation = 0x7fffffff;    // the priority of a qf not yet read

// One queue entry as gatherq() records it.
struct Work {
  std::string name;  // "qf" + id
  bool locked = false;
  bool too_young = false;
  long priority = 0;
  long created = 0;
  long mtime = 0;
};

// The lines of a file as fgets() with a buffer of `chunk`+1 bytes returns
// them: a longer line comes back in pieces; the newline is dropped
// (fixcrlf(), which also drops a CR before it).
std::vector<std::string> fgets_lines(const std::string& bytes, std::size_t chunk, bool flush_rest) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t nl = bytes.find('\n', i);
    std::size_t end = nl == std::string::npos ? bytes.size() : nl + 1;
    if (end - i > chunk) {
      out.push_back(bytes.substr(i, chunk));
      // gatherq() throws the rest of an overlong line away; the printer
      // reads it as the next "line".
      i = flush_rest ? end : i + chunk;
      continue;
    }
    std::string line = bytes.substr(i, end - i);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (!line.empty() && line.back() == '\r' && flush_rest == false) line.pop_back();
    out.push_back(std::move(line));
    i = end;
  }
  return out;
}

std::optional<std::string> read_whole(const std::string& path, int* err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return std::nullopt;
  }
  std::string data;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return data;
}

// ctime() without its newline, in the C locale's words, local time.
std::string ctime_text(long t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::localtime_r(&tt, &tm);
  return fmt::format("{} {} {:2d} {:02d}:{:02d}:{:02d} {}", kDays[tm.tm_wday % 7], kMonths[tm.tm_mon % 12],
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 1900 + tm.tm_year);
}

// prtstr(): at most `ml` characters of s, backslashes doubled, other
// unprintable bytes as \ooo (when there is room).
void put_printable(std::string& out, std::string_view s, int ml) {
  for (std::size_t i = 0; ml-- > 0 && i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      if (ml-- > 0) out += "\\\\";
    } else if (c < 0x80 && c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else if ((ml -= 3) > 0) {
      out += fmt::format("\\{:03o}", c);
    }
  }
}

std::string cut(std::string_view s, std::size_t n) { return std::string(s.substr(0, std::min(n, s.size()))); }

// gatherq() for a listing: every qf entry, with what sorting needs.
std::vector<Work> gather(const QueueDir& dir, const ListingOptions& opts, const Effects& effects, int* counted) {
  std::vector<Work> work;
  *counted = 0;
  DIR* d = ::opendir(dir.control_dir().c_str());
  if (!d) return work;
  bool needs_contents = opts.sort == QueueSort::Priority || opts.sort == QueueSort::Host ||
                        opts.sort == QueueSort::Time;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 2 || name[0] != 'q' || name[1] != 'f') continue;
    if (name.size() >= kMaxQfName) continue;
    if (opts.max_queue_run > 0 && *counted >= opts.max_queue_run) {
      ++*counted;  // counted, not listed
      continue;
    }
    std::string path = dir.control_dir() + "/" + name;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    Work w;
    w.name = name;
    w.mtime = static_cast<long>(st.st_mtime);
    if (!needs_contents) {
      work.push_back(std::move(w));
      ++*counted;
      continue;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) w.locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    w.priority = kJobInCreation;
    bool quarantined = false;
    if (fd >= 0) {
      std::string data;
      char buf[65536];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
      ::close(fd);
      bool need_p = true, need_t = true;
      for (const std::string& line : fgets_lines(data, kGatherLine, true)) {
        if (!need_p && !need_t && !quarantined) break;
        std::string_view v = std::string_view(line).substr(line.empty() ? 0 : 1);
        switch (line.empty() ? '\0' : line[0]) {
          case 'P': w.priority = parse_atol(v); need_p = false; break;
          case 'T': w.created = parse_atol(v); need_t = false; break;
          case 'q': quarantined = true; break;
          case 'K': {
            long last = parse_atol(v);
            long now = static_cast<long>(effects.now());
            if (opts.max_queue_age > 0) {
              long delay = std::min(last - w.created, opts.max_queue_age);
              if (now - last < delay) w.too_young = true;
              break;
            }
            long age = now - last;
            if (age >= 0 && opts.min_queue_age > 0 && age < opts.min_queue_age) w.too_young = true;
            break;
          }
          case 'N':
            if (parse_atol(v) == 0) w.too_young = false;
            break;
          default: break;
        }
      }
    }
    if (quarantined) continue;
    work.push_back(std::move(w));
    ++*counted;
  }
  ::closedir(d);
  return work;
}

void sort_work(std::vector<Work>& work, QueueSort order) {
  switch (order) {
    case QueueSort::Priority:
    case QueueSort::Host:  // (not yet: sendmail's host order; see docs/delivery.md)
      std::stable_sort(work.begin(), work.end(), [](const Work& a, const Work& b) { return a.priority < b.priority; });
      break;
    case QueueSort::Time:
      std::stable_sort(work.begin(), work.end(), [](const Work& a, const Work& b) { return a.created < b.created; });
      break;
    case QueueSort::Filename:
      std::stable_sort(work.begin(), work.end(), [](const Work& a, const Work& b) { return a.name < b.name; });
      break;
    case QueueSort::ModTime:
      std::stable_sort(work.begin(), work.end(), [](const Work& a, const Work& b) { return a.mtime < b.mtime; });
      break;
    case QueueSort::Random:
    case QueueSort::None:
      break;
  }
}

bool should_queue(long priority, const ListingOptions& opts, int load) {
  if (load < opts.queue_la) return false;
  return priority > opts.queue_factor / (load - opts.queue_la + 1);
}

// The name sendmail prints for the queue (qid_printqueue()).
std::string printed_name(const ListingOptions& opts, const QueueDir& dir) {
  std::string name = opts.queue_directory;
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  if (dir.separate_data_dir()) name += "/df";
  return name;
}

// sendmail's syserr() text: bytes with the high bit cleared (a build
// without EAI), then a newline.
void put_syserr(std::string& out, std::string_view text) {
  for (char c : text) out.push_back(static_cast<char>(static_cast<unsigned char>(c) & 0x7f));
  out.push_back('\n');
}

// When the df cannot be stat()ed, print_single_queue() reads the qf with
// readqf() to learn where its df is; what readqf() reports lands in the
// listing, and a qf it refuses is lost (renamed to Qf), an empty one that
// is older than ten minutes removed.  Returns the df size, or -1.
long size_via_control_file(std::string& out, const QueueDir& dir, const std::string& id, const Effects& effects) {
  const std::string qf_path = dir.file_path('q', id);
  const std::string shown_dir = dir.control_dir() == dir.path() ? std::string(".") : std::string("qf");
  const std::string shown_qf = shown_dir + "/qf" + id;
  int fd = ::open(qf_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) put_syserr(out, fmt::format("readqf: no control file {}", shown_qf));
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0) {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (st.st_size == 0) {
    if (static_cast<long>(st.st_ctime) + 10 * 60 < static_cast<long>(effects.now())) {
      ::unlink(dir.file_path('d', id).c_str());
      ::unlink(qf_path.c_str());
    }
    return -1;
  }
  ParsedQueueFile parsed = parse_queue_file(data, shown_qf);
  if (!parsed.file && !parsed.empty) {
    put_syserr(out, parsed.error->detail);
    if (parsed.error->reason != "incomplete queue file read") dir.lose(id);
    return -1;
  }
  std::string df_path = dir.file_path('d', id);
  std::string shown_df = (dir.separate_data_dir() ? std::string("df") : std::string(".")) + "/df" + id;
  if (parsed.file && parsed.file->df_directory) {
    df_path = dir.path() + "/" + *parsed.file->df_directory + "/df" + id;
    shown_df = *parsed.file->df_directory + "/df" + id;
  }
  if (::stat(df_path.c_str(), &st) != 0) {
    put_syserr(out, fmt::format("readqf: cannot open {}: {}", shown_df, std::strerror(errno)));
    return -1;
  }
  return static_cast<long>(st.st_size);
}

// One entry's lines (print_single_queue()'s loop body after the id).
void print_entry(std::string& out, Work& w, const QueueDir& dir, const ListingOptions& opts, int load,
                 const Effects& effects) {
  std::string id = w.name.substr(2);
  out += fmt::format("{:>13}", id);
  int err = 0;
  auto data = read_whole(dir.control_dir() + "/" + w.name, &err);
  if (!data) {
    if (err == EPERM) out += " (permission denied)\n";
    else if (err == ENOENT) out += " (job completed)\n";
    else out += fmt::format(" ({})\n", std::strerror(err));
    return;
  }
  struct stat st {};
  long df_size = ::stat(dir.file_path('d', id).c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
  if (df_size < 0) df_size = size_via_control_file(out, dir, id, effects);
  if (w.locked) out.push_back('*');
  else if (w.too_young) out.push_back('-');
  else if (should_queue(w.priority, opts, load)) out.push_back('X');
  else out.push_back(' ');

  long submitted = 0;
  bool warned = false;
  int version = 0;
  std::string quarantine, status, body_type;
  for (std::string& line : fgets_lines(*data, kPrintLine, false)) {
    std::string_view v = std::string_view(line).substr(line.empty() ? 0 : 1);
    switch (line.empty() ? '\0' : line[0]) {
      case 'V': version = parse_atoi(v); break;
      case 'M': status = cut(v, kPrintLine); break;
      case 'q': quarantine = cut(v, kPrintLine); break;
      case 'B': body_type = cut(v, kBodyTypeMax); break;
      case 'S':
        if (opts.verbose) {
          out += fmt::format("{:8d} {:10d}{}{} ", df_size, w.priority, warned ? '+' : ' ',
                             ctime_text(submitted).substr(4, 12));
          put_printable(out, v, 78);
        } else {
          out += fmt::format("{:8d} {} ", df_size, ctime_text(submitted).substr(0, 16));
          put_printable(out, v, 39);
        }
        if (!quarantine.empty()) {
          out += "\n     QUARANTINE: " + cut(quarantine, opts.verbose ? 100 : 60);
          quarantine.clear();
        }
        if (!status.empty() || !body_type.empty()) {
          out += fmt::format("\n    {:>10}", cut(body_type, 10));
          if (!status.empty()) out += "   (" + cut(status, opts.verbose ? 100 : 60) + ")";
          status.clear();
        }
        break;
      case 'C':
        if (opts.verbose) out += "\n\t\t\t\t\t\t(---" + cut(v, 64) + "---)";
        break;
      case 'R': {
        std::string_view p = v;
        if (version >= 1) {
          auto colon = p.find(':');
          if (colon == std::string_view::npos) break;
          p.remove_prefix(colon + 1);
        }
        if (opts.verbose) {
          out += "\n\t\t\t\t\t\t";
          put_printable(out, p, 71);
          if (!status.empty()) {
            out += "\n\t\t (" + cut(status, 100) + ")";
            status.clear();
          }
        } else {
          out += "\n\t\t\t\t\t ";
          put_printable(out, p, 38);
        }
        break;
      }
      case 'T': submitted = parse_atol(v); break;
      case 'F':
        if (v.find('w') != std::string_view::npos) warned = true;
        break;
      default: break;
    }
  }
  if (submitted == 0) out += " (no control file)";
  out.push_back('\n');
}

}  // namespace

ListingOptions listing_options(const Config& cf, const Effects& effects) {
  ListingOptions o;
  o.queue_directory = cf.options.queue_directory.value_or("");
  o.queue_la = 8 * std::max(1, effects.processors());
  Reporter quiet(nullptr);
  quiet.set_recording(false);
  if (auto v = option_value(cf.options, "QueueSortOrder"); v && !v->empty()) {
    switch ((*v)[0]) {
      case 'h': case 'H': o.sort = QueueSort::Host; break;
      case 'f': case 'F': o.sort = QueueSort::Filename; break;
      case 'm': case 'M': o.sort = QueueSort::ModTime; break;
      case 'p': case 'P': o.sort = QueueSort::Priority; break;
      case 't': case 'T': o.sort = QueueSort::Time; break;
      case 'r': case 'R': o.sort = QueueSort::Random; break;
      case 'n': case 'N': o.sort = QueueSort::None; break;
      default: break;
    }
  }
  if (auto v = option_value(cf.options, "MinQueueAge")) o.min_queue_age = convert_time(*v, 'm', quiet);
  if (auto v = option_value(cf.options, "MaxQueueAge")) o.max_queue_age = convert_time(*v, 'm', quiet);
  if (auto v = option_value(cf.options, "QueueLA")) o.queue_la = parse_atoi(*v);
  if (auto v = option_value(cf.options, "QueueFactor")) o.queue_factor = parse_atoi(*v);
  if (auto v = option_value(cf.options, "MaxQueueRunSize")) o.max_queue_run = parse_atoi(*v);
  if (cf.options.verbose > 0) o.verbose = true;
  return o;
}

std::vector<std::string> run_order(const ListingOptions& opts, const Effects& effects) {
  QueueDir dir(opts.path.empty() ? opts.queue_directory : opts.path, effects);
  int counted = 0;
  // As in sendmail, the orders that need no qf contents (file name,
  // modification time, none) do not read them here: too young entries are
  // then caught when the run reads the qf (readqf()).
  std::vector<Work> work = gather(dir, opts, effects, &counted);
  sort_work(work, opts.sort);
  const int load = effects.load_average();
  std::vector<std::string> ids;
  for (const Work& w : work)
    if (!w.too_young && !should_queue(w.priority, opts, load)) ids.push_back(w.name.substr(2));
  return ids;
}

ListingResult list_queue(const ListingOptions& opts, const Effects& effects) {
  ListingResult r;
  QueueDir dir(opts.path.empty() ? opts.queue_directory : opts.path, effects);
  int counted = 0;
  std::vector<Work> work = gather(dir, opts, effects, &counted);
  sort_work(work, opts.sort);
  r.requests = counted;
  std::string& out = r.text;
  if (counted <= 0) {
    out += printed_name(opts, dir) + " is empty\n";
  } else {
    int load = effects.load_average();
    out += fmt::format("\t\t{} ({} request{}", printed_name(opts, dir), counted, counted == 1 ? "" : "s");
    if (opts.max_queue_run > 0 && counted > opts.max_queue_run)
      out += fmt::format(", only {} printed", opts.max_queue_run);
    if (opts.verbose)
      out += ")\n-----Q-ID----- --Size-- -Priority- ---Q-Time--- --------Sender/Recipient--------\n";
    else
      out += ")\n-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------\n";
    for (Work& w : work) print_entry(out, w, dir, opts, load, effects);
  }
  out += fmt::format("\t\tTotal requests: {}\n", counted);
  return r;
}

std::string list_queue_json(const ListingOptions& opts, const Effects& effects) {
  QueueDir dir(opts.path.empty() ? opts.queue_directory : opts.path, effects);
  int counted = 0;
  std::vector<Work> work = gather(dir, opts, effects, &counted);
  sort_work(work, opts.sort);
  int load = effects.load_average();
  nlohmann::json entries = nlohmann::json::array();
  for (const Work& w : work) {
    std::string id = w.name.substr(2);
    nlohmann::json e;
    e["id"] = id;
    e["state"] = w.locked ? "locked" : w.too_young ? "too-young" : should_queue(w.priority, opts, load) ? "load" : "ready";
    struct stat st {};
    e["size"] = ::stat(dir.file_path('d', id).c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
    int err = 0;
    auto data = read_whole(dir.control_dir() + "/" + w.name, &err);
    if (!data) {
      e["error"] = err == ENOENT ? "job completed" : std::strerror(err);
      entries.push_back(std::move(e));
      continue;
    }
    ParsedQueueFile parsed = parse_queue_file(*data, dir.control_dir() + "/" + w.name);
    if (!parsed.file) {
      e["error"] = parsed.empty ? "empty control file" : parsed.error->reason;
      entries.push_back(std::move(e));
      continue;
    }
    const QueueFile& qf = *parsed.file;
    e["created"] = qf.created;
    e["last_attempt"] = qf.last_attempt;
    e["tries"] = qf.tries;
    e["priority"] = qf.priority;
    e["sender"] = qf.sender;
    if (qf.message) e["message"] = *qf.message;
    if (qf.body_type) e["body_type"] = *qf.body_type;
    if (qf.quarantine) e["quarantine"] = *qf.quarantine;
    e["flags"] = qf.flags;
    nlohmann::json rcpts = nlohmann::json::array();
    for (const QueueRecipient& r : qf.recipients) {
      nlohmann::json jr{{"address", r.address}, {"flags", r.flags}};
      if (r.message) jr["message"] = *r.message;
      if (r.orcpt) jr["orcpt"] = *r.orcpt;
      rcpts.push_back(std::move(jr));
    }
    e["recipients"] = std::move(rcpts);
    entries.push_back(std::move(e));
  }
  nlohmann::json doc{{"queue", opts.queue_directory}, {"requests", counted}, {"entries", std::move(entries)}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace smcf::queue
