// prescan.cpp -- the tokenizer state machine.
//
// Structure follows the behaviour described in the reference (§2): one
// lookahead byte `c`, stored into the current token at the top of the next
// step unless it was consumed; a backslash escapes the following byte past
// the state machine; comments and angle brackets are counted before the
// state transition; the transition table decides breaks and drops.
#include "token/prescan.hpp"

#include <optional>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"

namespace smcf {
namespace {

constexpr int kNoChar = -1;

// Transition flags.
constexpr unsigned kDrop = 020;   // the byte is not stored
constexpr unsigned kBreak = 040;  // the current token ends before the byte
constexpr unsigned kTypeMask = 017;

constexpr unsigned O = static_cast<unsigned>(CharType::Opr);
constexpr unsigned A = static_cast<unsigned>(CharType::Atm);
constexpr unsigned Q = static_cast<unsigned>(CharType::Qst);
constexpr unsigned S = static_cast<unsigned>(CharType::Spc);
constexpr unsigned N = static_cast<unsigned>(CharType::One);

// [old state][byte type] -> new state | flags
constexpr unsigned kTransition[5][5] = {
    /* Opr */ {O | kBreak, A | kBreak, Q | kBreak, S | kDrop | kBreak, N | kBreak},
    /* Atm */ {O | kBreak, A, Q | kBreak, S | kDrop | kBreak, N | kBreak},
    /* Qst */ {Q, Q, O, Q, Q},
    /* Spc */ {O, A, Q, S | kDrop, N},
    /* One */ {O, O, O, O, O},
};

class Scanner {
 public:
  Scanner(const PrescanRequest& req, TokenSink& sink, Reporter* rep)
      : in_(c_str_view(req.input)), req_(req), sink_(sink), rep_(rep) {}

  PrescanResult run();

 private:
  int next_byte() { return pos_ < in_.size() ? static_cast<unsigned char>(in_[pos_++]) : (++pos_, 0); }
  int peek_at(std::size_t i) const { return i < in_.size() ? static_cast<unsigned char>(in_[i]) : 0; }
  bool buffer_full() const { return used_ + 5 > req_.buffer_size; }
  void error(std::string_view text) {
    if (!rep_) return;
    auto saved = rep_->current_address();
    rep_->set_current_address(std::string(in_));
    rep_->usrerr("prescan", text);
    rep_->set_current_address(saved);
  }
  PrescanResult fail() {
    PrescanResult r;
    r.ok = false;
    r.tokens = ntokens_;
    r.delim_pos = pos_ > 0 ? pos_ - 1 : 0;
    if (r.delim_pos > in_.size()) r.delim_pos = in_.size();
    r.truncated_input = truncated_;
    return r;
  }
  PrescanResult too_long() {
    error("553 5.1.1 Address too long");
    if (in_.size() > limits::kMaxName) truncated_ = true;
    return fail();
  }

  std::string_view in_;
  const PrescanRequest& req_;
  TokenSink& sink_;
  Reporter* rep_;
  std::size_t pos_ = 0;    // next byte to read
  std::size_t used_ = 0;   // bytes of sendmail's pvpbuf in use
  std::size_t ntokens_ = 0;
  bool truncated_ = false;
};

PrescanResult Scanner::run() {
  const CharTable& table = *req_.table;
  const int delim = req_.delim;
  const bool ignore = req_.ignore_errors;
  const bool comments = table['('] == CharType::Spc;

  bool backslash = false;
  bool route_syntax = false;
  int comment_depth = 0;
  int angle_depth = 0;
  unsigned state = A;
  int c = kNoChar;
  std::string tok;

  do {
    tok.clear();
    std::size_t xlen = 0;
    for (;;) {
      if (c != kNoChar && !backslash) {
        if (buffer_full()) return too_long();
        if (c == 0xff) c &= 0x7f;  // the quote byte is stored as DEL
        ++xlen;
        tok.push_back(static_cast<char>(c));
        ++used_;
      }

      c = next_byte();
      if (c == 0) {
        if (ignore) break;
        if (state == Q) {
          error("553 Unbalanced '\"'");
          c = '"';
        } else if (comment_depth > 0) {
          error("553 Unbalanced '('");
          c = ')';
        } else if (angle_depth > 0) {
          c = '>';
          error("553 Unbalanced '<'");
        } else {
          break;
        }
        --pos_;  // look at the end again after the repair
      } else if (c == delim && comment_depth <= 0 && state != Q) {
        if (angle_depth <= 0) break;
        if (delim == ',' && !route_syntax && !ignore) {
          error("553 Unbalanced '<'");
          c = '>';
          --pos_;
        }
      }

      if (backslash) {
        backslash = false;
        if (comment_depth > 0) {
          c = kNoChar;
          continue;
        }
        if (c != '!' || state == Q) {
          if (buffer_full()) return too_long();
          tok.push_back('\\');
          ++used_;
          ++xlen;
          continue;  // c is stored, unexamined, at the top
        }
      }

      if (c == '\\') {
        backslash = true;
      } else if (state == Q) {
        // inside quotes nothing is special
      } else if (c == '(' && comments) {
        ++comment_depth;
        c = kNoChar;
      } else if (c == ')' && comments) {
        if (comment_depth <= 0) {
          if (!ignore) {
            error("553 Unbalanced ')'");
            c = kNoChar;
          }
        } else {
          --comment_depth;
        }
      } else if (comment_depth > 0) {
        c = kNoChar;
      } else if (c == '<') {
        ++angle_depth;
        std::size_t i = pos_;
        while (is_space(static_cast<unsigned char>(peek_at(i)))) ++i;
        if (peek_at(i) == '@') route_syntax = true;
      } else if (c == '>') {
        if (angle_depth <= 0) {
          if (!ignore) {
            error("553 Unbalanced '>'");
            c = kNoChar;
          }
        } else {
          --angle_depth;
        }
        route_syntax = false;
      } else if (delim == ' ' && is_space(static_cast<unsigned char>(c))) {
        c = ' ';
      }

      if (c == kNoChar) continue;
      if (c == delim && angle_depth <= 0 && state != Q) break;

      unsigned next = kTransition[state][static_cast<unsigned>(table[static_cast<unsigned char>(c)])];
      state = next & kTypeMask;
      if (next & kDrop) c = kNoChar;
      if (next & kBreak) break;
    }

    if (!tok.empty()) {
      if (buffer_full()) return too_long();
      ++used_;  // the token's terminating NUL
      if (ntokens_ >= limits::kMaxAtom) {
        error("553 5.1.0 prescan: too many tokens");
        return fail();
      }
      if (xlen > limits::kMaxName) {
        error("553 5.1.0 prescan: token too long");
        return fail();
      }
      sink_.token(tok);
      ++ntokens_;
    }
  } while (c != 0 && (c != delim || angle_depth > 0));

  PrescanResult r;
  r.ok = ntokens_ > 0;
  r.tokens = ntokens_;
  std::size_t p = pos_;
  if (p > 0) --p;
  r.delim_pos = p > in_.size() ? in_.size() : p;
  return r;
}

}  // namespace

PrescanResult prescan(const PrescanRequest& req, TokenSink& sink, Reporter* rep) {
  Scanner s(req, sink, rep);
  return s.run();
}

}  // namespace smcf
