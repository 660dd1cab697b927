// mailer_output.cpp -- a message as a mailer gets it (see mailer_output.hpp).
#include "deliver/mailer_output.hpp"

#include <algorithm>

#include "base/bytes.hpp"
#include "ir/header.hpp"
#include "ir/mailer.hpp"

namespace smcf::deliver {
namespace {

using namespace header_flag;

constexpr int kHeader = 0x01;      // PXLF_HEADER
constexpr int kMapFrom = 0x02;     // PXLF_MAPFROM
constexpr int kStripMQuote = 0x04; // PXLF_STRIPMQUOTE
constexpr int kNoAddEol = 0x08;    // PXLF_NOADDEOL
constexpr unsigned char kMetaQuote = 0202;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct LineWriter {
  const Mailer& m;
  std::string& out;
  bool in_long_line = false;

  void putx(std::string_view s, int flags) {
    bool quote_next = false;
    bool strip8 = m.has_flag('7') && (flags & kHeader) != 0;
    for (unsigned char c : s) {
      if ((flags & kStripMQuote) && !quote_next && c == kMetaQuote) {
        quote_next = true;
        continue;
      }
      quote_next = false;
      if (strip8) c &= 0177;
      out.push_back(static_cast<char>(c));
    }
  }

  // putxline(): one or more lines (separated by '\n').
  void line(std::string_view l, int flags) {
    const int limit = m.line_limit;
    std::size_t i = 0;
    do {
      std::size_t nl = l.find('\n', i);
      bool no_eol = nl == std::string_view::npos;
      std::size_t end = no_eol ? l.size() : nl;
      std::size_t slop = 0;
      while (limit > 0 && (end - i + slop) > static_cast<std::size_t>(limit)) {
        std::size_t q = i + static_cast<std::size_t>(limit) - slop - 1;
        if (l[i] == '.' && slop == 0 && m.has_flag('X')) out.push_back('.');
        else if (l[i] == 'F' && slop == 0 && (flags & kMapFrom) && l.substr(i, 5) == "From " && m.has_flag('E'))
          out.push_back('>');
        putx(l.substr(i, q - i), flags);
        i = q;
        out.push_back('!');
        out += m.eol;
        out.push_back(' ');
        slop = 1;
      }
      if (i < l.size() && l[i] == '.' && slop == 0 && m.has_flag('X') && !in_long_line) out.push_back('.');
      else if (i < l.size() && l[i] == 'F' && slop == 0 && (flags & kMapFrom) && l.substr(i, 5) == "From " &&
               m.has_flag('E') && !in_long_line)
        out.push_back('>');
      putx(l.substr(i, end - i), flags);
      i = end;
      if (!(flags & kNoAddEol) || !no_eol) {
        in_long_line = false;
        out += m.eol;
      } else {
        in_long_line = true;
      }
      if (i < l.size() && l[i] == '\n') {
        ++i;
        if (i < l.size() && l[i] != ' ' && l[i] != '\t' && (flags & kHeader)) out.push_back(' ');
      }
    } while (i < l.size());
  }
};

bool intersects(const std::string& header_flags, const Mailer& m) {
  return std::any_of(header_flags.begin(), header_flags.end(), [&](char f) { return m.has_flag(f); });
}

// commaize() for a mailer: each address through remotename(), joined by
// ", ", a new line of eight spaces before one that would pass the limit.
void commaize(LineWriter& w, const submit::Header& h, std::string_view v, const OutputContext& ctx) {
  std::string out = h.field.substr(0, 200) + ":";
  std::size_t opos = std::min<std::size_t>(h.field.size() + 1, 201);
  std::size_t spaces = 0;
  while (spaces < v.size() && is_space(v[spaces])) ++spaces;
  out.append(spaces, ' ');
  opos += spaces;
  v.remove_prefix(spaces);
  int omax = ctx.mailer->line_limit - 2;
  if (omax < 0 || omax > 78) omax = 78;
  bool first = true;
  for (const std::string& raw : submit::split_header_addresses(v)) {
    std::string name = ctx.header_address(raw, (h.flags & kFrom) != 0);
    if (name.empty()) continue;
    name = submit::header_newlines(name);
    opos += name.size() + (first ? 0 : 2);
    if (opos > static_cast<std::size_t>(omax) && !first) {
      out += ",\n";
      w.line(out, kHeader | kStripMQuote);
      out = "        ";
      opos = 8 + name.size();
    } else if (!first) {
      out += ", ";
    }
    out += name;
    first = false;
  }
  w.line(out, kHeader | kStripMQuote);
}

// put_vanilla_header(): "Field:" and the value; a continuation line that
// does not start with white space gets a space.
void vanilla(LineWriter& w, const submit::Header& h, std::string_view v) {
  std::string out = h.field.substr(0, 200) + ":";
  std::size_t nl;
  while ((nl = v.find('\n')) != std::string_view::npos) {
    out.append(v.substr(0, nl));
    w.line(out, kHeader | kStripMQuote);
    v.remove_prefix(nl + 1);
    out.clear();
    if (v.empty() || (v[0] != ' ' && v[0] != '\t')) out.push_back(' ');
  }
  out.append(v);
  w.line(out, kHeader | kStripMQuote);
}

}  // namespace

std::string put_headers(const std::vector<submit::Header>& headers, const OutputContext& ctx) {
  std::string out;
  LineWriter w{*ctx.mailer, out};
  for (const submit::Header& h : headers) {
    if (!h.value) continue;
    if ((h.flags & (kCheck | kAlwaysCheck)) && !intersects(h.mailer_flags, *ctx.mailer)) {
      const std::string* mv = h.macro ? ctx.macro(h.macro) : nullptr;
      if (!mv || mv->empty()) continue;
    }
    if ((h.flags & kResent) && !ctx.resent) continue;
    std::string value = *h.value;
    if (h.flags & (kDefault | kBindLate)) {
      value = ctx.expand(value);
      if (value.empty()) continue;
    }
    if ((h.flags & kBcc) && !ctx.keep_bcc) {
      if (!ctx.delete_bcc) w.line(h.field + ":", 0);
      continue;
    }
    if (h.flags & (kFrom | kRecipient)) commaize(w, h, value, ctx);
    else vanilla(w, h, value);
  }
  return out;
}

std::string put_text(std::string_view line, const Mailer& m, bool map_from) {
  std::string out;
  LineWriter w{m, out};
  w.line(line, map_from ? kMapFrom : kHeader);
  return out;
}

std::string put_body(std::string_view body, const Mailer& m) {
  std::string out;
  LineWriter w{m, out};
  // The blank line that ends the header.
  out += m.eol;
  std::size_t i = 0;
  while (i < body.size()) {
    std::size_t nl = body.find('\n', i);
    if (nl == std::string_view::npos) {
      // A last line without its newline gets one, as putbody() ends it.
      w.line(body.substr(i), kMapFrom);
      break;
    }
    w.line(body.substr(i, nl - i), kMapFrom);
    i = nl + 1;
  }
  return out;
}

}  // namespace smcf::deliver
