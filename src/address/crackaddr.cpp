// crackaddr.cpp -- the $g template of a header address (see crackaddr.hpp).
//
// crackaddr is not a parser: it scans the address once, byte by byte,
// keeping a handful of counters (comment, angle and bracket depth, quoting)
// and decides on the fly what goes into the output.  Its results for
// malformed input are part of sendmail's observable behaviour (test mode
// prints them), so this file reproduces the scan step for step, including
// its quirks:
//   * the output buffer has a movable soft limit: opening a comment or an
//     angle bracket lowers it by one byte (room for the closer added at the
//     end), closing raises it again.  A double quote seen while copying
//     *raises* it on opening and lowers it on closing, so an opening quote
//     copied after "<...>" pushes the limit past the buffer end and the
//     next byte punts to "<$g>";
//   * a comment opened when the soft limit is reached is not copied, and
//     the copy depth is not raised for it;
//   * "::" and ":." after a copied ':' copy the ':' a second time;
//   * on '<', "the phrase so far" always starts at the beginning of the
//     address (or after the group name), so a second '<' quotes everything
//     before it, including the first <...>;
//   * '<' checks "only a quote written so far" against the start of the
//     buffer, ':' against the start after the leading blanks.
#include "address/crackaddr.hpp"

#include <array>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "ir/options.hpp"

namespace smcf {

CrackOptions crack_options(const OptionSettings& options) {
  CrackOptions o;
  o.colon_ok_in_addr = options.colon_ok_in_addr;
  o.must_quote_chars = options.must_quote_chars;
  return o;
}

namespace {

// sendmail's static result buffer holds MAXNAME bytes plus the NUL.
constexpr std::size_t kBufferSize = limits::kMaxName + 1;
// The last byte is kept for the NUL: the hard end of the output.
constexpr std::size_t kHardEnd = kBufferSize - 1;

// Thrown when a byte does not fit; crackaddr() then returns "<$g>".
struct NoRoom {};

class Cracker {
 public:
  Cracker(std::string_view in, const CrackOptions& opts) : in_(in), opts_(opts) {}

  std::string run();

 private:
  unsigned char at(std::size_t i) const { return i < in_.size() ? static_cast<unsigned char>(in_[i]) : 0; }

  // Whether one more byte may be written: below the soft limit, and the
  // soft limit itself not pushed past the hard end.
  bool room() const { return out_ < limit_ && limit_ <= kHardEnd; }
  void put(unsigned char c) {
    if (!room()) throw NoRoom{};
    buf_[out_++] = static_cast<char>(c);
  }
  bool must_quote(unsigned char c) const {
    return opts_.must_quote_chars.find(static_cast<char>(c)) != std::string::npos;
  }

  void address_byte();
  void open_quote_toggle();
  void open_comment(unsigned char c);
  void start_group();
  void open_angle();
  void close_angle(unsigned char c);
  std::size_t before_blanks(std::size_t delim) const;
  void rewrite_phrase(std::size_t phrase_end, unsigned char delim);

  std::string_view in_;
  const CrackOptions& opts_;
  std::array<char, kBufferSize> buf_{};
  std::size_t out_ = 0;           // next output byte
  std::size_t limit_ = kHardEnd;  // soft limit (see the file comment)
  std::size_t out_head_ = 0;      // output start of the current phrase
  std::size_t start_ = 0;         // input start after the leading blanks
  std::size_t phrase_ = 0;        // input start of the current phrase
  std::size_t pos_ = 0;           // next input byte

  int comment_depth_ = 0;     // in the input
  int open_comments_ = 0;     // written '(' still to be closed in the output
  int angle_depth_ = 0;
  int copy_depth_ = 0;        // > 0: input bytes are copied to the output
  int bracket_depth_ = 0;     // [...] (IPv6 literals hold ':')
  bool close_angle_ = false;  // the output needs a '>' at the end
  bool in_quotes_ = false;    // in the input
  bool open_quote_ = false;   // a written '"' still to be closed in the output
  bool wrote_g_ = false;
  bool quote_phrase_ = false;
  bool seen_angle_ = false;
  bool seen_group_ = false;
};

// A byte of the address proper: the first one outside comments writes $g.
void Cracker::address_byte() {
  if (copy_depth_ > 0 || wrote_g_) return;
  if (out_ > 0 && buf_[out_ - 1] == ')') put(' ');
  put(metabyte::kMacroExpand);
  put('g');
  wrote_g_ = true;
}

void Cracker::open_quote_toggle() {
  in_quotes_ = !in_quotes_;
  if (copy_depth_ > 0 && room()) {
    if (open_quote_)
      --limit_;
    else
      ++limit_;
    open_quote_ = !open_quote_;
  }
}

void Cracker::open_comment(unsigned char c) {
  ++comment_depth_;
  if (!room()) return;
  --limit_;  // keep a byte for the ')' the end may have to add
  ++open_comments_;
  if (copy_depth_++ <= 0) {
    if (out_ != out_head_) put(' ');
    put(c);
  }
}

// Where the phrase before the delimiter at input offset delim ends once
// the blanks in front of the delimiter are left out.  When the delimiter
// is the first byte of the address, the result is just past it.
std::size_t Cracker::before_blanks(std::size_t delim) const {
  std::size_t q = delim;
  while (q > start_) {
    --q;
    if (!is_space(static_cast<unsigned char>(in_[q]))) break;
  }
  return q + 1;
}

// Writes the phrase in_[phrase_, phrase_end) again from out_head_, in
// double quotes when quote_phrase_ is set; then, when quoting, the bytes
// from the end of the quoted text through the delimiter.  Leaves pos_
// after the delimiter when quoting.
void Cracker::rewrite_phrase(std::size_t phrase_end, unsigned char delim) {
  out_ = out_head_;
  if (quote_phrase_) {
    put('"');
    phrase_end = before_blanks(pos_ - 1);
  }
  for (std::size_t q = phrase_; q < phrase_end; ++q) {
    unsigned char c = static_cast<unsigned char>(in_[q]);
    if (quote_phrase_ && c == '"') put('\\');
    put(c);
  }
  if (!quote_phrase_) return;
  // An empty quoted phrase loses its opening quote instead of being closed.
  // For '<' this only happens at the very start of the buffer (sendmail
  // compares with the buffer, not with the phrase's start).
  std::size_t only_quote = delim == '<' ? 1 : out_head_ + 1;
  if (out_ == only_quote)
    --out_;
  else
    put('"');
  std::size_t q = phrase_end;
  while (q < in_.size() && static_cast<unsigned char>(in_[q]) != delim) put(static_cast<unsigned char>(in_[q++]));
  put(delim);
  pos_ = q + 1;
}

// A top-level ':' (ColonOkInAddr off): "name:" starts a group.
void Cracker::start_group() {
  seen_group_ = true;
  rewrite_phrase(pos_, ':');
  // Blanks after the colon belong to the group name.
  while (is_space(at(pos_))) put(at(pos_++));
  copy_depth_ = 0;
  wrote_g_ = false;
  quote_phrase_ = false;
  out_head_ = out_;
  phrase_ = pos_;
}

void Cracker::open_angle() {
  // Two '<': the first one was part of the phrase after all.
  if (seen_angle_) quote_phrase_ = true;
  seen_angle_ = true;
  angle_depth_ = 1;
  if (room()) {
    if (!close_angle_) --limit_;  // room for the '>' the end may add
    close_angle_ = true;
  }
  rewrite_phrase(pos_, '<');
  copy_depth_ = 0;
  wrote_g_ = false;
  quote_phrase_ = false;
}

void Cracker::close_angle(unsigned char c) {
  if (angle_depth_ > 0) {
    --angle_depth_;
    if (room()) {
      if (close_angle_) ++limit_;
      close_angle_ = false;
    }
  } else if (room()) {
    // An unmatched '>' is dropped (it may already have been copied).
    if (copy_depth_ > 0 && out_ > out_head_) --out_;
    quote_phrase_ = true;
    return;
  }
  // What follows "<...>" is copied as it is.
  if (copy_depth_++ <= 0) put(c);
}

std::string Cracker::run() {
  // Leading blanks are kept as they are.
  while (pos_ < in_.size() && is_space(at(pos_))) put(at(pos_++));
  out_head_ = out_;
  start_ = phrase_ = pos_;

  while (pos_ < in_.size()) {
    unsigned char c = at(pos_++);
    if (copy_depth_ > 0) put(c);

    if (c == '\\') {
      // A backslash and its byte: part of the address, which then needs
      // quoting as a phrase.
      if (comment_depth_ <= 0 && !in_quotes_) quote_phrase_ = true;
      if (pos_ < in_.size()) {
        unsigned char next = at(pos_++);
        if (copy_depth_ > 0) put(next);
      }
      address_byte();
      continue;
    }
    if (c == '"' && comment_depth_ <= 0) {
      open_quote_toggle();
      continue;
    }
    if (in_quotes_) {
      address_byte();
      continue;
    }

    if (c == '(') open_comment(c);
    if (comment_depth_ > 0) {
      if (c == ')') {
        --comment_depth_;
        --copy_depth_;
        if (room()) {
          --open_comments_;
          ++limit_;
        }
      }
      continue;
    }
    if (c == ')') {
      // Unmatched: take back the copy (the byte still counts below).
      if (copy_depth_ > 0 && room() && out_ > out_head_) --out_;
    }

    if (c == '[')
      ++bracket_depth_;
    else if (c == ']')
      --bracket_depth_;

    if (c == ':' && angle_depth_ <= 0 && bracket_depth_ <= 0 && !seen_group_ && !opts_.colon_ok_in_addr) {
      unsigned char next = at(pos_);
      if (next == ':' || next == '.') {
        // DECnet "host::user" or "DEC:.node": an address, not a group.
        quote_phrase_ = true;
        if (copy_depth_ > 0) {
          put(c);
          put(next);
        }
        ++pos_;
        address_byte();
        continue;
      }
      start_group();
      continue;
    }

    if (c == ';' && copy_depth_ <= 0 && !opts_.colon_ok_in_addr) put(c);
    if (must_quote(c)) quote_phrase_ = true;

    if (c == '<') {
      open_angle();
      continue;
    }
    if (c == '>') {
      close_angle(c);
      continue;
    }
    address_byte();
  }

  // Close what the output left open, as far as the hard end allows.
  if (open_quote_ && out_ < kHardEnd) buf_[out_++] = '"';
  while (open_comments_-- > 0 && out_ < kHardEnd) buf_[out_++] = ')';
  if (close_angle_ && out_ < kHardEnd) buf_[out_++] = '>';
  if (out_ >= kHardEnd) throw NoRoom{};
  return std::string(buf_.data(), out_);
}

}  // namespace

std::string crackaddr(std::string_view addr, const CrackOptions& opts, bool* punted) {
  if (punted) *punted = false;
  Cracker cracker(c_str_view(addr), opts);
  try {
    return cracker.run();
  } catch (const NoRoom&) {
    if (punted) *punted = true;
    return std::string{'<', static_cast<char>(metabyte::kMacroExpand), 'g', '>'};
  }
}

}  // namespace smcf
