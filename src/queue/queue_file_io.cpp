// queue_file_io.cpp -- reading and writing qf files (see queue_file_io.hpp).
#include "queue/queue_file_io.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <vector>

namespace smcf::queue {
namespace {

// fgetfolded(): one logical line per record; a physical line that starts
// with a space or a tab continues the previous one (its "\n" is kept);
// CR LF counts as LF.
std::vector<std::string> folded_lines(std::string_view bytes) {
  std::vector<std::string> out;
  std::string cur;
  bool open = false;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t nl = bytes.find('\n', i);
    std::string_view line = bytes.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
    i = nl == std::string_view::npos ? bytes.size() : nl + 1;
    if (!line.empty() && line.back() == '\r' && nl != std::string_view::npos) line.remove_suffix(1);
    bool continues = open && !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (continues) {
      cur.push_back('\n');
      cur.append(line);
      continue;
    }
    if (open) out.push_back(std::move(cur));
    cur.assign(line);
    open = true;
  }
  if (open) out.push_back(std::move(cur));
  return out;
}

long atol_prefix(std::string_view s) { return std::strtol(std::string(s).c_str(), nullptr, 10); }

// The macro name at the start of a $ record: one character, or {name}.
std::size_t macro_name_length(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] != '{') return 1;
  auto close = s.find('}');
  return close == std::string_view::npos ? 0 : close + 1;
}

// xtextok(): an xtext value (RFC 3461) has only printable ASCII, no '=',
// and every '+' is followed by two upper-case hex digits.
bool xtext_ok(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '+') {
      auto hex = [](char h) { return (h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'); };
      if (i + 2 >= s.size() || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
    } else if (c < '!' || c > '~' || c == '=') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string single_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

namespace {

// The reader takes CR LF as LF (fgetfolded()), so a CR that ends a record
// (or a line of a folded header) is written doubled: it then reads back
// as the one CR it was.
std::string protect_cr_before_eol(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 1);
  for (char c : s) {
    if (c == '\n' && !out.empty() && out.back() == '\r') out.push_back('\r');
    out.push_back(c);
  }
  if (!out.empty() && out.back() == '\r') out.push_back('\r');
  return out;
}

}  // namespace

ParsedQueueFile parse_queue_file(std::string_view bytes, std::string_view file_name) {
  ParsedQueueFile result;
  QueueFile qf;
  qf.version = 0;
  QueueRecipient pending;  // C/M/Q/r records wait for their R
  bool terminated = false;
  bool seen_sender = false;
  int line_no = 0;
  auto fail = [&](std::string reason, std::string detail) {
    result.error = QueueFileError{line_no, std::move(reason), std::move(detail)};
    return result;
  };
  std::vector<std::string> lines = folded_lines(bytes);
  if (lines.empty()) {
    result.empty = true;
    return result;
  }
  for (const std::string& line : lines) {
    ++line_no;
    if (terminated)
      return fail("bogus queue line", fmt::format("SECURITY ALERT: extra or bogus data in queue file: {}", line));
    std::string_view v = std::string_view(line).substr(line.empty() ? 0 : 1);
    switch (line.empty() ? '\0' : line[0]) {
      case 'V':
        qf.version = static_cast<int>(atol_prefix(v));
        if (qf.version > kQueueFileVersion)
          return fail("unsupported queue file version",
                      fmt::format("Version number in queue file ({}) greater than max ({})", qf.version,
                                  kQueueFileVersion));
        break;
      case 'T': qf.created = atol_prefix(v); break;
      case 'K': qf.last_attempt = atol_prefix(v); break;
      case 'N': qf.tries = static_cast<int>(atol_prefix(v)); break;
      case 'P': qf.priority = atol_prefix(v); break;
      case 'd': qf.df_directory = std::string(v); break;
      case 'I': qf.df_inode = std::string(v); break;
      case 'B':
        if (v != "7BIT" && v != "8BITMIME" && v != "7bit" && v != "8bitmime")
          return fail("bogus queue line", fmt::format("SECURITY ALERT: extra or bogus data in queue file: {}", line));
        qf.body_type = std::string(v);
        break;
      case 'q': qf.quarantine = std::string(v); break;
      case 'M':
        // Before the first recipient: the envelope's status; later, the
        // next recipient's.  (readqf() ignores both; -bp shows the last.)
        if (!seen_sender) qf.message = std::string(v);
        else pending.message = std::string(v);
        break;
      case 'F':
        if (line.compare(0, 5, "From ") == 0)
          return fail("bogus queue line", fmt::format("SECURITY ALERT: bogus qf line {}", line));
        qf.flags = std::string(v);
        break;
      case '$': {
        std::size_t n = macro_name_length(v);
        if (n == 0) break;  // macid_parse() refuses the name; the record is skipped
        qf.macros.emplace_back(std::string(v.substr(0, n)), std::string(v.substr(n)));
        break;
      }
      case 'S':
        qf.sender = std::string(v);
        seen_sender = true;
        break;
      case 'Z': qf.envid = std::string(v); break;
      case 'A':
        if (!xtext_ok(v))
          return fail("bogus queue line", fmt::format("SECURITY ALERT: extra or bogus data in queue file: {}", line));
        qf.auth = std::string(v);
        break;
      case '!': qf.deliver_by = std::string(v); break;
      case 'C': pending.controller = std::string(v); break;
      case 'Q': pending.orcpt = std::string(v); break;
      case 'r': pending.final_rcpt = std::string(v); break;
      case 'R': {
        QueueRecipient r = std::move(pending);
        pending = {};
        if (qf.version >= 1) {
          auto colon = v.find(':');
          r.flags = std::string(v.substr(0, colon == std::string_view::npos ? v.size() : colon));
          r.address = colon == std::string_view::npos ? std::string() : std::string(v.substr(colon + 1));
        } else {
          r.flags = "P";
          r.address = std::string(v);
        }
        qf.recipients.push_back(std::move(r));
        break;
      }
      case 'H': {
        // H?cond?Name: value (chompheader(CHHDR_QUEUE)).
        std::string_view h = v;
        QueueHeader hd;
        if (!h.empty() && h[0] == '?') {
          auto close = h.find('?', 1);
          if (close != std::string_view::npos) {
            hd.condition = std::string(h.substr(1, close - 1));
            h.remove_prefix(close + 1);
          }
        }
        hd.text = std::string(h);
        qf.headers.push_back(std::move(hd));
        break;
      }
      case 'D': case 'E': case 'L': break;  // obsolete records, ignored
      case '.': terminated = true; break;
      default:
        // shortenstring(bp, MAXSHORTSTR): 203 bytes and more become 200 and "...".
        return fail("unrecognized line", fmt::format("readqf: {}: line {}: bad line \"{}\"", file_name, line_no,
                                                     line.size() < 203 ? line : line.substr(0, 200) + "..."));
    }
  }
  if (!terminated) {
    line_no = 0;
    return fail("incomplete queue file read", fmt::format("readqf: {}: incomplete queue file read", file_name));
  }
  result.file = std::move(qf);
  return result;
}

std::string write_queue_file(const QueueFile& qf) {
  std::string out;
  auto rec = [&](char letter, std::string_view value) {
    out.push_back(letter);
    out.append(protect_cr_before_eol(single_line(value)));
    out.push_back('\n');
  };
  out += fmt::format("V{}\nT{}\nK{}\nN{}\nP{}\n", qf.version, qf.created, qf.last_attempt, qf.tries, qf.priority);
  if (qf.df_directory) rec('d', *qf.df_directory);
  if (qf.df_inode) rec('I', *qf.df_inode);
  if (qf.body_type) rec('B', *qf.body_type);
  if (qf.quarantine) rec('q', *qf.quarantine);
  if (qf.message) rec('M', *qf.message);
  if (!qf.flags.empty()) rec('F', qf.flags);
  for (const auto& [name, value] : qf.macros) rec('$', name + value);
  rec('S', qf.sender);
  if (qf.envid) rec('Z', *qf.envid);
  if (qf.auth) rec('A', *qf.auth);
  if (qf.deliver_by) rec('!', *qf.deliver_by);
  for (const QueueRecipient& r : qf.recipients) {
    if (r.message) rec('M', *r.message);
    if (r.controller) rec('C', *r.controller);
    if (r.orcpt) rec('Q', *r.orcpt);
    if (r.final_rcpt) rec('r', *r.final_rcpt);
    // Before version 1, R records had no flags (every recipient primary).
    rec('R', qf.version >= 1 ? r.flags + ":" + r.address : r.address);
  }
  for (const QueueHeader& h : qf.headers) {
    // Header values keep their continuation lines (denlstring(s, false)
    // only replaces a newline that is not followed by white space).
    std::string text = h.text;
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n' && (i + 1 >= text.size() || (text[i + 1] != ' ' && text[i + 1] != '\t'))) {
        // denlstring() replaces every newline once one bare newline is seen.
        for (char& c : text)
          if (c == '\n') c = ' ';
        break;
      }
    out += protect_cr_before_eol("H?" + h.condition + "?" + text) + "\n";
  }
  out += ".\n";
  return out;
}

}  // namespace smcf::queue
