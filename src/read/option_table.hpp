// option_table.hpp -- the options sendmail 8.17.1.9 knows (as built for
// Debian: MILTER, SASL, STARTTLS, LDAP, NAMED_BIND, shared memory, and the
// FFR options BadRcptShutdown*, RejectNUL, SetCertAltnames and
// StrictTransportSecurity), and the word lists some option values use.
//
// The order of the option table is sendmail's: it decides which two names an
// "ambiguous option name" message quotes and which entry an abbreviation
// resolves to.  `sendmail -bO` prints the names of this very table.
#pragma once
#include <span>
#include <string_view>

namespace smcf {

// Option codes: the legacy letter for the old options, a byte from 0x81 up
// for the options that only have a long name.
namespace optcode {
inline constexpr unsigned char kQueueSortOrder = 0x81;
inline constexpr unsigned char kHostsFile = 0x82;
inline constexpr unsigned char kMinQueueAge = 0x83;
inline constexpr unsigned char kDefaultCharSet = 0x85;
inline constexpr unsigned char kServiceSwitchFile = 0x86;
inline constexpr unsigned char kDialDelay = 0x87;
inline constexpr unsigned char kNoRecipientAction = 0x88;
inline constexpr unsigned char kSafeFileEnvironment = 0x89;
inline constexpr unsigned char kMaxMessageSize = 0x8a;
inline constexpr unsigned char kColonOkInAddr = 0x8b;
inline constexpr unsigned char kMaxQueueRunSize = 0x8c;
inline constexpr unsigned char kMaxDaemonChildren = 0x8d;
inline constexpr unsigned char kDontExpandCnames = 0x8e;
inline constexpr unsigned char kMustQuoteChars = 0x8f;
inline constexpr unsigned char kSmtpGreetingMessage = 0x90;
inline constexpr unsigned char kUnixFromLine = 0x91;
inline constexpr unsigned char kOperatorChars = 0x92;
inline constexpr unsigned char kDontInitGroups = 0x93;
inline constexpr unsigned char kSingleLineFromHeader = 0x94;
inline constexpr unsigned char kAllowBogusHELO = 0x95;
inline constexpr unsigned char kConnectionRateThrottle = 0x97;
inline constexpr unsigned char kUnsafeGroupWrites = 0x99;
inline constexpr unsigned char kDoubleBounceAddress = 0x9a;
inline constexpr unsigned char kHostStatusDirectory = 0x9b;
inline constexpr unsigned char kSingleThreadDelivery = 0x9c;
inline constexpr unsigned char kRunAsUser = 0x9d;
inline constexpr unsigned char kRrtImpliesDsn = 0x9e;
inline constexpr unsigned char kPidFile = 0x9f;
inline constexpr unsigned char kDontBlameSendmail = 0xa0;
inline constexpr unsigned char kDontProbeInterfaces = 0xa1;
inline constexpr unsigned char kMaxRecipientsPerMessage = 0xa2;
inline constexpr unsigned char kDeadLetterDrop = 0xa3;
inline constexpr unsigned char kMaxAliasRecursion = 0xa5;
inline constexpr unsigned char kConnectOnlyTo = 0xa6;
inline constexpr unsigned char kTrustedUser = 0xa7;
inline constexpr unsigned char kMaxMimeHeaderLength = 0xa8;
inline constexpr unsigned char kControlSocketName = 0xa9;
inline constexpr unsigned char kMaxHeadersLength = 0xaa;
inline constexpr unsigned char kProcessTitlePrefix = 0xac;
inline constexpr unsigned char kDefaultAuthInfo = 0xad;
inline constexpr unsigned char kAuthMechanisms = 0xae;
inline constexpr unsigned char kClientPortOptions = 0xaf;
inline constexpr unsigned char kDataFileBufferSize = 0xb0;
inline constexpr unsigned char kXscriptFileBufferSize = 0xb1;
inline constexpr unsigned char kLDAPDefaultSpec = 0xb2;
inline constexpr unsigned char kServerCertFile = 0xb4;
inline constexpr unsigned char kServerKeyFile = 0xb5;
inline constexpr unsigned char kClientCertFile = 0xb6;
inline constexpr unsigned char kClientKeyFile = 0xb7;
inline constexpr unsigned char kCACertFile = 0xb8;
inline constexpr unsigned char kCACertPath = 0xb9;
inline constexpr unsigned char kDHParameters = 0xba;
inline constexpr unsigned char kInputMailFilters = 0xbb;
inline constexpr unsigned char kMilter = 0xbc;
inline constexpr unsigned char kAuthOptions = 0xbd;
inline constexpr unsigned char kQueueFileMode = 0xbe;
inline constexpr unsigned char kCertFingerprintAlgorithm = 0xbf;
inline constexpr unsigned char kCipherList = 0xc0;
inline constexpr unsigned char kRandFile = 0xc1;
inline constexpr unsigned char kTLSSrvOptions = 0xc2;
inline constexpr unsigned char kBadRcptThrottle = 0xc3;
inline constexpr unsigned char kDeliverByMin = 0xc4;
inline constexpr unsigned char kMaxQueueChildren = 0xc5;
inline constexpr unsigned char kMaxRunnersPerQueue = 0xc6;
inline constexpr unsigned char kDirectSubmissionModifiers = 0xc7;
inline constexpr unsigned char kNiceQueueRun = 0xc8;
inline constexpr unsigned char kSharedMemoryKey = 0xc9;
inline constexpr unsigned char kAuthMaxBits = 0xca;
inline constexpr unsigned char kMailboxDatabase = 0xcb;
inline constexpr unsigned char kUseMSP = 0xcc;
inline constexpr unsigned char kDelayLA = 0xcd;
inline constexpr unsigned char kFastSplit = 0xce;
inline constexpr unsigned char kSoftBounce = 0xcf;
inline constexpr unsigned char kSharedMemoryKeyFile = 0xd0;
inline constexpr unsigned char kRejectLogInterval = 0xd1;
inline constexpr unsigned char kRequiresDirfsync = 0xd2;
inline constexpr unsigned char kConnectionRateWindowSize = 0xd3;
inline constexpr unsigned char kCRLFile = 0xd4;
inline constexpr unsigned char kFallbackSmartHost = 0xd5;
inline constexpr unsigned char kAuthRealm = 0xd6;
inline constexpr unsigned char kCRLPath = 0xd7;
inline constexpr unsigned char kHeloName = 0xd8;
inline constexpr unsigned char kMaxNOOPCommands = 0xdc;
inline constexpr unsigned char kBadRcptShutdown = 0xe1;
inline constexpr unsigned char kBadRcptShutdownGood = 0xe2;
inline constexpr unsigned char kServerSSLOptions = 0xe3;
inline constexpr unsigned char kClientSSLOptions = 0xe4;
inline constexpr unsigned char kMaxQueueAge = 0xe5;
inline constexpr unsigned char kRejectNUL = 0xe9;
inline constexpr unsigned char kUseCompressedIPv6Addresses = 0xec;
inline constexpr unsigned char kSSLEngine = 0xed;
inline constexpr unsigned char kSSLEnginePath = 0xee;
inline constexpr unsigned char kTLSFallbacktoClear = 0xef;
inline constexpr unsigned char kSetCertAltnames = 0xf7;
inline constexpr unsigned char kSmtpUTF8 = 0xf8;
inline constexpr unsigned char kStrictTransportSecurity = 0xf9;
inline constexpr unsigned char kCipherSuites = 0xfa;
}  // namespace optcode

struct OptionInfo {
  std::string_view name;   // "" for the two letter-only options, g and M
  unsigned char code;
  bool safe;               // may be set by anyone on the command line
  bool has_sub_options;    // Timeout.x, Milter.x
};

std::span<const OptionInfo> option_table();
const OptionInfo* option_by_code(unsigned char code);

// How a long option name resolves: sendmail scans the table in order,
// accepting a case-insensitive prefix; an exact match ends the scan, a
// second prefix match makes the name ambiguous.
struct OptionNameMatch {
  enum class Kind { Exact, Abbreviation, Ambiguous, Unknown };
  Kind kind = Kind::Unknown;
  const OptionInfo* option = nullptr;  // the match (first match if ambiguous)
  const OptionInfo* other = nullptr;   // the second match if ambiguous
};
OptionNameMatch find_option(std::string_view name);

// Timeout sub-options (Timeout.NAME, O Timeout=NAME=value, ...).
struct TimeoutInfo {
  std::string_view name;
  unsigned char code;
};
const TimeoutInfo* find_timeout(std::string_view name);  // case-insensitive
const TimeoutInfo* timeout_by_code(unsigned char code);
namespace tocode {
inline constexpr unsigned char kMail = 0x02, kRcpt = 0x03, kDataInit = 0x04, kDataBlock = 0x05,
                               kDataFinal = 0x06, kCommand = 0x07;
inline constexpr unsigned char kQueueWarn = 0x10, kQueueWarnNormal = 0x11, kQueueWarnUrgent = 0x12,
                               kQueueWarnNonUrgent = 0x13, kQueueReturn = 0x14,
                               kQueueReturnNormal = 0x15, kQueueReturnUrgent = 0x16,
                               kQueueReturnNonUrgent = 0x17, kResolverRetrans = 0x19,
                               kResolverRetransNormal = 0x1a, kResolverRetransFirst = 0x1b,
                               kResolverRetry = 0x1c, kResolverRetryNormal = 0x1d,
                               kResolverRetryFirst = 0x1e, kQueueWarnDsn = 0x24,
                               kQueueReturnDsn = 0x25;
}  // namespace tocode

// Milter sub-options: the code, or -1 when unknown (case-insensitive).
int milter_option_code(std::string_view name);
inline constexpr int kMilterLogLevel = 7;

// Word lists, all compared case-insensitively.
bool is_privacy_word(std::string_view w);       // PrivacyOptions
bool is_dont_blame_word(std::string_view w);    // DontBlameSendmail
bool is_resolver_flag(std::string_view w);      // ResolverOptions (+/- words)
bool is_ssl_option_name(std::string_view w);    // Server/ClientSSLOptions

// Map classes for AliasFile entries.
enum class AliasClass { Unknown, NotForAliases, Usable };
AliasClass alias_map_class(std::string_view cls);  // case-insensitive, as sendmail

}  // namespace smcf
