// recipient_list.hpp -- an envelope's recipients, processed the way
// sendmail 8.17 processes them before delivery (recipient.c, alias.c):
// parsing comma lists, duplicate suppression, aliasing with owner-
// aliases, :include: files, ruleset 5, the passwd check with its fuzzy
// matches, .forward files, loop detection -- with every message, state
// change and exit status sendmail produces along the way.
//
// This is the part of delivery that -bv shows; the delivery core uses it
// as its front end.  Messages go through the runtime's Reporter (its
// current address is sendmail's e_to).
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envelope/host_signature.hpp"
#include "envelope/queue_address.hpp"
#include "envelope/send_queue.hpp"

namespace smcf {
struct ParsedAddress;
}

namespace smcf::envelope {

class Runtime;

class RecipientList {
 public:
  explicit RecipientList(Runtime& rt);
  RecipientList(const RecipientList&) = delete;
  RecipientList& operator=(const RecipientList&) = delete;

  // setsender(): the envelope sender, as parsed (state QS_SENDER).
  void set_sender(const ParsedAddress& from, std::string paddr);
  QueueAddress& sender() { return from_; }

  // sendtoargv(): each argument is a list of addresses.
  void send_to_argv(const std::vector<std::string>& args);
  // sendtolist(): returns the number of addresses given to recipient().
  int send_to_list(std::string_view list, QueueAddress* ctladdr, int aliaslevel);
  // recipient(): queues `a` (or finds its duplicate) and expands it.
  QueueAddress* recipient(QueueAddress* a, int aliaslevel);

  // readqf(): an R record's address with its flags (the qf letters
  // already turned into qflag bits), under `ctladdr` (a C record), through
  // recipient() at alias level 0.  nullptr when it does not parse.
  QueueAddress* queued_recipient(std::string_view addr, std::uint32_t flags, QueueAddress* ctladdr);
  // SMTP RCPT: the address parseaddr() made of the command's argument,
  // as a new queue entry with the default notify flags; the caller adds
  // what the ESMTP parameters say and then calls recipient().
  QueueAddress& parsed_recipient(const ParsedAddress& p, std::string paddr) { return from_parsed(p, std::move(paddr)); }
  // setctluser(): the controlling user of a C record ("user:uid:gid:addr").
  QueueAddress* controller(std::string_view record);

  SendQueue& queue() { return queue_; }
  Runtime& runtime() { return rt_; }
  bool send_receipt() const { return send_receipt_; }
  // DefaultNotify (-N): the notify bits a new recipient gets.
  void set_default_notify(std::uint32_t bits) { default_notify_ = bits; }
  int nrcpts() const { return nrcpts_; }
  // EF_VRFYONLY: recipients are only verified (aliases and .forward files
  // are not expanded yet) -- SMTP RCPT when delivery is not interactive.
  void set_verify_only(bool on) { vrfy_only_ = on; }

 private:
  // Addresses live here for the envelope's lifetime (stable pointers).
  QueueAddress& make(QueueAddress a);
  QueueAddress& from_parsed(const ParsedAddress& p, std::string paddr);
  void set_state(QueueAddress& a, QState s) { queue_.set_state(a, s); }

  // recipient.c / alias.c / parseaddr.c helpers (send_to_list.cpp,
  // aliasing.cpp, include_file.cpp, recipient.cpp).
  QueueAddress* self_reference(QueueAddress& a);
  void alias(QueueAddress& a, int aliaslevel);
  std::optional<std::string> alias_lookup(std::string_view name, int* status);
  void map_local_user(QueueAddress& a, int aliaslevel);
  int include(const std::string& fname, bool forwarding, QueueAddress& ctladdr, int aliaslevel);
  void forward(QueueAddress& user, int aliaslevel);
  void mark_this_pass(QueueAddress& a);
  void top_level_done(QueueAddress& a, bool initial_dont_send);

  Runtime& rt_;
  std::deque<QueueAddress> store_;
  SendQueue queue_;
  HostSignatures signatures_;
  QueueAddress from_;
  bool old_style_;             // EF_OLDSTYLE
  bool send_receipt_ = false;  // EF_SENDRECEIPT
  std::uint32_t default_notify_ = qflag::kPingOnFailure | qflag::kPingOnDelay;
  int nrcpts_ = 0;             // e_nrcpts
  bool vrfy_only_ = false;     // EF_VRFYONLY
  std::vector<QueueAddress*> this_pass_;  // addresses with QTHISPASS set
};

}  // namespace smcf::envelope
