// sendmail_names.cpp -- the name lists.  Kept sorted only for reading;
// lookups are linear (the lists are short and used once per reference).
#include "lint/sendmail_names.hpp"

#include <algorithm>

namespace smcf::lint {
namespace {

// main() before readcf(): the metasymbol macros and $0..$9 (initmacros),
// $n, $v, the host-name macros $w $j $m $k, $b, and the long names
// allocated by then.
constexpr std::string_view kBeforeCf[] = {
    "*", "+", "-", "=", "~", "#", "@", ":", ">", "?", "|", ".", "[", "]", "(", ")", "&",
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "n", "v", "w", "j", "m", "k", "b", "deliveryMode", "opMode", "load_avg",
};

// Single-character macros sendmail sets (macdefine with a fixed name):
// $_ (auth info), $a (origination date), $b (current date), $c (hop
// count), $d (date in ctime form), $f $g (sender), $h (host), $i (queue
// id), $j $k $m $n $v $w (start-up), $p (pid), $r (protocol), $s (sender
// host), $t (numeric time), $u (user), $x (full name), $y (tty), $z (home).
constexpr std::string_view kSetLater[] = {
    "_", "a", "b", "c", "d", "f", "g", "h", "i", "j", "k", "m", "n", "p", "r", "s", "t", "u", "v", "w",
    "x", "y", "z",
    // long names: connection, message, TLS, SASL, daemon, queue and
    // header-check macros
    "addr_type", "alg_bits", "auth_authen", "auth_author", "auth_ssf", "auth_type", "bodytype",
    "cert_altnames", "cert_fp", "cert_issuer", "cert_md5", "cert_subject", "cipher", "cipher_bits",
    "client_addr", "client_connections", "client_flags", "client_name", "client_port", "client_ptr",
    "client_rate", "client_resolve", "cn_issuer", "cn_subject", "currHeader", "daemon_addr",
    "daemon_family", "daemon_flags", "daemon_info", "daemon_name", "daemon_port", "deliveryMode",
    "dsn_envid", "dsn_notify", "dsn_ret", "envid", "hdr_name", "hdrlen", "if_addr", "if_addr_out",
    "if_family", "if_family_out", "if_name", "if_name_out", "load_avg", "mail_addr", "mail_from",
    "mail_host", "mail_mailer", "msg_id", "msg_size", "nbadrcpts", "nrcpts", "ntries", "opMode",
    "quarantine", "queue", "queue_interval", "rcpt_addr", "rcpt_flags", "rcpt_host", "rcpt_mailer",
    "sendmailMTACluster", "server_addr", "server_name", "sts_sni", "time", "tls_version", "total_rate",
    "verify",
};

// setclass() calls of main(): $=w $=k (host names), $=m (domain), $=n
// $=s $=e (MIME), the long-name MIME classes, {persistentMacros}; TLS
// fills {cert_altnames} per connection; $=t is the T lines' class.
constexpr std::string_view kClasses[] = {
    "w", "k", "m", "n", "s", "e", "t", "checkMIMEFieldHeaders", "checkMIMETextHeaders",
    "checkMIMEHeaders", "persistentMacros", "cert_altnames",
};

// Every $=X / $~X of cf/m4, cf/feature, cf/mailer, cf/ostype, cf/hack and
// cf/domain that is not one of sendmail's own classes.
constexpr std::string_view kM4Classes[] = {
    "Accept", "B", "Canonify", "E", "G", "L", "LDAPRoute", "LDAPRouteEquiv", "M", "N", "O", "P", "R",
    "ResOk", "SMTPOpModes", "SpamTag", "Src", "Tls", "TlsVerified", "TrustAuthMech", "U", "V", "VirtHost",
    "W", "X", "Y", "Z",
};

// Macros the framework's rules expand when the cf is read ($Y: UUCP relay,
// $S: smart host, $R: relay, $H: mail hub, $M: masquerade name, $L: local
// relay, $U: UUCP name, ${MTAHost}) and the ones its rules store with the
// macro map and read back with $& (A, Host, LocalAddrHost,
// RecipientAddress, TLS_Name).
constexpr std::string_view kM4Macros[] = {
    "H", "L", "M", "MTAHost", "R", "S", "U", "Y", "A", "Host", "LocalAddrHost", "RecipientAddress", "TLS_Name",
};

template <std::size_t N>
bool in(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

}  // namespace

bool macro_defined_before_cf(std::string_view name) { return in(kBeforeCf, name); }

bool macro_set_by_sendmail(std::string_view name) { return in(kBeforeCf, name) || in(kSetLater, name); }

bool class_filled_by_sendmail(std::string_view name) { return in(kClasses, name); }

bool m4_optional_class(std::string_view name) { return in(kM4Classes, name); }

bool m4_optional_macro(std::string_view name) { return in(kM4Macros, name); }

}  // namespace smcf::lint
