// header_list.hpp -- an envelope's header list (sendmail's e_header): the
// cf's default headers (H lines) and the message's own, combined as
// chompheader() combines them, bound early as eatheader() binds them, and
// written to a qf as queueup() writes them.
//
//  * A message header replaces the default of the same name unless the
//    name has H_FORCE (Received:, Return-Path: ...): the default's value is
//    dropped and the message's header is appended.  An empty message
//    header keeps the default.  A From: that only repeats the local
//    sender keeps the default From: (marked as the user's).
//  * Defaults are macro-expanded when the headers are complete (early
//    binding), except those with H_BINDLATE (Return-Path:), which stay
//    unexpanded for delivery time; an expansion that is empty drops the
//    header.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {
struct Config;
struct MacroNames;
}  // namespace smcf

namespace smcf::submit {

struct Header {
  std::string field;                 // as written
  std::optional<std::string> value;  // nullopt: deleted (replaced by the message's)
  unsigned long flags = 0;           // header_flag bits (ir/header.hpp)
  std::string mailer_flags;          // ?flags?, each byte once, in byte order
  int macro = 0;                     // ?$x? condition (macro id), 0: none
};

// The addresses of a From/To-type header value, split as commaize()
// finds them: at commas outside quotes, comments and angle brackets, each
// without its surrounding white space.
std::vector<std::string> split_header_addresses(std::string_view value);

// denlstring(s, false, ...): once a newline is not followed by white
// space, every newline becomes a space (continuation lines are kept).
std::string header_newlines(std::string s);

class HeaderList {
 public:
  // setupheaders() + the cf's H lines; without `defaults` an empty list
  // (a queue run: "don't use the headers from sendmail.cf").
  explicit HeaderList(const Config& cf, bool defaults = true);

  // chompheader(line, CHHDR_USER): `line` is "Name: value" (continuation
  // lines after "\n").  `flags` are what the header check returned
  // (header_check.hpp); `sender_paddr`/`sender_user` are the local
  // sender's, for the From: rule ("" when the sender is not local).
  void add_message_header(std::string_view line, unsigned long flags, std::string_view sender_paddr,
                          std::string_view sender_user);

  // addheader(): a header sendmail adds itself (H_USER-less, replacing
  // nothing), e.g. for NoRecipientAction.
  void add_default_header(std::string field, std::string value);

  // chompheader(CHHDR_QUEUE): an H record of a qf, its ?condition? given
  // apart ("P", "$x", "${name}"); `macro_id` turns a macro name into its id.
  void add_queued_header(std::string_view condition, std::string_view text,
                         const std::function<int(std::string_view)>& macro_id);

  // hvalue(): the value of the first header of that name that is not a
  // default still unbound, without its leading white space.
  std::optional<std::string> value(std::string_view name) const;

  // eatheader()'s early binding; `expand` is the envelope's expand(),
  // `crack` its crackaddr() (applied to an expanded From-type default).
  void bind_defaults(const std::function<std::string(std::string_view)>& expand,
                     const std::function<std::string(std::string_view)>& crack);

  // The H records of a qf (queueup()), in list order; `expand` expands a
  // default still unbound, `names` names long macros.
  struct QueuedHeader {
    std::string condition;
    std::string text;
  };
  std::vector<QueuedHeader> queued(const std::function<std::string(std::string_view)>& expand,
                                   const MacroNames& names, bool resent) const;

  const std::vector<Header>& headers() const { return headers_; }
  bool resent() const { return resent_; }
  int hop_count() const;

 private:
  const Config& cf_;
  std::vector<Header> headers_;
  bool resent_ = false;
};

}  // namespace smcf::submit
