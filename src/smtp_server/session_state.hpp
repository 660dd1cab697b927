// session_state.hpp -- what one SMTP connection keeps between commands
// (sendmail's smtp() locals, SMTP_T and the envelope), shared by the
// command loop (smtp_session.cpp) and the mail transaction's commands
// (smtp_mail.cpp).  Internal to smtp_server/.
#pragma once
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "address/parse_address.hpp"
#include "address/sender.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "queue/queue_id.hpp"
#include "smtp_server/sasl_server.hpp"
#include "smtp_server/smtp_command.hpp"
#include "smtp_server/smtp_session.hpp"
#include "smtp_server/tls_server.hpp"

namespace smcf::smtp_server {

// One envelope: created at the start and after every transaction
// (sendmail's newenvelope() in CLEAR_STATE).
struct Transaction {
  std::unique_ptr<envelope::Runtime> rt;
  std::unique_ptr<envelope::RecipientList> list;
  ParsedAddress from;
  EnvelopeState state;
  bool got_mail = false;      // sm_gotmail
  int nrcpts = 0;             // sm_nrcpts
  long msg_size = 0;          // SIZE=
  std::optional<std::string> body_type;  // BODY=
  std::optional<std::string> envid;      // ENVID=
  bool ret_given = false;     // RET=
  bool headers_only = false;  // RET=HDRS
  std::string auth;           // AUTH=
  bool discard = false;       // EF_DISCARD
};

class Session {
 public:
  Session(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects, Reporter& rep,
          const std::string& queue_path, const PeerInfo& peer, SmtpChannel& channel);
  SessionResult run();
  // The session is over: what TLS still has to send goes out.
  void finish();
  ~Session();

  // smtp_mail.cpp
  void mail(std::string_view arg);
  void rcpt(std::string_view arg);
  // false: the connection is to be closed.
  bool data();

 private:
  // smtp_session.cpp
  void new_envelope();
  void greet();
  void hello(bool extended, std::string_view word, std::string_view arg);
  void verify(bool vrfy, std::string_view arg);
  void help(std::string_view topic);
  void auth(std::string_view arg);
  // false: the connection is to be closed.
  bool starttls(std::string_view arg);
  int timeout(const char* name, int fallback) const;
  bool check(const char* ruleset, std::string_view p1, const std::string* p2, int flags);
  // smtp_mail.cpp
  bool mail_param(const EsmtpParam& p);
  bool deliver_by(const std::string& value);
  bool rcpt_param(envelope::QueueAddress& a, std::string_view keyword, const std::optional<std::string>& value);

  std::shared_ptr<const CompiledConfig> cc_;
  const Config& cf_;
  const System& sys_;
  const Effects& effects_;
  Reporter& rep_;
  std::string queue_path_;
  const PeerInfo& peer_;
  SmtpChannel& channel_;

  std::string my_host_;        // MyHostName ($j)
  std::string client_;         // CurSmtpClient: $_ or the peer's name
  std::string peer_host_;      // peerhostname: RealHostName or "localhost"
  std::optional<std::string> sending_host_;  // the HELO name
  std::string protocol_;       // "SMTP" / "ESMTP", $r
  std::optional<std::string> nullserver_;    // refusing every command with this
  bool got_hello_ = false;
  bool interactive_ = false;   // DeliveryMode i or b: RCPT expands at once
  bool offer_dsn_ = true;
  bool offer_expn_ = true;
  bool offer_verb_ = true;
  bool offer_etrn_ = true;
  long max_message_size_ = 0;
  int max_rcpts_ = 0;
  long deliver_by_min_ = 0;    // DeliverByMin: < 0 refuses BY=
  int bad_commands_ = 0;
  Transaction tx_;
  queue::QueueIdSource ids_;
  std::unique_ptr<SaslServer> sasl_;
  std::unique_ptr<TlsServer> tls_;   // nullptr: STARTTLS not offered
  bool tls_active_ = false;
  TlsInfo tls_info_;
  static const std::string kStartTlsWord;
  bool authenticated_ = false;
  SessionResult result_;
};

}  // namespace smcf::smtp_server
