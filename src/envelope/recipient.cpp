// recipient.cpp -- sendmail's recipient(): the alias-depth limit, the
// restricted mailers, duplicate suppression against the send queue,
// :include: and file addresses, aliasing, ruleset 5, the passwd check and
// .forward files, the loop check, and the "expanded to one address"
// bookkeeping at the top level.
#include <fmt/format.h>

#include "address/address_text.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "engine/compiled.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "envelope/file_safety.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "envelope/user_db.hpp"

namespace smcf::envelope {
namespace {

// MyHostName: $j, or "localhost" when empty.
std::string my_host_name(Runtime& rt) {
  std::string j = rt.expand("\201j", limits::kMaxLine);
  return j.empty() ? std::string("localhost") : j;
}

// The checks for a direct program or file address: only an alias may
// lead to one, and only from a safe place.
void check_restricted(QueueAddress& a, bool msp, const char* what, Runtime& rt, SendQueue& q) {
  Reporter& rep = rt.rep();
  if (a.alias == nullptr || msp) {
    q.set_state(a, QState::BadAddr);
    a.status = "5.7.1";
    rep.usrerr("restricted-direct", fmt::format("550 5.7.1 Cannot mail directly to {}", what));
  } else if (a.alias->flags & qflag::kBogusShell) {
    q.set_state(a, QState::BadAddr);
    a.status = "5.7.1";
    if (!a.alias->ruser)
      rep.usrerr("restricted-uid", fmt::format("550 5.7.1 UID {} is an unknown user: cannot mail to {}",
                                               a.alias->uid, what));
    else
      rep.usrerr("restricted-shell", fmt::format("550 5.7.1 User {}@{} doesn't have a valid shell for mailing to {}",
                                                 *a.alias->ruser, my_host_name(rt), what));
  } else if (a.alias->flags & qflag::kUnsafeAddr) {
    q.set_state(a, QState::BadAddr);
    a.status = "5.7.1";
    rep.usrerr("restricted-unsafe",
               fmt::format("550 5.7.1 Address {} is unsafe for mailing to {}", a.alias->paddr, what));
  }
}

}  // namespace

void RecipientList::mark_this_pass(QueueAddress& a) {
  if (!(a.flags & qflag::kThisPass)) this_pass_.push_back(&a);
  a.flags |= qflag::kThisPass;
}

QueueAddress* RecipientList::recipient(QueueAddress* nw, int aliaslevel) {
  Reporter& rep = rt_.rep();
  const EnvelopeOptions& opts = rt_.options();
  const Config& cf = rt_.config();
  const Mailer* m = nw->mailer;
  const bool initial_dont_send = is_dead(nw->state);
  int findusercount = 0;

  rep.set_current_address(nw->paddr);
  if (aliaslevel == 0) nw->flags |= qflag::kPrimary;

  // Break aliasing loops.
  if (aliaslevel > opts.max_alias_recursion) {
    set_state(*nw, QState::BadAddr);
    nw->status = "5.4.6";
    if (nw->alias != nullptr) {
      set_state(*nw->alias, QState::BadAddr);
      nw->alias->status = "5.4.6";
    }
    rep.usrerr("alias-loop-depth", fmt::format("554 5.4.6 aliasing/forwarding loop broken ({} aliases deep; {} max)",
                                               aliaslevel, opts.max_alias_recursion));
    return nw;
  }

  // The user unquoted, for the passwd check.
  bool quoted = nw->user.find('\\') != std::string::npos;
  std::string buf = strip_quotes(nw->user);

  if (m != nullptr && m == rt_.prog_mailer()) check_restricted(*nw, opts.use_msp, "programs", rt_, queue_);

  // Duplicates: a queued address sameaddr() to this one.
  if (QueueAddress* q = queue_.find_duplicate(*nw)) {
    if (!(q->flags & qflag::kPrimary)) {
      if (!is_dead(nw->state)) rep.message("duplicate-suppressed", "duplicate suppressed");
      else set_state(*q, QState::Duplicate);
      q->flags |= nw->flags;
    } else if ((q->flags & qflag::kSelfRef) || q->state == QState::Removed) {
      set_state(*q, nw->state);
      q->flags |= nw->flags;
    }
    nw = q;
    goto done;
  }
  queue_.insert(*nw);

trylocaluser:
  if (nw->state != QState::Ok) {
    if (is_undelivered(nw->state)) ++nrcpts_;
    goto testselfdestruct;
  }

  if (m != nullptr && m == rt_.include_mailer()) {
    set_state(*nw, QState::Included);
    if (nw->alias == nullptr || opts.use_msp) {
      set_state(*nw, QState::BadAddr);
      nw->status = "5.7.1";
      rep.usrerr("include-direct", "550 5.7.1 Cannot mail directly to :include:s");
    } else {
      rep.message("including", fmt::format("including file {}", nw->user));
      int ret = include(nw->user, false, *nw, aliaslevel);
      if (transient_error(ret)) {
        set_state(*nw, QState::QueueUp);
        rep.usrerr("include-transient",
                   fmt::format("451 4.2.4 Cannot open {}: {}", shorten(nw->user, limits::kMaxShortStr), error_text(ret)));
      } else if (ret != 0) {
        set_state(*nw, QState::BadAddr);
        nw->status = "5.2.4";
        rep.usrerr("include-open",
                   fmt::format("550 5.2.4 Cannot open {}: {}", shorten(nw->user, limits::kMaxShortStr), error_text(ret)));
      }
    }
  } else if (m != nullptr && m == rt_.file_mailer()) {
    check_restricted(*nw, opts.use_msp, "files", rt_, queue_);
  }

  // Aliasing.
  if (!quoted && nw->state == QState::Ok && m != nullptr && m->has_flag('A')) alias(*nw, aliaslevel);

  // udbexpand(): with no UserDatabaseSpec it only makes this the current
  // address again (alias() may have read the alias file, which clears it).
  if (!(nw->flags & qflag::kNotRemote) && is_sendable(nw->state) && m != nullptr && m->has_flag('@'))
    rep.set_current_address(nw->paddr);

  // Ruleset 5 may hand a local address to another mailer.
  if (cf.config_level >= 2 && !rt_.cc().ruleset_empty(5) && m != nullptr && m->has_flag('5') &&
      !(nw->flags & qflag::kNotRemote) && nw->state == QState::Ok)
    map_local_user(*nw, aliaslevel + 1);

  // The passwd check, then .forward.
  if (nw->state == QState::Ok && m != nullptr && m->has_flag('w')) {
    FindUserResult fu = find_user(rt_.sys(), buf, opts.match_gecos, cf.options.blank_sub, rep);
    if (!fu.user) {
      set_state(*nw, QState::BadAddr);
      nw->status = "5.1.1";
      rep.usrerr("user-unknown", "550 5.1.1 User unknown");
      rep.set_status(exitstat::kNoUser);  // giveresponse(EX_NOUSER): setstat()
    } else if (fu.fuzzy) {
      queue_.set_user(*nw, fu.user->name);
      if (findusercount++ > 3) {
        set_state(*nw, QState::BadAddr);
        nw->status = "5.4.6";
        rep.usrerr("user-fuzzy-loop", fmt::format("554 5.4.6 aliasing/forwarding loop for {} broken", fu.user->name));
        goto done;
      }
      buf = fu.user->name;
      goto trylocaluser;
    } else {
      const MailboxUser& u = *fu.user;
      if (u.home.empty()) nw->home.reset();
      else if (u.home == "/") nw->home = "";
      else nw->home = u.home;
      nw->uid = u.uid;
      nw->gid = u.gid;
      nw->flags |= qflag::kGoodUid;
      nw->ruser = u.name;
      if (!u.fullname.empty()) nw->fullname = u.fullname;
      bool trusted = cf.classes.contains('t', u.name);
      if (!user_shell_ok(rt_.sys(), u.shell, trusted, cf.config_level)) nw->flags |= qflag::kBogusShell;
      if (vrfy_only_) set_state(*nw, QState::Verified);
      else if (!quoted) forward(*nw, aliaslevel);
    }
  }
  if (!is_dead(nw->state)) ++nrcpts_;

testselfdestruct:
  mark_this_pass(*nw);
  if (nw->alias == nullptr && nw != &from_ && is_dead(nw->state) && !queue_.has_live()) {
    set_state(*nw, QState::BadAddr);
    nw->status = "5.4.6";
    rep.usrerr("alias-loop", "554 5.4.6 aliasing/forwarding loop broken");
  }

done:
  mark_this_pass(*nw);
  if (aliaslevel == 0) top_level_done(*nw, initial_dont_send);
  nw->flags |= qflag::kRcptOk;
  rt_.define_long("nrcpts", std::to_string(nrcpts_));
  return nw;
}

// At the top level: an address that expanded to exactly one sendable
// address passes its primary status on; one that expanded to several asks
// for a return receipt.  Every QTHISPASS mark is cleared.
void RecipientList::top_level_done(QueueAddress& nw, bool initial_dont_send) {
  int n = 0;
  QueueAddress* only = nullptr;
  for (QueueAddress* q : this_pass_) {
    if (q->queued && is_sendable(q->state)) {
      ++n;
      only = q;
    }
    q->flags &= ~qflag::kThisPass;
  }
  this_pass_.clear();
  if (n == 1) {
    QueueAddress* q = only;
    while ((q = q->alias) != nullptr && !q->owner) {
    }
    if (q == nullptr) only->flags |= qflag::kPrimary;
  } else if (!initial_dont_send && n > 0) {
    send_receipt_ = true;
    nw.flags |= qflag::kExpanded;
  }
}

}  // namespace smcf::envelope
