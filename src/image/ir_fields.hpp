// ir_fields.hpp -- the field lists of the IR types (ir/config.hpp and the
// headers it includes) for the image encoder and decoder.
//
// Each `fields(v, x)` names every member of one type, in image order, once;
// the encoder (image_codec.hpp, Encoder) calls it on a const object and
// writes, the decoder (Decoder) calls it on a fresh object and reads, so the
// two cannot disagree.  `v.check(cond, what)` states an invariant the rest
// of smcf relies on (an index in range); the decoder refuses an image that
// breaks one, the encoder ignores it.
//
// Adding a member to an IR type: add it here and bump kFormatVersion
// (image_format.hpp).  The size checks at the end catch a forgotten one on
// the usual 64-bit Linux build.
#pragma once
#include <concepts>
#include <type_traits>

#include "base/limits.hpp"
#include "ir/config.hpp"

namespace smcf::image {

// fields() for T and const T alike.
#define SMCF_IMAGE_FIELDS(Type) \
  template <class V, class T>   \
    requires std::same_as<std::remove_const_t<T>, Type>  \
  void fields(V& v, T& x)

SMCF_IMAGE_FIELDS(MacroValue) {
  v(x.value);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(Precedence) {
  v(x.name);
  v(x.value);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(HeaderDecl) {
  v(x.name);
  v(x.flags);
  v(x.macro_condition);
  v(x.value);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(HeaderCheck) {
  v(x.header);
  v(x.ruleset);
  v(x.keep_comments);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(QueueGroup) {
  v(x.name);
  v(x.fields);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(MilterDecl) {
  v(x.name);
  v(x.fields);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(EnvSetting) {
  v(x.name);
  v(x.value);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(ClassSource) {
  v(x.class_id);
  v(x.optional);
  v(x.spec);
  v(x.format);
  v(x.is_map);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(ClassWord) {
  v(x.word);
  v(x.bucket);
  v(x.classes);
}

SMCF_IMAGE_FIELDS(ClassOrigin) {
  v(x.word);
  v(x.class_id);
  v(x.line);
  v(x.via);
}

SMCF_IMAGE_FIELDS(OptionSetting) {
  v(x.name);
  v(x.value);
  v(x.from_command_line);
  v(x.pos);
  v(x.code);
  v(x.sub_option);
  v(x.long_form);
  v(x.ignored);
}

SMCF_IMAGE_FIELDS(AliasMapSpec) {
  v(x.map_name);
  v(x.map_class);
  v(x.spec);
}

SMCF_IMAGE_FIELDS(OptionSettings) {
  v(x.settings);
  v(x.blank_sub);
  v(x.operator_chars);
  v(x.colon_ok_in_addr);
  v(x.must_quote_chars);
  v(x.help_file);
  v(x.verbose);
  v(x.service_switch_file);
  v(x.hosts_file);
  v(x.queue_directory);
  v(x.alias_files);
  v(x.alias_maps);
  v(x.dont_probe_interfaces);
  v(x.interface_probe);
  v(x.dont_blame_sendmail);
  v(x.dont_blame_flags);
  v(x.delivery_mode);
  v(x.resolver_options);
  v(x.has_wildcard_mx);
  v(x.work_around_broken_aaaa);
  v(x.mime_mode);
  v(x.error_mode);
  v(x.privacy_flags);
  v(x.log_level);
  v(x.checkpoint_interval);
  v(x.max_hop_count);
  v(x.trusted_uid);
  v(x.default_uid);
  v(x.default_gid);
  v(x.default_user);
  v(x.run_as_uid);
  v(x.run_as_gid);
  v(x.run_as_user_name);
  v(x.time_zone_spec);
  v(x.fallback_mx_host);
  v(x.fallback_smart_host);
  v(x.smtp_greeting);
  v(x.unix_from_line);
  v(x.double_bounce_address);
  v(x.default_charset);
  v(x.max_mime_header_length);
  v(x.max_mime_field_length);
  v(x.max_headers_length);
  v(x.daemon_count);
  v(x.use_msp);
  v(x.timeouts);
  v(x.sticky);
  v(x.sticky_timeouts);
  v(x.sticky_milter);
}

SMCF_IMAGE_FIELDS(Mailer) {
  v(x.name);
  v(x.number);
  v.check(x.number >= -1 && x.number < 25, "mailer slot out of range");
  v(x.path);
  v(x.mta_type);
  v(x.addr_type);
  v(x.diag_type);
  v(x.mta_type_set);
  v(x.addr_type_set);
  v(x.diag_type_set);
  v(x.flags);
  v(x.nice);
  v(x.argv);
  v(x.sender_env_ruleset);
  v(x.sender_hdr_ruleset);
  v(x.recipient_env_ruleset);
  v(x.recipient_hdr_ruleset);
  v(x.eol);
  v(x.max_size);
  v(x.line_limit);
  v(x.max_deliveries);
  v(x.exec_dir);
  v(x.root_dir);
  v(x.uid);
  v(x.gid);
  v(x.default_charset);
  v(x.wait);
  v(x.max_rcpt);
  v(x.queue_group);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(MapFlags) {
  v(x.optional);
  v(x.keep_quotes);
  v(x.match_only);
  v(x.no_fold_case);
  v(x.append_dups);
  v(x.defer);
  v(x.no_defer);
  v(x.include_null);
  v(x.try0null);
  v(x.try1null);
  v(x.regex_not);
  v(x.alias);
  v(x.single_match);
}

SMCF_IMAGE_FIELDS(RegexSpec) {
  v(x.pattern);
  v(x.cflags);
  v(x.fields);
  v(x.delimiter);
}

SMCF_IMAGE_FIELDS(LdapSpec) {
  v(x.host);
  v(x.uri);
  v(x.base);
  v(x.filter);
  v(x.attributes);
  v(x.bind_dn);
  v(x.port);
}

SMCF_IMAGE_FIELDS(MapDecl) {
  v(x.name);
  v(x.map_class);
  v(x.args);
  v(x.space_sub_at_declaration);
  v(x.implicit);
  v(x.pos);
  v(x.valid);
  v(x.flags);
  v(x.append);
  v(x.tempfail_text);
  v(x.key_column);
  v(x.value_column);
  v(x.file);
  v(x.extra_args);
  v(x.space_sub);
  v(x.column_delim);
  v(x.timeout);
  v(x.retry);
  v(x.regex);
  v(x.members);
  v(x.dns_type);
  v(x.dns_type_name);
  v(x.syslog_priority);
  v(x.ldap);
}

// A rule's LHS and RHS are in the engine part only (as interned symbols,
// engine_part.cpp); the decoder leaves them empty and marks the Config
// (Config::rule_tokens_elided).
SMCF_IMAGE_FIELDS(Rule) {
  v(x.comment);
  v(x.pos);
}

SMCF_IMAGE_FIELDS(Ruleset) {
  v(x.number);
  v.check(x.number >= -1 && x.number < limits::kMaxRulesets, "ruleset number out of range");
  v(x.name);
  v(x.named);
  v(x.rules);
  v(x.pos);
  v(x.defined);
}

SMCF_IMAGE_FIELDS(Diagnostic) {
  v(x.id);
  v(x.severity);
  v(x.pos);
  v(x.message);
  v(x.rendered);
}

// Config::diagnostics is not here: a variant keeps them apart (the decoder
// makes them only for a caller that records diagnostics).
SMCF_IMAGE_FIELDS(Config) {
  v(x.file_name);
  v(x.config_level);
  v(x.version_pos);
  v(x.vendor);
  v(x.macro_names);
  v(x.macros);
  v(x.classes);
  v(x.class_sources);
  v(x.options);
  v(x.precedences);
  v(x.trusted_users);
  v(x.mailers);
  v(x.headers);
  v(x.header_checks);
  v(x.rulesets);
  v(x.ruleset_names.by_name);
  v(x.ruleset_names.next_auto);
  v.check(x.ruleset_names.next_auto <= limits::kMaxRulesets, "next automatic ruleset number out of range");
  v(x.maps);
  v(x.queue_groups);
  v(x.environment);
  v(x.milters);
  v(x.frozen_operator_chars);
  v(x.exit_status);
  v(x.fatal);
  // Cross references.
  for (const auto& m : x.mailers)
    if (m) v.check(m->queue_group >= -1 && m->queue_group < static_cast<long>(x.queue_groups.size()),
                   "mailer queue group out of range");
  for (const auto& o : x.classes.origins) v.check(o.word < x.classes.words.size(), "class word index out of range");
  for (const auto& [name, n] : x.ruleset_names.by_name)
    v.check(n >= -1 && n < limits::kMaxRulesets, "ruleset name bound out of range");
}

#undef SMCF_IMAGE_FIELDS

// The largest value of each enum an image holds.
template <class E>
constexpr int enum_max();
template <>
constexpr int enum_max<TokenKind>() { return static_cast<int>(TokenKind::Deferred); }
template <>
constexpr int enum_max<Severity>() { return static_cast<int>(Severity::Fatal); }
template <>
constexpr int enum_max<InterfaceProbe>() { return static_cast<int>(InterfaceProbe::SkipLoopback); }

// A member added to an IR type without a line above changes its size (on
// the common 64-bit libstdc++ build, where these numbers were taken).
#if defined(__GLIBCXX__) && defined(__x86_64__) && !defined(_GLIBCXX_DEBUG)
#define SMCF_IMAGE_SIZE(Type, n)                                                          \
  static_assert(sizeof(Type) == (n), #Type " changed: update src/image/ir_fields.hpp " \
                                           "and bump kFormatVersion (image_format.hpp)")
SMCF_IMAGE_SIZE(SourcePos, 40);
SMCF_IMAGE_SIZE(MacroValue, 72);
SMCF_IMAGE_SIZE(Precedence, 80);
SMCF_IMAGE_SIZE(HeaderDecl, 168);
SMCF_IMAGE_SIZE(HeaderCheck, 80);
SMCF_IMAGE_SIZE(QueueGroup, 96);
SMCF_IMAGE_SIZE(MilterDecl, 96);
SMCF_IMAGE_SIZE(EnvSetting, 112);
SMCF_IMAGE_SIZE(ClassSource, 120);
SMCF_IMAGE_SIZE(ClassWord, 72);
SMCF_IMAGE_SIZE(ClassOrigin, 24);
SMCF_IMAGE_SIZE(ClassTable, 2160);  // (generation is not encoded: a decoded table takes a fresh one)
SMCF_IMAGE_SIZE(OptionSetting, 160);
SMCF_IMAGE_SIZE(AliasMapSpec, 96);
SMCF_IMAGE_SIZE(OptionSettings, 1024);
SMCF_IMAGE_SIZE(Mailer, 480);
SMCF_IMAGE_SIZE(MapFlags, 13);
SMCF_IMAGE_SIZE(RegexSpec, 104);
SMCF_IMAGE_SIZE(LdapSpec, 248);
SMCF_IMAGE_SIZE(MapDecl, 864);
SMCF_IMAGE_SIZE(Rule, 120);
SMCF_IMAGE_SIZE(Ruleset, 120);
SMCF_IMAGE_SIZE(Diagnostic, 144);
SMCF_IMAGE_SIZE(MacroNames, 8256);
SMCF_IMAGE_SIZE(Config, 68576);  // (rule_tokens_elided is set by the decoder, not encoded)
#undef SMCF_IMAGE_SIZE
#endif

}  // namespace smcf::image
