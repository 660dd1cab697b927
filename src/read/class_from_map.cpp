// class_from_map.cpp -- F{X}key@class:spec lines (readcf.c fileclass(),
// map form): a map that is parsed, opened and asked once, never entered in
// the map table; the value's words join class X.  "key@LDAP" uses
// sendmail's default LDAP schema.
#include <fmt/format.h>

#include <utility>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "ir/config.hpp"
#include "macro/expand.hpp"
#include "names/macro_id.hpp"
#include "macro/macro_source.hpp"
#include "read/map_declare.hpp"
#include "maps/map_classes.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_parsers.hpp"
#include "read/class_words.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {
namespace {

// The -k/-v arguments sendmail builds for "key@LDAP".
std::string default_ldap_spec(ReadContext& ctx, std::string_view class_name) {
  ConfigMacros macros(ctx.cf);
  std::string j = expand(std::string(1, static_cast<char>(metabyte::kMacroExpand)) + "j", macros, &ctx.rep, 256);
  if (j.empty()) j = "localhost";
  std::string cluster;
  int cid = macro_id_of("sendmailMTACluster", ctx.cf.macro_names, &ctx.rep);
  if (const std::string* v = ctx.macro(cid)) cluster = expand(*v, macros, &ctx.rep);
  return fmt::format(
      "-k (&(objectClass=sendmailMTAClass)(sendmailMTAClassName={})(|(sendmailMTACluster={})(sendmailMTAHost={}))) "
      "-v sendmailMTAClassValue,sendmailMTAClassSearch:FILTER:sendmailMTAClass,sendmailMTAClassURL:URL:"
      "sendmailMTAClass",
      class_name, cluster, j);
}

}  // namespace

void load_class_from_map(ReadContext& ctx, int class_id, std::string_view spec_text, bool optional) {
  const std::string mn(ctx.cf.macro_names.name(class_id));
  const std::string spec(c_str_view(spec_text));
  auto at = spec.find('@');
  if (at == std::string::npos) {
    ctx.rep.syserr("fileclass-bogus-map", "fileclass: bogus map specification");
    return;
  }
  std::string key = spec.substr(0, at);
  std::string class_name = spec.substr(at + 1);
  std::string args;
  if (class_name == "LDAP") {
    class_name = "ldap";
    args = default_ldap_spec(ctx, mn);
  } else {
    auto colon = class_name.find(':');
    if (colon == std::string::npos) {
      ctx.rep.syserr("fileclass-no-map-class", fmt::format("fileclass: F{{{}}}: missing map class", mn));
      return;
    }
    args = class_name.substr(colon + 1);
    class_name.resize(colon);
  }
  const maps::MapClassInfo* cls = maps::find_map_class(class_name);
  if (!cls) {
    ctx.rep.syserr("fileclass-class-unavailable",
                   fmt::format("fileclass: F{{{}}}: class {} not available", mn, class_name));
    return;
  }
  MapDecl map;
  map.name = mn;
  map.map_class = std::string(cls->name);
  map.args = args;
  map.space_sub_at_declaration = ctx.cf.options.blank_sub;
  map.pos = ctx.pos();
  maps::ParseEnv env{ctx.rep, ctx.cf.options.blank_sub,
                     [&ctx](std::string_view n) { return maps::find_map(std::as_const(ctx.cf), n); }};
  if (!maps::parse_map_args(map, *cls, args, env)) return;  // the parser reported why
  map.valid = true;

  ConfigMacros base(ctx.cf);
  MacroOverlay macros(base);
  maps::MapSession session(ctx.cf, ctx.sys, ctx.rep, macros, ctx.cf.macro_names);
  std::optional<std::string> value;
  int status = maps::kStatOk;
  if (!session.direct_lookup(map, key, &value, &status)) {
    if (!optional && !map.flags.optional)
      ctx.rep.syserr("fileclass-map-open", fmt::format("fileclass: F{{{}}}: map open failed", mn));
    return;
  }
  if (status != maps::kStatOk && status != maps::kStatNotFound) {
    if (!optional) ctx.rep.syserr("fileclass-map-lookup", fmt::format("fileclass: F{{{}}}: map lookup failed", mn));
    value.reset();
  }
  if (value) set_class_words(ctx.cf.classes, class_id, *value, &ctx.rep);
}

}  // namespace smcf
