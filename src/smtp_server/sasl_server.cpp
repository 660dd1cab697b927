// sasl_server.cpp -- SMTP AUTH through libsasl2 (see sasl_server.hpp).
#include "smtp_server/sasl_server.hpp"

#include <sasl/sasl.h>
#include <sasl/saslutil.h>
#include <strings.h>

#include <climits>
#include <mutex>
#include <sstream>
#include <vector>

namespace smcf::smtp_server {
namespace {

// sasl_server_init() once per process, under sendmail's application name
// so that /etc/sasl2/Sendmail.conf applies to smcf as it does to sendmail.
bool sasl_ready() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sasl_server_init(nullptr, "Sendmail") == SASL_OK; });
  return ok;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

struct SaslServer::Conn {
  sasl_conn_t* conn = nullptr;
  ~Conn() {
    if (conn) sasl_dispose(&conn);
  }
};

SaslServer::SaslServer(const std::string& realm, const std::string& mechanisms) : conn_(std::make_unique<Conn>()) {
  if (!sasl_ready()) return;
  if (sasl_server_new("smtp", realm.c_str(), nullptr, nullptr, nullptr, nullptr, 0, &conn_->conn) != SASL_OK) {
    conn_->conn = nullptr;
    return;
  }
  sasl_security_properties_t ssp{};
  ssp.max_ssf = INT_MAX;
  ssp.maxbufsize = 4096;
  sasl_setprop(conn_->conn, SASL_SEC_PROPS, &ssp);
  sasl_ssf_t ext_ssf = 0;
  sasl_setprop(conn_->conn, SASL_SSF_EXTERNAL, &ext_ssf);
  const char* list = nullptr;
  unsigned len = 0;
  int num = 0;
  if (sasl_listmech(conn_->conn, nullptr, "", " ", "", &list, &len, &num) != SASL_OK || num <= 0 || !list) return;
  std::vector<std::string> available = words(list);
  for (const std::string& w : words(mechanisms)) {
    for (const std::string& a : available) {
      if (a == w) {
        if (!mechanisms_.empty()) mechanisms_ += ' ';
        mechanisms_ += w;
        break;
      }
    }
  }
}

SaslServer::~SaslServer() = default;

bool SaslServer::offers(std::string_view mech) const {
  for (const std::string& w : words(mechanisms_))
    if (w.size() == mech.size() && strncasecmp(w.c_str(), mech.data(), mech.size()) == 0) return true;
  return false;
}

SaslServer::Step SaslServer::result(int rc, const char* out, unsigned outlen, std::string& challenge) {
  if (rc == SASL_OK) return Step::Done;
  if (rc != SASL_CONTINUE) return Step::Failed;
  std::vector<char> buf(outlen * 4 / 3 + 8);
  unsigned n = 0;
  if (sasl_encode64(out, outlen, buf.data(), static_cast<unsigned>(buf.size()), &n) != SASL_OK) return Step::Failed;
  challenge.assign(buf.data(), n);
  return Step::Continue;
}

SaslServer::Step SaslServer::start(std::string_view mech, std::optional<std::string_view> initial,
                                   std::string& challenge) {
  if (!conn_->conn) return Step::Failed;
  std::string decoded;
  if (initial && *initial != "=") {
    std::vector<char> buf(initial->size() + 4);
    unsigned n = 0;
    if (sasl_decode64(initial->data(), static_cast<unsigned>(initial->size()), buf.data(),
                      static_cast<unsigned>(buf.size()), &n) != SASL_OK)
      return Step::BadBase64;
    decoded.assign(buf.data(), n);
  }
  const char* out = nullptr;
  unsigned outlen = 0;
  std::string m(mech);
  int rc = sasl_server_start(conn_->conn, m.c_str(), initial ? decoded.data() : nullptr,
                             static_cast<unsigned>(decoded.size()), &out, &outlen);
  return result(rc, out, outlen, challenge);
}

SaslServer::Step SaslServer::step(std::string_view line, std::string& challenge) {
  std::vector<char> buf(line.size() + 4);
  unsigned n = 0;
  if (sasl_decode64(line.data(), static_cast<unsigned>(line.size()), buf.data(), static_cast<unsigned>(buf.size()),
                    &n) != SASL_OK)
    return Step::BadBase64;
  const char* out = nullptr;
  unsigned outlen = 0;
  int rc = sasl_server_step(conn_->conn, buf.data(), n, &out, &outlen);
  return result(rc, out, outlen, challenge);
}

std::string SaslServer::user() const {
  const void* v = nullptr;
  if (!conn_->conn || sasl_getprop(conn_->conn, SASL_USERNAME, &v) != SASL_OK || !v) return {};
  return static_cast<const char*>(v);
}

}  // namespace smcf::smtp_server
