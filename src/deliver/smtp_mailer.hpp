// smtp_mailer.hpp -- deliver() for a mailer with P=[IPC] (smtp, esmtp,
// smtp8, dsmtp, relay): the recipients of the group that share its host
// go to that host over SMTP in one transaction (src/smtp_client/), and
// each reply becomes what sendmail's markfailure()/giveresponse() make of
// it: 2xx sent; 4xx, a lost connection or a timeout at any stage
// deferred (the message stays queued, its status the reply); 5xx a
// failure whose remote reply the bounce quotes.
//
// The host is the recipient's $@: a "[1.2.3.4]" literal is used as is; a
// name goes through its MX hosts (src/dns/, unless DNS is off) and each
// host name through the hosts file (the pinned one in tests), then the
// system resolver (DNS allowed); "h1:h2" tries each in turn.  A name
// without an address is "Host unknown" (a failed lookup: deferred).  The port is A='s third word
// ("TCP $h 2525"), 25 without one.
#pragma once
#include <vector>

#include "deliver/mailer_run.hpp"

namespace smcf::deliver {

GroupResult deliver_smtp(Envelope& env, envelope::QueueAddress& first,
                         const std::vector<envelope::QueueAddress*>& queue, const QueueRunOptions& opts,
                         Reporter& rep);

}  // namespace smcf::deliver
