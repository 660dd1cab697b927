// alias_rebuild.cpp -- see alias_rebuild.hpp.
#include "envelope/alias_rebuild.hpp"

#include <fmt/format.h>

#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "envelope/runtime.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "maps/alias_db_writer.hpp"
#include "maps/alias_table.hpp"

namespace smcf::envelope {
namespace {

const MapDecl* alias_map(const Config& cf, std::string_view name) {
  for (const MapDecl& d : cf.maps)
    if (equals_nocase(d.name, name)) return &d;
  return nullptr;
}

// MCF_REBUILDABLE among the classes this smcf can write.
bool rebuildable(std::string_view map_class) {
  return map_class == "implicit" || map_class == "hash" || map_class == "btree";
}

void rebuild_one(Runtime& rt, const MapDecl& decl) {
  Reporter& rep = rt.rep();
  const std::string& file = *decl.file;
  int err = 0;
  if (!rt.sys().read_file(file, &err)) {
    if (!decl.flags.optional)
      rep.message("alias-rebuild-cannot-open", fmt::format("newaliases: cannot open {}: {}", file, std::strerror(err)));
    return;
  }
  std::string error;
  auto writer = maps::AliasDbWriter::create(rt.sys(), file, decl.map_class == "btree", decl.flags.include_null, &error);
  if (!writer) {
    rep.syserr("alias-rebuild-create", error);
    return;
  }
  const bool append = decl.flags.append_dups;
  maps::read_alias_file(rt.maps(), file, [&](std::string_view user, std::string_view rhs) {
    switch (writer->store(user, rhs, append)) {
      case maps::AliasDbWriter::Stored::New:
        break;
      case maps::AliasDbWriter::Stored::Replaced:
        if (!append) {
          auto saved = rep.current_address();
          rep.set_current_address(std::string(user));
          rep.message("alias-duplicate", fmt::format("050 Warning: duplicate alias name {}", lower_ascii(user)));
          rep.set_current_address(saved);
        }
        break;
      case maps::AliasDbWriter::Stored::Failed:
        rep.syserr("alias-db-put", fmt::format("readaliases: db put ({})", user));
        break;
    }
  });
  if (!writer->commit(&error)) rep.syserr("alias-rebuild-commit", error);
}

}  // namespace

int rebuild_aliases(Runtime& rt) {
  const Config& cf = rt.config();
  for (const AliasMapSpec& spec : cf.options.alias_maps) {
    const MapDecl* decl = alias_map(cf, spec.map_name);
    if (!decl || !decl->valid || !decl->file || !rebuildable(decl->map_class)) continue;
    rebuild_one(rt, *decl);
  }
  return rt.rep().exit_status();
}

}  // namespace smcf::envelope
