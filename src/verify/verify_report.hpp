// verify_report.hpp -- what sendmail's sendall() does in verify mode
// (SM_VERIFY) once the recipients are processed: remove the sender unless
// MeToo, pass alias owners down, split the envelope by owner, and print
// "ADDR... deliverable: mailer M[, host H], user U" for every sendable
// address of each envelope, the main one first, then the owner envelopes
// from the last split to the first.
#pragma once

namespace smcf {
struct SenderEnv;
}

namespace smcf::envelope {
class RecipientList;
}

namespace smcf::verify {

using envelope::RecipientList;

void report_deliverable(RecipientList& list, const SenderEnv& sender_env);

}  // namespace smcf::verify
