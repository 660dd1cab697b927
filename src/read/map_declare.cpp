// map_declare.cpp -- makemapentry() and setalias(): entering maps into a Config.
#include "read/map_declare.hpp"

#include <fmt/format.h>

#include <utility>

#include <cstring>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "grammar/map_line.hpp"
#include "ir/config.hpp"
#include "maps/map_classes.hpp"
#include "maps/map_parsers.hpp"
#include "read/context.hpp"

namespace smcf::maps {
namespace {

ParseEnv parse_env(Config& cf, Reporter& rep) {
  return ParseEnv{rep, cf.options.blank_sub, [&cf](std::string_view n) { return find_map(std::as_const(cf), n); }};
}

// A fresh (zeroed) entry for `name`, reusing its slot if it exists: what
// setalias() gets from stab() + memset().
MapDecl& fresh_entry(Config& cf, std::string_view name) {
  MapDecl* m = find_map(cf, name);
  if (!m) {
    cf.maps.emplace_back();
    m = &cf.maps.back();
  } else {
    *m = MapDecl{};
  }
  m->name = std::string(name);
  return *m;
}

}  // namespace

const MapDecl* find_map(const Config& cf, std::string_view name) {
  for (const auto& m : cf.maps)
    if (equals_nocase(m.name, name)) return &m;
  return nullptr;
}

MapDecl* find_map(Config& cf, std::string_view name) {
  return const_cast<MapDecl*>(find_map(std::as_const(cf), name));
}

MapDecl* make_map_entry(Config& cf, Reporter& rep, std::string_view line, const SourcePos& pos, bool implicit) {
  grammar::MapLineHead head;
  switch (grammar::parse_map_line(c_str_view(line), head)) {
    case grammar::MapLineStatus::NoName:
      rep.syserr("map-no-name", "readcf: config K line: no map name");
      return nullptr;
    case grammar::MapLineStatus::NoClass:
      rep.syserr("map-no-class", fmt::format("readcf: config K line, map {}: no map class", head.name));
      return nullptr;
    case grammar::MapLineStatus::Ok: break;
  }
  const MapClassInfo* cls = find_map_class(head.map_class);
  if (!cls) {
    rep.syserr("map-class-unavailable",
               fmt::format("readcf: map {}: class {} not available", head.name, head.map_class));
    return nullptr;
  }
  // A redefinition re-parses the same entry: what the new line does not set
  // keeps its old value (sendmail's stab(ST_ENTER) returns the old MAP).
  MapDecl* m = find_map(cf, head.name);
  if (!m) {
    cf.maps.emplace_back();
    m = &cf.maps.back();
  }
  m->name = head.name;
  m->map_class = std::string(cls->name);
  m->args = head.args;
  m->space_sub_at_declaration = cf.options.blank_sub;
  m->implicit = implicit;
  m->pos = pos;
  if (parse_map_args(*m, *cls, head.args, parse_env(cf, rep))) m->valid = true;
  return m;
}

namespace {

// One AliasFile entry: the "aliases.files" sequence (sendmail's
// AliasFileMap) is made on first use; the entry becomes map AliasN, N the
// number of entries accepted so far.  false: too many entries.
bool declare_alias_entry(ReadContext& ctx, std::string_view class_name, std::string_view spec, bool implicit_class) {
  Config& cf = ctx.cf;
  MapDecl* seq = find_map(cf, "aliases.files");
  bool have_seq = seq && seq->implicit && seq->map_class == "sequence";
  std::size_t count = have_seq ? seq->members.size() : 0;
  if (count >= static_cast<std::size_t>(limits::kMaxMapStack)) {
    ctx.rep.syserr("alias-too-many", fmt::format("Too many alias databases defined, {} max", limits::kMaxMapStack));
    return false;
  }
  if (!have_seq && !make_map_entry(cf, ctx.rep, "aliases.files sequence", ctx.pos(), true)) {
    ctx.rep.syserr("alias-no-sequence", "setalias: cannot create aliases.files map");
    return false;
  }
  std::string alias_name = fmt::format("Alias{}", count);
  MapDecl& map = fresh_entry(cf, alias_name);
  map.pos = ctx.pos();
  map.implicit = true;
  map.space_sub_at_declaration = cf.options.blank_sub;
  if (implicit_class) map.flags.include_null = true;

  const MapClassInfo* cls = find_map_class(class_name);
  if (!cls) {
    ctx.rep.syserr("alias-unknown-class", fmt::format("setalias: unknown alias class {}", class_name));
  } else if (!cls->alias_ok) {
    ctx.rep.syserr("alias-class-unusable", fmt::format("setalias: map class {} can't handle aliases", class_name));
  } else {
    map.map_class = std::string(cls->name);
    map.args = std::string(spec);
    map.flags.alias = true;
    if (parse_map_args(map, *cls, spec, parse_env(cf, ctx.rep))) {
      map.valid = true;
      // Re-find: entering the map may have moved the sequence.
      find_map(cf, "aliases.files")->members.push_back(alias_name);
    }
  }
  return true;
}

}  // namespace

void declare_alias_maps(ReadContext& ctx, std::string_view spec_text) {
  std::string buf(c_str_view(spec_text));
  buf.push_back('\0');
  char* p = buf.data();
  while (p) {
    while (is_space(static_cast<unsigned char>(*p))) ++p;
    if (*p == '\0') break;
    char* spec = p;
    std::string class_name;
    bool implicit_class = false;
    p = std::strpbrk(p, " ,/:");
    if (p && *p == ':') {
      *p++ = '\0';
      class_name = spec;
      spec = p;
    } else {
      class_name = "implicit";
      implicit_class = true;
    }
    if (p) {
      // The spec ends at a comma outside double quotes (ldap specs use commas).
      bool quoted = false;
      for (; *p != '\0'; ++p) {
        if (*p == '"')
          quoted = !quoted;
        else if (*p == ',' && !quoted)
          break;
      }
      if (*p == '\0') p = nullptr;
    }
    if (p) *p++ = '\0';
    if (!declare_alias_entry(ctx, class_name, spec, implicit_class)) return;
  }
}

void declare_alias_map(ReadContext& ctx, std::string_view class_name, std::string_view spec) {
  declare_alias_entry(ctx, class_name, spec, class_name == "implicit");
}

}  // namespace smcf::maps
