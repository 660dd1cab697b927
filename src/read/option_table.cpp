// option_table.cpp -- the option table of sendmail 8.17.1.9 as built, the
// Timeout and Milter sub-option names, the word lists of option values, and
// the parsers of the options whose values are lists of such words.
//
// Which entries exist depends on sendmail's compile-time features; this is
// the Debian build the conformance corpus was made with (`sendmail -bO`
// lists exactly these names in this order; the word lists were checked by
// feeding every word to it).
#include "read/option_table.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <vector>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "read/context.hpp"
#include "read/options.hpp"

namespace smcf {
namespace {

using namespace optcode;

constexpr bool kSafe = true;
constexpr bool kUnsafe = false;

constexpr OptionInfo kOptions[] = {
    {"SevenBitInput", '7', kSafe, false},
    {"EightBitMode", '8', kSafe, false},
    {"AliasFile", 'A', kUnsafe, false},
    {"AliasWait", 'a', kUnsafe, false},
    {"BlankSub", 'B', kUnsafe, false},
    {"MinFreeBlocks", 'b', kSafe, false},
    {"CheckpointInterval", 'C', kSafe, false},
    {"HoldExpensive", 'c', kUnsafe, false},
    {"DeliveryMode", 'd', kSafe, false},
    {"ErrorHeader", 'E', kUnsafe, false},
    {"ErrorMode", 'e', kSafe, false},
    {"TempFileMode", 'F', kUnsafe, false},
    {"SaveFromLine", 'f', kUnsafe, false},
    {"MatchGECOS", 'G', kUnsafe, false},
    {"", 'g', kUnsafe, false},  // default group: only reachable as a letter
    {"HelpFile", 'H', kUnsafe, false},
    {"MaxHopCount", 'h', kUnsafe, false},
    {"ResolverOptions", 'I', kUnsafe, false},
    {"IgnoreDots", 'i', kSafe, false},
    {"ForwardPath", 'J', kUnsafe, false},
    {"SendMimeErrors", 'j', kSafe, false},
    {"ConnectionCacheSize", 'k', kUnsafe, false},
    {"ConnectionCacheTimeout", 'K', kUnsafe, false},
    {"UseErrorsTo", 'l', kUnsafe, false},
    {"LogLevel", 'L', kSafe, false},
    {"MeToo", 'm', kSafe, false},
    {"", 'M', kUnsafe, false},  // macro definition: only reachable as a letter
    {"CheckAliases", 'n', kUnsafe, false},
    {"OldStyleHeaders", 'o', kSafe, false},
    {"DaemonPortOptions", 'O', kUnsafe, false},
    {"PrivacyOptions", 'p', kSafe, false},
    {"PostmasterCopy", 'P', kUnsafe, false},
    {"QueueFactor", 'q', kUnsafe, false},
    {"QueueDirectory", 'Q', kUnsafe, false},
    {"DontPruneRoutes", 'R', kUnsafe, false},
    {"Timeout", 'r', kUnsafe, true},
    {"StatusFile", 'S', kUnsafe, false},
    {"SuperSafe", 's', kSafe, false},
    {"QueueTimeout", 'T', kUnsafe, false},
    {"TimeZoneSpec", 't', kUnsafe, false},
    {"UserDatabaseSpec", 'U', kUnsafe, false},
    {"DefaultUser", 'u', kUnsafe, false},
    {"FallbackMXhost", 'V', kUnsafe, false},
    {"Verbose", 'v', kSafe, false},
    {"TryNullMXList", 'w', kUnsafe, false},
    {"QueueLA", 'x', kUnsafe, false},
    {"RefuseLA", 'X', kUnsafe, false},
    {"RecipientFactor", 'y', kUnsafe, false},
    {"ForkEachJob", 'Y', kUnsafe, false},
    {"ClassFactor", 'z', kUnsafe, false},
    {"RetryFactor", 'Z', kUnsafe, false},
    {"QueueSortOrder", kQueueSortOrder, kSafe, false},
    {"HostsFile", kHostsFile, kUnsafe, false},
    {"MinQueueAge", kMinQueueAge, kSafe, false},
    {"DefaultCharSet", kDefaultCharSet, kSafe, false},
    {"ServiceSwitchFile", kServiceSwitchFile, kUnsafe, false},
    {"DialDelay", kDialDelay, kSafe, false},
    {"NoRecipientAction", kNoRecipientAction, kSafe, false},
    {"SafeFileEnvironment", kSafeFileEnvironment, kUnsafe, false},
    {"MaxMessageSize", kMaxMessageSize, kUnsafe, false},
    {"ColonOkInAddr", kColonOkInAddr, kSafe, false},
    {"MaxQueueRunSize", kMaxQueueRunSize, kSafe, false},
    {"MaxDaemonChildren", kMaxDaemonChildren, kUnsafe, false},
    {"DontExpandCnames", kDontExpandCnames, kUnsafe, false},
    {"MustQuoteChars", kMustQuoteChars, kUnsafe, false},
    {"SmtpGreetingMessage", kSmtpGreetingMessage, kUnsafe, false},
    {"UnixFromLine", kUnixFromLine, kUnsafe, false},
    {"OperatorChars", kOperatorChars, kUnsafe, false},
    {"DontInitGroups", kDontInitGroups, kUnsafe, false},
    {"SingleLineFromHeader", kSingleLineFromHeader, kSafe, false},
    {"AllowBogusHELO", kAllowBogusHELO, kSafe, false},
    {"ConnectionRateThrottle", kConnectionRateThrottle, kUnsafe, false},
    {"UnsafeGroupWrites", kUnsafeGroupWrites, kUnsafe, false},
    {"DoubleBounceAddress", kDoubleBounceAddress, kUnsafe, false},
    {"HostStatusDirectory", kHostStatusDirectory, kUnsafe, false},
    {"SingleThreadDelivery", kSingleThreadDelivery, kUnsafe, false},
    {"RunAsUser", kRunAsUser, kUnsafe, false},
    {"RrtImpliesDsn", kRrtImpliesDsn, kUnsafe, false},
    {"PidFile", kPidFile, kUnsafe, false},
    {"DontBlameSendmail", kDontBlameSendmail, kUnsafe, false},
    {"DontProbeInterfaces", kDontProbeInterfaces, kUnsafe, false},
    {"MaxRecipientsPerMessage", kMaxRecipientsPerMessage, kSafe, false},
    {"DeadLetterDrop", kDeadLetterDrop, kUnsafe, false},
    {"MaxAliasRecursion", kMaxAliasRecursion, kUnsafe, false},
    {"ConnectOnlyTo", kConnectOnlyTo, kUnsafe, false},
    {"TrustedUser", kTrustedUser, kUnsafe, false},
    {"MaxMimeHeaderLength", kMaxMimeHeaderLength, kUnsafe, false},
    {"ControlSocketName", kControlSocketName, kUnsafe, false},
    {"MaxHeadersLength", kMaxHeadersLength, kUnsafe, false},
    {"ProcessTitlePrefix", kProcessTitlePrefix, kUnsafe, false},
    {"DefaultAuthInfo", kDefaultAuthInfo, kUnsafe, false},
    {"AuthMechanisms", kAuthMechanisms, kUnsafe, false},
    {"ClientPortOptions", kClientPortOptions, kUnsafe, false},
    {"DataFileBufferSize", kDataFileBufferSize, kUnsafe, false},
    {"XscriptFileBufferSize", kXscriptFileBufferSize, kUnsafe, false},
    {"LDAPDefaultSpec", kLDAPDefaultSpec, kUnsafe, false},
    {"ServerCertFile", kServerCertFile, kUnsafe, false},
    {"ServerKeyFile", kServerKeyFile, kUnsafe, false},
    {"ClientCertFile", kClientCertFile, kUnsafe, false},
    {"ClientKeyFile", kClientKeyFile, kUnsafe, false},
    {"CACertFile", kCACertFile, kUnsafe, false},
    {"CACertPath", kCACertPath, kUnsafe, false},
    {"DHParameters", kDHParameters, kUnsafe, false},
    {"InputMailFilters", kInputMailFilters, kUnsafe, false},
    {"Milter", kMilter, kUnsafe, true},
    {"AuthOptions", kAuthOptions, kUnsafe, false},
    {"QueueFileMode", kQueueFileMode, kUnsafe, false},
    {"CertFingerprintAlgorithm", kCertFingerprintAlgorithm, kUnsafe, false},
    {"CipherList", kCipherList, kUnsafe, false},
    {"RandFile", kRandFile, kUnsafe, false},
    {"TLSSrvOptions", kTLSSrvOptions, kUnsafe, false},
    {"BadRcptThrottle", kBadRcptThrottle, kSafe, false},
    {"DeliverByMin", kDeliverByMin, kUnsafe, false},
    {"MaxQueueChildren", kMaxQueueChildren, kUnsafe, false},
    {"MaxRunnersPerQueue", kMaxRunnersPerQueue, kUnsafe, false},
    {"DirectSubmissionModifiers", kDirectSubmissionModifiers, kUnsafe, false},
    {"NiceQueueRun", kNiceQueueRun, kUnsafe, false},
    {"SharedMemoryKey", kSharedMemoryKey, kUnsafe, false},
    {"AuthMaxBits", kAuthMaxBits, kUnsafe, false},
    {"MailboxDatabase", kMailboxDatabase, kUnsafe, false},
    {"UseMSP", kUseMSP, kUnsafe, false},
    {"DelayLA", kDelayLA, kUnsafe, false},
    {"FastSplit", kFastSplit, kUnsafe, false},
    {"SoftBounce", kSoftBounce, kUnsafe, false},
    {"SharedMemoryKeyFile", kSharedMemoryKeyFile, kUnsafe, false},
    {"RejectLogInterval", kRejectLogInterval, kUnsafe, false},
    {"RequiresDirfsync", kRequiresDirfsync, kUnsafe, false},
    {"ConnectionRateWindowSize", kConnectionRateWindowSize, kUnsafe, false},
    {"CRLFile", kCRLFile, kUnsafe, false},
    {"FallbackSmartHost", kFallbackSmartHost, kUnsafe, false},
    {"AuthRealm", kAuthRealm, kUnsafe, false},
    {"CRLPath", kCRLPath, kUnsafe, false},
    {"HeloName", kHeloName, kUnsafe, false},
    {"MaxNOOPCommands", kMaxNOOPCommands, kUnsafe, false},
    {"BadRcptShutdown", kBadRcptShutdown, kSafe, false},
    {"BadRcptShutdownGood", kBadRcptShutdownGood, kSafe, false},
    {"ServerSSLOptions", kServerSSLOptions, kUnsafe, false},
    {"ClientSSLOptions", kClientSSLOptions, kUnsafe, false},
    {"MaxQueueAge", kMaxQueueAge, kUnsafe, false},
    {"RejectNUL", kRejectNUL, kSafe, false},
    {"UseCompressedIPv6Addresses", kUseCompressedIPv6Addresses, kUnsafe, false},
    {"SSLEngine", kSSLEngine, kUnsafe, false},
    {"SSLEnginePath", kSSLEnginePath, kUnsafe, false},
    {"TLSFallbacktoClear", kTLSFallbacktoClear, kUnsafe, false},
    {"SetCertAltnames", kSetCertAltnames, kUnsafe, false},
    {"SmtpUTF8", kSmtpUTF8, kUnsafe, false},
    {"StrictTransportSecurity", kStrictTransportSecurity, kUnsafe, false},
    {"CipherSuites", kCipherSuites, kUnsafe, false},
};

// "queuewarn.*" is an alias of "queuewarn" (same code); likewise queuereturn.
constexpr TimeoutInfo kTimeouts[] = {
    {"initial", 0x01},
    {"mail", tocode::kMail},
    {"rcpt", tocode::kRcpt},
    {"datainit", tocode::kDataInit},
    {"datablock", tocode::kDataBlock},
    {"datafinal", tocode::kDataFinal},
    {"command", tocode::kCommand},
    {"rset", 0x08},
    {"helo", 0x09},
    {"quit", 0x0a},
    {"misc", 0x0b},
    {"ident", 0x0c},
    {"fileopen", 0x0d},
    {"connect", 0x0e},
    {"iconnect", 0x0f},
    {"queuewarn", tocode::kQueueWarn},
    {"queuewarn.*", tocode::kQueueWarn},
    {"queuewarn.normal", tocode::kQueueWarnNormal},
    {"queuewarn.urgent", tocode::kQueueWarnUrgent},
    {"queuewarn.non-urgent", tocode::kQueueWarnNonUrgent},
    {"queuereturn", tocode::kQueueReturn},
    {"queuereturn.*", tocode::kQueueReturn},
    {"queuereturn.normal", tocode::kQueueReturnNormal},
    {"queuereturn.urgent", tocode::kQueueReturnUrgent},
    {"queuereturn.non-urgent", tocode::kQueueReturnNonUrgent},
    {"hoststatus", 0x18},
    {"resolver.retrans", tocode::kResolverRetrans},
    {"resolver.retrans.normal", tocode::kResolverRetransNormal},
    {"resolver.retrans.first", tocode::kResolverRetransFirst},
    {"resolver.retry", tocode::kResolverRetry},
    {"resolver.retry.normal", tocode::kResolverRetryNormal},
    {"resolver.retry.first", tocode::kResolverRetryFirst},
    {"control", 0x1f},
    {"lhlo", 0x20},
    {"auth", 0x21},
    {"starttls", 0x22},
    {"aconnect", 0x23},
    {"queuewarn.dsn", tocode::kQueueWarnDsn},
    {"queuereturn.dsn", tocode::kQueueReturnDsn},
};

// Milter sub-options; the index is the code (loglevel = kMilterLogLevel).
constexpr std::string_view kMilterOptions[] = {
    "macros.connect", "macros.helo", "macros.envfrom", "macros.envrcpt",
    "macros.data",    "macros.eom",  "macros.eoh",     "loglevel",
};

constexpr std::string_view kPrivacyWords[] = {
    "public",        "needmailhelo", "needexpnhelo",  "needvrfyhelo", "noexpn",
    "novrfy",        "restrictexpand", "restrictmailq", "restrictqrun", "noetrn",
    "noverb",        "authwarnings", "noreceipts",    "nobodyreturn", "goaway",
    "noactualrecipient",
};

constexpr std::string_view kDontBlameWords[] = {
    "safe",
    "assumesafechown",
    "groupwritabledirpathsafe",
    "groupwritableforwardfilesafe",
    "groupwritableincludefilesafe",
    "groupwritablealiasfile",
    "worldwritablealiasfile",
    "forwardfileinunsafedirpath",
    "includefileinunsafedirpath",
    "mapinunsafedirpath",
    "linkedaliasfileinwritabledir",
    "linkedclassfileinwritabledir",
    "linkedforwardfileinwritabledir",
    "linkedincludefileinwritabledir",
    "linkedmapinwritabledir",
    "linkedserviceswitchfileinwritabledir",
    "filedeliverytohardlink",
    "filedeliverytosymlink",
    "writemaptohardlink",
    "writemaptosymlink",
    "writestatstohardlink",
    "writestatstosymlink",
    "forwardfileingroupwritabledirpath",
    "includefileingroupwritabledirpath",
    "classfileinunsafedirpath",
    "errorheaderinunsafedirpath",
    "helpfileinunsafedirpath",
    "forwardfileinunsafedirpathsafe",
    "includefileinunsafedirpathsafe",
    "runprograminunsafedirpath",
    "runwritableprogram",
    "nonrootsafeaddr",
    "truststickybit",
    "dontwarnforwardfileinunsafedirpath",
    "insufficiententropy",
    "groupreadablesasldbfile",
    "groupwritablesasldbfile",
    "groupwritableforwardfile",
    "groupwritableincludefile",
    "worldwritableforwardfile",
    "worldwritableincludefile",
    "groupreadablekeyfile",
    "groupreadabledefaultauthinfofile",
};

// The resolver library of this build has no RES_USE_INET6; "true" is
// accepted (and ignored) for old configs.
constexpr std::string_view kResolverFlags[] = {
    "debug",   "aaonly",   "usevc",     "primary",    "igntc",   "recurse", "defnames",
    "stayopen", "dnsrch",  "use_edns0", "use_dnssec", "trustad", "true",
};

constexpr std::string_view kSslOptions[] = {
    "SSL_OP_MICROSOFT_SESS_ID_BUG",
    "SSL_OP_NETSCAPE_CHALLENGE_BUG",
    "SSL_OP_LEGACY_SERVER_CONNECT",
    "SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
    "SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG",
    "SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER",
    "SSL_OP_MSIE_SSLV2_RSA_PADDING",
    "SSL_OP_SSLEAY_080_CLIENT_DH_BUG",
    "SSL_OP_TLS_D5_BUG",
    "SSL_OP_TLS_BLOCK_PADDING_BUG",
    "SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS",
    "SSL_OP_ALL",
    "SSL_OP_NO_QUERY_MTU",
    "SSL_OP_COOKIE_EXCHANGE",
    "SSL_OP_NO_TICKET",
    "SSL_OP_CISCO_ANYCONNECT",
    "SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
    "SSL_OP_NO_COMPRESSION",
    "SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION",
    "SSL_OP_SINGLE_ECDH_USE",
    "SSL_OP_SINGLE_DH_USE",
    "SSL_OP_EPHEMERAL_RSA",
    "SSL_OP_CIPHER_SERVER_PREFERENCE",
    "SSL_OP_TLS_ROLLBACK_BUG",
    "SSL_OP_NO_SSLv2",
    "SSL_OP_NO_SSLv3",
    "SSL_OP_NO_TLSv1",
    "SSL_OP_NO_TLSv1_3",
    "SSL_OP_NO_TLSv1_2",
    "SSL_OP_NO_TLSv1_1",
    "SSL_OP_PKCS1_CHECK_1",
    "SSL_OP_PKCS1_CHECK_2",
    "SSL_OP_NETSCAPE_CA_DN_BUG",
    "SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG",
    "SSL_OP_CRYPTOPRO_TLSEXT_BUG",
    "SSL_OP_TLSEXT_PADDING",
    "SSL_OP_NO_RENEGOTIATION",
    "SSL_OP_NO_ANTI_REPLAY",
    "SSL_OP_ALLOW_NO_DHE_KEX",
    "SSL_OP_NO_ENCRYPT_THEN_MAC",
    "SSL_OP_ENABLE_MIDDLEBOX_COMPAT",
    "SSL_OP_PRIORITIZE_CHACHA",
};

// Map classes of this build that can hold aliases, and the others.
constexpr std::string_view kAliasClasses[] = {
    "hash", "btree", "nis",  "nisplus", "ldap",   "text",   "stab",
    "implicit", "program", "sequence", "switch", "null", "socket",
};
constexpr std::string_view kOtherMapClasses[] = {
    "dns", "bestmx", "host", "user", "dequote", "regex",
    "userdb", "syslog", "macro", "arith", "arpa",
};

template <std::size_t N>
bool in_list(const std::string_view (&list)[N], std::string_view w) {
  return std::any_of(std::begin(list), std::end(list),
                     [w](std::string_view e) { return equals_nocase(e, w); });
}

// sm_strncasecmp(full, prefix, strlen(prefix)) == 0.
bool has_prefix_nocase(std::string_view full, std::string_view prefix) {
  return full.size() >= prefix.size() && equals_nocase(full.substr(0, prefix.size()), prefix);
}

}  // namespace

std::span<const OptionInfo> option_table() { return kOptions; }

const OptionInfo* option_by_code(unsigned char code) {
  for (const OptionInfo& o : kOptions)
    if (o.code == code) return &o;
  return nullptr;
}

OptionNameMatch find_option(std::string_view name) {
  const OptionInfo* first = nullptr;
  for (const OptionInfo& o : kOptions) {
    if (!has_prefix_nocase(o.name, name)) continue;
    if (o.name.size() == name.size()) return {OptionNameMatch::Kind::Exact, &o, nullptr};
    if (first) return {OptionNameMatch::Kind::Ambiguous, first, &o};
    first = &o;
  }
  if (first) return {OptionNameMatch::Kind::Abbreviation, first, nullptr};
  return {};
}

const TimeoutInfo* find_timeout(std::string_view name) {
  for (const TimeoutInfo& t : kTimeouts)
    if (equals_nocase(t.name, name)) return &t;
  return nullptr;
}

const TimeoutInfo* timeout_by_code(unsigned char code) {
  for (const TimeoutInfo& t : kTimeouts)
    if (t.code == code) return &t;
  return nullptr;
}

int milter_option_code(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kMilterOptions); ++i)
    if (equals_nocase(kMilterOptions[i], name)) return static_cast<int>(i);
  return -1;
}

bool is_privacy_word(std::string_view w) { return in_list(kPrivacyWords, w); }
bool is_dont_blame_word(std::string_view w) { return in_list(kDontBlameWords, w); }
bool is_resolver_flag(std::string_view w) { return in_list(kResolverFlags, w); }
bool is_ssl_option_name(std::string_view w) { return in_list(kSslOptions, w); }

AliasClass alias_map_class(std::string_view cls) {
  if (in_list(kAliasClasses, cls)) return AliasClass::Usable;
  if (in_list(kOtherMapClasses, cls)) return AliasClass::NotForAliases;
  return AliasClass::Unknown;
}

}  // namespace smcf

// --- value parsers for the word-list options ------------------------------

namespace smcf::option_detail {
namespace {

bool is_punct(unsigned char c) { return c > 0x20 && c < 0x7f && !is_alnum(c); }

// The words of PrivacyOptions / DontBlameSendmail: runs of ASCII letters
// and digits; white space and punctuation separate them, and the one byte
// after a word is always consumed (so a non-ASCII byte yields an empty word).
std::vector<std::string_view> alnum_words(std::string_view v) {
  std::vector<std::string_view> words;
  std::size_t p = 0;
  while (true) {
    while (p < v.size() && (is_space(static_cast<unsigned char>(v[p])) || is_punct(static_cast<unsigned char>(v[p]))))
      ++p;
    if (p >= v.size()) break;
    std::size_t q = p;
    while (p < v.size() && is_alnum(static_cast<unsigned char>(v[p]))) ++p;
    words.push_back(v.substr(q, p - q));
    if (p < v.size()) ++p;
  }
  return words;
}

}  // namespace

void resolver_options(ReadContext& ctx, std::string_view v) {
  OptionSettings& o = ctx.cf.options;
  o.resolver_options = std::string(v);
  std::size_t p = 0;
  while (p < v.size()) {
    while (p < v.size() && v[p] == ' ') ++p;
    if (p >= v.size()) break;
    bool clear = false;
    if (v[p] == '-') {
      clear = true;
      ++p;
    } else if (v[p] == '+') {
      ++p;
    }
    std::size_t q = p;
    while (p < v.size() && !is_space(static_cast<unsigned char>(v[p]))) ++p;
    std::string_view word = v.substr(q, p - q);
    if (p < v.size()) ++p;
    if (equals_nocase(word, "HasWildcardMX"))
      o.has_wildcard_mx = !clear;
    else if (equals_nocase(word, "WorkAroundBrokenAAAA"))
      o.work_around_broken_aaaa = !clear;
    else if (!is_resolver_flag(word))
      ctx.rep.syserr("option-resolver", fmt::format("readcf: I option value {} unrecognized", word));
  }
}

void privacy_options(ReadContext& ctx, std::string_view v) {
  for (std::string_view w : alnum_words(v)) {
    if (is_privacy_word(w))
      ctx.cf.options.privacy_flags.push_back(lower_ascii(w));
    else
      ctx.rep.syserr("option-privacy", fmt::format("readcf: Op line: {} unrecognized", w));
  }
}

void dont_blame_sendmail(ReadContext& ctx, std::string_view v) {
  auto& flags = ctx.cf.options.dont_blame_flags;
  for (std::string_view w : alnum_words(v)) {
    if (!is_dont_blame_word(w))
      ctx.rep.syserr("option-dont-blame", fmt::format("readcf: DontBlameSendmail option: {} unrecognized", w));
    else if (equals_nocase(w, "safe"))
      flags.clear();
    else
      flags.push_back(lower_ascii(w));
  }
}

void ssl_options(ReadContext& ctx, std::string_view option_name, std::string_view v) {
  std::size_t p = 0;
  while (p < v.size()) {
    while (p < v.size() && v[p] == ' ') ++p;
    if (p >= v.size()) break;
    if (v[p] == '-' || v[p] == '+') ++p;
    std::size_t q = p;
    while (p < v.size() && !is_space(static_cast<unsigned char>(v[p])) && v[p] != ',') ++p;
    std::string_view word = v.substr(q, p - q);
    if (p < v.size()) ++p;
    if (!word.empty() && is_digit(static_cast<unsigned char>(word[0]))) continue;  // a number
    if (!is_ssl_option_name(word))
      ctx.rep.syserr("option-ssl", fmt::format("readcf: {} option value {} unrecognized", option_name, word));
  }
}

void letter_flags(ReadContext& ctx, std::string_view option_name, std::string_view v, std::string_view known) {
  std::size_t i = 0;
  while (i < v.size()) {
    auto c = static_cast<unsigned char>(v[i]);
    if (known.find(static_cast<char>(c)) == std::string_view::npos && c != ' ' && c != '\t' && c != ',')
      ctx.rep.plain("option-unknown-parameter", Severity::Warning,
                    fmt::format("Warning: Option: {} unknown parameter '{}'", option_name,
                                is_print(c) ? static_cast<char>(c) : '?'));
    auto next = v.find_first_of(", \t", i + 1);
    if (next == std::string_view::npos) break;
    i = next + 1;
  }
}

void milter_option(ReadContext& ctx, std::optional<std::string_view> sub, std::string_view v, bool sticky) {
  if (!sub) {
    ctx.rep.syserr("option-milter", "milter_set_option: invalid Milter option, must specify suboption");
    return;
  }
  int code = milter_option_code(*sub);
  if (code < 0) {
    ctx.rep.syserr("option-milter", fmt::format("milter_set_option: invalid Milter option {}", *sub));
    return;
  }
  auto& stuck = ctx.cf.options.sticky_milter;
  if (!sticky && stuck[static_cast<std::size_t>(code)]) return;
  if (code != kMilterLogLevel) {
    // Macro names separated by commas and white space; a non-ASCII byte
    // ends a name too (and may leave an empty one).
    constexpr int kMaxFilterMacros = 50;
    int count = 0;
    std::size_t p = 0;
    while (p < v.size()) {
      while (p < v.size() && (v[p] == ',' || is_space(static_cast<unsigned char>(v[p])))) ++p;
      if (p >= v.size()) break;
      while (p < v.size() && v[p] != ',' && is_ascii(static_cast<unsigned char>(v[p])) &&
             !is_space(static_cast<unsigned char>(v[p])))
        ++p;
      if (p < v.size()) ++p;
      if (count >= kMaxFilterMacros) {
        ctx.rep.syserr("option-milter", fmt::format("milter_set_option: too many macros in Milter.{} (max {})",
                                                    *sub, kMaxFilterMacros));
        break;
      }
      ++count;
    }
  }
  if (sticky) stuck.set(static_cast<std::size_t>(code));
}

}  // namespace smcf::option_detail
