// smtp_session.cpp -- the SMTP command loop and the commands outside a
// mail transaction (see smtp_session.hpp; MAIL, RCPT and DATA are in
// smtp_mail.cpp).
#include "smtp_server/smtp_session.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstdio>

#include "address/header_check.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "host/effects.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "names/macro_id.hpp"
#include "read/options.hpp"
#include "smtp_server/session_state.hpp"
#include "smtp_server/smtp_channel.hpp"
#include "submit/submission.hpp"

namespace smcf::smtp_server {
namespace {

constexpr const char* kVersion = "8.17.1.9";

// anynet_ntoa() and the port of a peer address.
// anynet_ntoa(): an IPv4-mapped address as IPv4; any other IPv6 address
// tagged "IPv6:" and, unless UseCompressedIPv6Addresses, written out in
// eight groups without "::" (sm_inet6_ntop()).
std::string ipv6_text(const in6_addr& a, bool compressed) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (IN6_IS_ADDR_V4MAPPED(&a)) {
    ::inet_ntop(AF_INET, &a.s6_addr[12], buf, sizeof buf);
    return buf;
  }
  if (compressed) {
    ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
    return std::string("IPv6:") + buf;
  }
  std::string out = "IPv6:";
  for (int i = 0; i < 8; ++i) {
    if (i > 0) out.push_back(':');
    out += fmt::format("{:x}", (a.s6_addr[2 * i] << 8) | a.s6_addr[2 * i + 1]);
  }
  return out;
}

bool numeric_peer(const sockaddr_storage& ss, bool compressed_ipv6, std::string& addr, std::string& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    addr = buf;
    port = std::to_string(ntohs(in->sin_port));
    return true;
  }
  if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    addr = ipv6_text(in6->sin6_addr, compressed_ipv6);
    port = std::to_string(ntohs(in6->sin6_port));
    return true;
  }
  return false;
}

// sendmail's translate_dollars() for a help text: "$$" is a dollar,
// "$x" the macro x.
std::string help_macros(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size()) {
      if (text[i + 1] == '$') {
        out.push_back('$');
        ++i;
        continue;
      }
      out.push_back(static_cast<char>(metabyte::kMacroExpand));
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> local_interface(int fd, bool compressed_ipv6) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0 || len == 0) return std::nullopt;
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) return std::nullopt;
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  std::string addr, port;
  if (!numeric_peer(ss, compressed_ipv6, addr, port)) return std::nullopt;
  return std::make_pair(addr, std::string(ss.ss_family == AF_INET6 ? "inet6" : "inet"));
}

PeerInfo peer_of(int fd, const System& sys, const std::string& invoking_user, bool compressed_ipv6) {
  PeerInfo peer;
  // Replies are small writes; without this each one waits for the
  // client's delayed ACK of the one before (Nagle), 40 ms per reply.
  int on = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  std::string addr, port;
  if (::isatty(fd) || ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0 || len == 0 ||
      !numeric_peer(ss, compressed_ipv6, addr, port)) {
    peer.auth_info = invoking_user + "@localhost";
    return peer;
  }
  peer.address = addr;
  peer.port = port;
  // The hosts file and resolver are asked with the address as inet_ntop()
  // writes it, whatever form the macros show.
  std::string lookup = addr;
  if (ss.ss_family == AF_INET6) {
    char buf[INET6_ADDRSTRLEN] = {};
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) ::inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], buf, sizeof buf);
    else ::inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    lookup = buf;
  }
  std::optional<HostEntry> h = sys.host_by_address(lookup);
  if (h && !h->names.empty()) {
    peer.host_name = h->names.front();
    // The forward lookup of that name must give the address back.
    std::optional<HostEntry> fwd = sys.host_by_name(*peer.host_name);
    peer.forged = !(fwd && fwd->address == lookup);
  } else {
    peer.host_name = "[" + addr + "]";
  }
  peer.auth_info = *peer.host_name;
  if ((*peer.host_name)[0] != '[') peer.auth_info += " [" + addr + "]";
  if (peer.forged) peer.auth_info += " (may be forged)";
  return peer;
}

Session::Session(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects, Reporter& rep,
                 const std::string& queue_path, const PeerInfo& peer, SmtpChannel& channel)
    : cc_(std::move(cc)),
      cf_(cc_->ir()),
      sys_(sys),
      effects_(effects),
      rep_(rep),
      queue_path_(queue_path),
      peer_(peer),
      channel_(channel),
      ids_(effects) {
  const OptionSettings& o = cf_.options;
  std::string mode = lower_ascii(option_value(o, "DeliveryMode").value_or("b"));
  interactive_ = mode.empty() || mode[0] == 'i' || mode[0] == 'b';
  offer_expn_ = !privacy_option(o, "noexpn");
  offer_verb_ = offer_expn_ && !privacy_option(o, "noverb");
  offer_etrn_ = !privacy_option(o, "noetrn");
  bool send_mime_errors = true;
  if (auto v = option_value(o, "SendMimeErrors")) send_mime_errors = option_bool(*v);
  offer_dsn_ = !privacy_option(o, "noreceipts") && send_mime_errors;
  if (auto v = option_value(o, "MaxMessageSize")) max_message_size_ = parse_atol(*v);
  if (auto v = option_value(o, "MaxRecipientsPerMessage")) max_rcpts_ = static_cast<int>(parse_atol(*v));
  if (auto v = option_value(o, "DeliverByMin")) deliver_by_min_ = parse_atol(*v);
  peer_host_ = peer.host_name.value_or("localhost");
  client_ = peer.auth_info.empty() ? peer_host_ : peer.auth_info;
  new_envelope();
  if (const std::string* j = tx_.rt->macros().macro_value('j')) my_host_ = *j;
  std::string mechs = option_value(o, "AuthMechanisms").value_or("GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5");
  sasl_ = std::make_unique<SaslServer>(option_value(o, "AuthRealm").value_or(my_host_), mechs);
  std::string why;
  tls_ = TlsServer::create(o, &why);
}

Session::~Session() { finish(); }

void Session::finish() {
  channel_.out().flush();
  if (tls_) tls_->finish();
}

bool Session::starttls(std::string_view arg) {
  if (!arg.empty()) {
    rep_.message("smtp-starttls", "501 5.5.2 Syntax error (no parameters allowed)");
    return true;
  }
  if (!tls_ || tls_active_) {
    rep_.message("smtp-starttls", "454 4.3.3 TLS not available after start");
    return true;
  }
  rep_.message("smtp-starttls", "220 2.0.0 Ready to start TLS");
  channel_.out().flush();
  // Whatever came in the clear after STARTTLS is not believed (the
  // STARTTLS command-injection attack): it is dropped.
  channel_.discard_input();
  std::optional<TlsInfo> info = tls_->start(channel_.fd(), channel_.out_fd(), timeout("starttls", 3600));
  if (!info) return false;  // a failed handshake leaves nothing to talk to
  tls_active_ = true;
  tls_info_ = *info;
  new_envelope();
  // tls_client: the cf's verdict on the client's certificate.
  (void)check("tls_client", tls_info_.verify, &kStartTlsWord, rsf::kRmComm | rsf::kCount);
  return true;
}

void Session::auth(std::string_view arg) {
  if (authenticated_) return rep_.message("smtp-auth", "503 5.5.0 Already Authenticated");
  if (tx_.got_mail) return rep_.message("smtp-auth", "503 5.5.0 AUTH not permitted during a mail transaction");
  std::size_t sp = arg.find_first_of(" \t");
  std::string_view mech = arg.substr(0, sp);
  std::optional<std::string_view> initial;
  if (sp != std::string_view::npos) {
    std::string_view rest = arg.substr(sp);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (!rest.empty()) initial = rest;
  }
  if (mech.empty()) return rep_.message("smtp-auth", "501 5.5.2 AUTH mechanism must be specified");
  if (!sasl_->offers(mech))
    return rep_.message("smtp-auth", fmt::format("504 5.3.3 AUTH mechanism {:.32} not available", mech));
  std::string challenge;
  SaslServer::Step st = sasl_->start(mech, initial, challenge);
  if (st == SaslServer::Step::BadBase64)
    return rep_.message("smtp-auth", fmt::format("501 5.5.4 cannot BASE64 decode '{}'", *initial));
  std::string line;
  while (st == SaslServer::Step::Continue) {
    rep_.message("smtp-auth", "334 " + challenge);
    bool too_long = false;
    if (channel_.read_line(timeout("command", 3600), limits::kSmtpInputLine - 1, line, &too_long) !=
        ReadStatus::Line)
      return;
    if (line == "*") return rep_.message("smtp-auth", "501 5.0.0 AUTH aborted");
    st = sasl_->step(line, challenge);
    if (st == SaslServer::Step::BadBase64)
      return rep_.message("smtp-auth", fmt::format("501 5.5.4 cannot decode AUTH parameter {}", line));
  }
  if (st != SaslServer::Step::Done) return rep_.message("smtp-auth", "535 5.7.0 authentication failed");
  authenticated_ = true;
  tx_.rt->define_long("auth_type", std::string(mech));
  tx_.rt->define_long("auth_authen", sasl_->user());
  rep_.message("smtp-auth", "235 2.0.0 OK Authenticated");
}

void Session::new_envelope() {
  tx_ = Transaction{};
  tx_.rt = std::make_unique<envelope::Runtime>(cc_, sys_, rep_);
  envelope::Runtime& rt = *tx_.rt;
  rt.macros().define('_', peer_.auth_info);
  if (peer_.host_name) {
    rt.define_long("client_name", peer_.forged ? "[" + peer_.address + "]" : *peer_.host_name);
    rt.define_long("client_ptr", *peer_.host_name);
  }
  rt.define_long("client_addr", peer_.address);
  rt.define_long("client_port", peer_.port);
  if (peer_.forged) rt.define_long("client_resolve", "FORGED");
  if (peer_.daemon) {
    rt.define_long("daemon_name", peer_.daemon->name);
    rt.define_long("daemon_addr", peer_.daemon->addr);
    rt.define_long("daemon_port", peer_.daemon->port);
    rt.define_long("daemon_family", peer_.daemon->family);
    rt.define_long("daemon_flags", peer_.daemon->flags);
    // Bound here even when the cf never names them: {if_addr} is one of
    // the macros the queue file keeps.
    MacroNames& names = rt.engine().names().macros;
    if (peer_.daemon->if_addr) rt.macros().define(macro_id_of("if_addr", names, nullptr), *peer_.daemon->if_addr);
    if (peer_.daemon->if_family)
      rt.macros().define(macro_id_of("if_family", names, nullptr), *peer_.daemon->if_family);
  } else {
    rt.define_long("daemon_flags", "c u");
  }
  rt.define_long("opMode", "s");
  if (tls_active_) {
    rt.define_long("tls_version", tls_info_.version);
    rt.define_long("cipher", tls_info_.cipher);
    rt.define_long("cipher_bits", tls_info_.cipher_bits);
    rt.define_long("alg_bits", tls_info_.alg_bits);
    rt.define_long("verify", tls_info_.verify);
    rt.define_long("cert_subject", tls_info_.cert_subject);
    rt.define_long("cert_issuer", tls_info_.cert_issuer);
  }
  rt.define_long("ntries", "0");
  rt.define_long("nrcpts", "0");
  if (!protocol_.empty()) rt.macros().define('r', protocol_);
  if (sending_host_) rt.macros().define('s', *sending_host_);
  submit::set_time_macros(rt, effects_.now());
  tx_.list = std::make_unique<envelope::RecipientList>(rt);
  tx_.list->set_verify_only(!interactive_);
}

int Session::timeout(const char* name, int fallback) const {
  auto it = cf_.options.timeouts.find(name);
  return it == cf_.options.timeouts.end() ? fallback : static_cast<int>(it->second);
}

bool Session::check(const char* ruleset, std::string_view p1, const std::string* p2, int flags) {
  int rs = tx_.rt->engine().ruleset_number(ruleset, nullptr);
  if (rs <= 0) return true;
  const int before = rep_.error_count();
  int st = rscheck(tx_.rt->ctx(), rs, p1, p2, flags);
  if (tx_.rt->ctx().discard) tx_.discard = true;
  return st == 0 && rep_.error_count() == before;
}

void Session::greet() {
  // SmtpGreetingMessage, "ESMTP" inserted as the second word; each line
  // of a multi-line greeting is its own reply line.
  std::string text = tx_.rt->expand(
      cf_.options.smtp_greeting.value_or(std::string{static_cast<char>(metabyte::kMacroExpand), 'j'} +
                                         " Sendmail"),
      limits::kMaxLine);
  std::string code = nullserver_ ? "554" : "220";
  if (nullserver_) text = my_host_ + " " + *nullserver_;
  std::size_t nl = text.find('\n');
  std::string first = text.substr(0, nl);
  std::size_t sp = first.find(' ');
  std::string name = first.substr(0, sp);
  std::string rest = sp == std::string::npos ? std::string() : first.substr(sp);
  rep_.plain("smtp-greeting", Severity::Note,
             fmt::format("{}{}{} ESMTP{}\r", code, nl == std::string::npos ? ' ' : '-', name, rest));
  while (nl != std::string::npos) {
    std::size_t start = nl + 1;
    nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.erase(0, 1);
    rep_.plain("smtp-greeting", Severity::Note,
               fmt::format("{}{}{}\r", code, nl == std::string::npos ? ' ' : '-', line));
  }
}

void Session::hello(bool extended, std::string_view word, std::string_view arg) {
  // A client that sends more before the answer to its HELO/EHLO has not
  // waited to learn whether it may pipeline (or is smuggling commands): as
  // sendmail 8.17.1.9 as Debian ships it, the command is a protocol error
  // and every later one is refused.  End of input counts as input.
  if (channel_.input_pending(0)) {
    rep_.usrerr("smtp-bad-pipeline", "554 5.5.0 SMTP protocol error");
    nullserver_ = "Command rejected";
    return;
  }
  protocol_ = extended ? std::string("ESMTP") + (tls_active_ ? "S" : "") + (authenticated_ ? "A" : "") : "SMTP";
  bool allow_bogus = false;
  if (auto v = option_value(cf_.options, "AllowBogusHELO")) allow_bogus = option_bool(*v);
  if (arg.empty() && !allow_bogus) {
    rep_.usrerr("smtp-helo-no-domain", fmt::format("501 {} requires domain address", word));
    return;
  }
  if (arg.size() > limits::kMaxName) {
    rep_.usrerr("smtp-helo-bad-domain", "501 Invalid domain name");
    return;
  }
  std::string greeting = "pleased to meet you";
  if (std::optional<std::string> name = helo_name(arg)) {
    sending_host_ = *name;
  } else if (!allow_bogus) {
    rep_.usrerr("smtp-helo-bad-domain", "501 Invalid domain name");
    return;
  } else {
    greeting = "accepting invalid domain name";
  }
  if (got_hello_ || tx_.got_mail) new_envelope();  // CLEAR_STATE
  got_hello_ = true;
  if (!extended) {
    rep_.message("smtp-helo", fmt::format("250 {} Hello {}, {}", my_host_, client_, greeting));
    return;
  }
  rep_.message("smtp-ehlo", fmt::format("250-{} Hello {}, {}", my_host_, client_, greeting));
  if (nullserver_) {
    rep_.message("smtp-ehlo", "250 ENHANCEDSTATUSCODES");
    return;
  }
  rep_.message("smtp-ehlo", "250-ENHANCEDSTATUSCODES");
  rep_.message("smtp-ehlo", "250-PIPELINING");
  if (offer_expn_) {
    rep_.message("smtp-ehlo", "250-EXPN");
    if (offer_verb_) rep_.message("smtp-ehlo", "250-VERB");
  }
  rep_.message("smtp-ehlo", "250-8BITMIME");
  rep_.message("smtp-ehlo", max_message_size_ > 0 ? fmt::format("250-SIZE {}", max_message_size_) : "250-SIZE");
  if (offer_dsn_) rep_.message("smtp-ehlo", "250-DSN");
  if (offer_etrn_) rep_.message("smtp-ehlo", "250-ETRN");
  if (!sasl_->mechanisms().empty()) rep_.message("smtp-ehlo", "250-AUTH " + sasl_->mechanisms());
  if (tls_ && !tls_active_) rep_.message("smtp-ehlo", "250-STARTTLS");
  if (deliver_by_min_ > 0) rep_.message("smtp-ehlo", fmt::format("250-DELIVERBY {}", deliver_by_min_));
  else if (deliver_by_min_ == 0) rep_.message("smtp-ehlo", "250-DELIVERBY");
  rep_.message("smtp-ehlo", "250 HELP");
}

void Session::verify(bool vrfy, std::string_view arg) {
  if ((vrfy && privacy_option(cf_.options, "novrfy")) || (!vrfy && !offer_expn_)) {
    rep_.message("smtp-vrfy-refused", vrfy ? "252 2.5.2 Cannot VRFY user; try RCPT to attempt delivery (or try finger)"
                                           : "502 5.7.0 Sorry, we do not allow this operation");
    return;
  }
  if (!got_hello_ && privacy_option(cf_.options, vrfy ? "needvrfyhelo" : "needexpnhelo")) {
    rep_.usrerr("smtp-vrfy-helo", "503 5.0.0 I demand that you introduce yourself first");
    return;
  }
  std::size_t p = 0;
  while (p < arg.size() && (arg[p] == ' ' || arg[p] == '\t')) ++p;
  arg.remove_prefix(p);
  if (arg.empty()) {
    rep_.usrerr("smtp-vrfy-no-arg", "501 5.5.2 Argument required");
    return;
  }
  if (!check(vrfy ? "check_vrfy" : "check_expn", arg, nullptr, rsf::kRmComm)) return;
  // The addresses are expanded in an envelope of their own.
  envelope::RecipientList vq(*tx_.rt);
  vq.set_verify_only(vrfy);
  const int before = rep_.error_count();
  vq.send_to_list(arg, nullptr, 0);
  rep_.set_current_address(std::nullopt);
  if (rep_.error_count() != before) return;
  std::vector<envelope::QueueAddress*> list;
  for (envelope::QueueAddress* q : vq.queue().ordered())
    if (envelope::is_undelivered(q->state)) list.push_back(q);
  if (list.empty()) {
    rep_.usrerr("smtp-vrfy-nothing", fmt::format("554 5.5.2 Nothing to {}", vrfy ? "VRFY" : "EXPN"));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const envelope::QueueAddress& a = *list[i];
    std::string code = vrfy && a.mailer && !a.mailer->has_flag('q') ? "252" : "250";
    code += i + 1 == list.size() ? ' ' : '-';
    bool rfc822 = !a.mailer || a.mailer->addr_type.empty() || equals_nocase(a.mailer->addr_type, "rfc822");
    std::string addr = rfc822 && a.user.find('@') == std::string::npos ? fmt::format("<{}@{}>", a.user, my_host_)
                                                                       : fmt::format("<{}>", a.user);
    if (a.fullname) addr = *a.fullname + " " + addr;
    rep_.message("smtp-vrfy", code + "2.1.5 " + addr);
  }
}

void Session::help(std::string_view topic_arg) {
  const std::optional<std::string>& path = cf_.options.help_file;
  int err = 0;
  std::optional<std::string> text = path ? sys_.read_file(*path, &err) : std::nullopt;
  if (!text) {
    rep_.message("smtp-help", fmt::format("502 5.3.0 Sendmail {} -- HELP not implemented", kVersion));
    return;
  }
  std::string topic = topic_arg.empty() ? "smtp" : lower_ascii(topic_arg);
  bool noinfo = !topic_arg.empty();
  int version = -1;
  bool first = true;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t nl = text->find('\n', pos);
    std::string line = text->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text->size() : nl + 1;
    if (!line.empty() && line[0] == '#') {
      if (version < 0 && line.compare(0, 6, "#vers\t") == 0) version = static_cast<int>(parse_atol(line.substr(6)));
      continue;
    }
    if (line.compare(0, topic.size(), topic) != 0) continue;
    if (first) {
      first = false;
      if (version < 2 && !noinfo) rep_.message("smtp-help", fmt::format("214-2.0.0 This is Sendmail version {}", kVersion));
    }
    std::size_t tab = line.find_first_of(" \t");
    std::string body = tab == std::string::npos ? std::string() : line.substr(tab + 1);
    if (!body.empty() && body.back() == '\r') body.pop_back();
    if (version >= 2) body = tx_.rt->expand(help_macros(body), limits::kMaxLine);
    rep_.message("smtp-help", "214-2.0.0 " + body);
    noinfo = false;
  }
  if (noinfo) rep_.message("smtp-help", fmt::format("504 5.3.0 HELP topic \"{}\" unknown", topic.substr(0, 10)));
  else rep_.message("smtp-help", "214 2.0.0 End of HELP info");
}

// validate_connection(): a daemon's connection goes through check_relay
// before anything is said; its errors are not shown, the first of them
// (or "Access denied") becomes the answer to every later command.
std::optional<std::string> Session::check_relay() {
  if (!peer_.daemon) return std::nullopt;
  // The refusal's text is sendmail's MsgBuf: recorded for this check only.
  const bool recording = rep_.recording();
  rep_.set_recording(true);
  const std::size_t before = rep_.diagnostics().size();
  const std::string name = peer_.host_name.value_or("");
  bool saved = tx_.rt->ctx().set_suppress(true);
  bool ok = check("check_relay", name, &peer_.address, rsf::kRmComm | rsf::kCount);
  tx_.rt->ctx().set_suppress(saved);
  std::optional<std::string> refusal;
  if (!ok) {
    refusal = "Access denied";
    const auto& diags = rep_.diagnostics();
    for (std::size_t i = diags.size(); i > before; --i)
      if (diags[i - 1].rendered.size() >= 3) {
        refusal = diags[i - 1].rendered;
        break;
      }
  }
  rep_.set_recording(recording);
  if (!recording) rep_.clear_diagnostics();
  return refusal;
}

SessionResult Session::run() {
  std::optional<std::string> refused = check_relay();
  if (refused && refused->compare(0, 4, "421 ") == 0) {
    rep_.message("smtp-relay-421", *refused);
    return result_;
  }
  greet();
  if (refused) nullserver_ = refused;
  const int command_timeout = timeout("command", 3600);
  std::string line;
  for (;;) {
    rep_.release_held();
    rep_.set_current_address(std::nullopt);
    bool too_long = false;
    ReadStatus st = channel_.read_line(command_timeout, limits::kSmtpInputLine - 1, line, &too_long);
    if (st != ReadStatus::Line) {
      rep_.message("smtp-lost-input", fmt::format("421 4.4.1 {} Lost input channel from {}", my_host_, client_));
      break;
    }
    if (line.size() > limits::kMaxLine && !equals_nocase(std::string_view(line).substr(0, 5), "AUTH ")) {
      rep_.message("smtp-too-long",
                   fmt::format("421 4.7.0 {} Command too long, possible attack {}", my_host_, client_));
      break;
    }
    // The command is a C string in sendmail: a NUL ends it.
    if (std::size_t nul = line.find('\0'); nul != std::string::npos) line.resize(nul);
    CommandLine c = split_command(line);
    if (nullserver_) {
      switch (c.command) {
        case Command::Quit: case Command::Helo: case Command::Ehlo: case Command::Noop:
        case Command::Rset: case Command::Error:
          break;
        default:
          if (++bad_commands_ > limits::kSmtpMaxBadCommands) {
            rep_.message("smtp-bad-commands",
                         fmt::format("421 4.7.0 {} Too many bad commands; closing connection", my_host_));
            return result_;
          }
          {
            const std::string& ns = *nullserver_;
            const bool reply = ns.size() >= 3 && std::isdigit(static_cast<unsigned char>(ns[0])) &&
                               std::isdigit(static_cast<unsigned char>(ns[1])) &&
                               std::isdigit(static_cast<unsigned char>(ns[2])) &&
                               (ns.size() == 3 || ns[3] == ' ' || ns[3] == '-');
            rep_.usrerr("smtp-nullserver", reply ? ns : "550 5.0.0 " + ns);
          }
          continue;
      }
    }
    switch (c.command) {
      case Command::Helo:
      case Command::Ehlo: hello(c.command == Command::Ehlo, c.word, c.arg); break;
      case Command::Mail: mail(c.arg); break;
      case Command::Rcpt: rcpt(c.arg); break;
      case Command::Data:
        if (!data()) return result_;
        break;
      case Command::Rset:
        rep_.message("smtp-rset", "250 2.0.0 Reset state");
        new_envelope();
        break;
      case Command::Vrfy:
      case Command::Expn: verify(c.command == Command::Vrfy, c.arg); break;
      case Command::Help: help(c.arg); break;
      case Command::Noop: rep_.message("smtp-noop", "250 2.0.0 OK"); break;
      case Command::Quit:
        rep_.message("smtp-quit", fmt::format("221 2.0.0 {} closing connection", my_host_));
        return result_;
      case Command::Verb:
        if (!offer_verb_) rep_.message("smtp-verb", "502 5.7.0 Verbose unavailable");
        else rep_.message("smtp-verb", "250 2.0.0 Verbose mode");
        break;
      case Command::Etrn:
        if (!offer_etrn_) {
          rep_.message("smtp-etrn", "502 5.7.0 Sorry, we do not allow this operation");
        } else if (c.arg.empty()) {
          rep_.usrerr("smtp-etrn", "500 5.5.2 Parameter required");
        } else {
          // Queue runs for a node are not started from a -bs session.
          rep_.message("smtp-etrn", fmt::format("250 2.0.0 Queuing for node {} started", c.arg));
        }
        break;
      case Command::Unimplemented:
        rep_.usrerr("smtp-unimplemented",
                    fmt::format("502 5.5.1 Command not implemented: \"{}\"", shorten(line, limits::kMaxShortStr)));
        break;
      case Command::Auth: auth(c.arg); break;
      case Command::StartTls:
        if (!starttls(c.arg)) return result_;
        break;
      case Command::DebugShowQ:
      case Command::DebugDebug:
      case Command::LogBogus:
      case Command::Error:
        if (++bad_commands_ > limits::kSmtpMaxBadCommands) {
          rep_.message("smtp-bad-commands",
                       fmt::format("421 4.7.0 {} Too many bad commands; closing connection", my_host_));
          return result_;
        }
        rep_.usrerr("smtp-unknown",
                    fmt::format("500 5.5.1 Command unrecognized: \"{}\"", shorten(line, limits::kMaxShortStr)));
        break;
    }
  }
  return result_;
}

const std::string Session::kStartTlsWord = "STARTTLS";

SessionResult run_smtp_session(std::shared_ptr<const CompiledConfig> cc, const System& sys, const Effects& effects,
                               Reporter& rep, const std::string& queue_path, const PeerInfo& peer,
                               SmtpChannel& channel) {
  rep.set_smtp_replies(true);
  rep.set_only_one_error(true);
  Session s(std::move(cc), sys, effects, rep, queue_path, peer, channel);
  return s.run();  // ~Session() sends what TLS still holds
}

}  // namespace smcf::smtp_server
