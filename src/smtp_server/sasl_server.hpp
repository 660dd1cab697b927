// sasl_server.hpp -- SMTP AUTH for the server through Cyrus SASL
// (libsasl2), the library sendmail itself uses: the mechanisms offered in
// the EHLO reply are what libsasl2's plugins provide on this machine,
// intersected with the cf's AuthMechanisms (in that option's order), so
// smcf offers exactly what sendmail offers here; the exchange itself is
// libsasl2's (sasl_server_start / sasl_server_step), with sendmail's
// replies around it.
//
// Why libsasl2 and not our own PLAIN/LOGIN: the credentials an admin has
// (sasldb, saslauthd, PAM through saslauthd) are configured for Cyrus
// SASL as "Sendmail" (/etc/sasl2/Sendmail.conf); any other backend would
// authenticate against something else than sendmail does.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smcf::smtp_server {

class SaslServer {
 public:
  // realm: AuthRealm ($j by default); mechanisms: AuthMechanisms.
  SaslServer(const std::string& realm, const std::string& mechanisms);
  ~SaslServer();
  SaslServer(const SaslServer&) = delete;
  SaslServer& operator=(const SaslServer&) = delete;

  // "DIGEST-MD5 CRAM-MD5": the list for "250-AUTH ..."; "" when none.
  const std::string& mechanisms() const { return mechanisms_; }
  bool offers(std::string_view mech) const;

  enum class Step { Continue, Done, Failed, BadBase64 };
  // The first step (AUTH MECH [initial-response]) and the following ones
  // (a line from the client, base64).  `challenge` is the base64 text for
  // the 334 reply when the result is Continue.
  Step start(std::string_view mech, std::optional<std::string_view> initial, std::string& challenge);
  Step step(std::string_view line, std::string& challenge);
  // The authenticated user ({auth_authen}) after Done.
  std::string user() const;

 private:
  Step result(int rc, const char* out, unsigned outlen, std::string& challenge);
  struct Conn;
  std::unique_ptr<Conn> conn_;
  std::string mechanisms_;
};

}  // namespace smcf::smtp_server
