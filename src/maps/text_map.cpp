// text_map.cpp -- the text class (map.c text_map_open/text_map_lookup): a
// sequential scan of a file of columns, read again at every lookup.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"
#include "maps/safe_file.hpp"

namespace smcf::maps {
namespace {

constexpr std::size_t kFieldBuf = limits::kMaxName + 1;  // char buf[MAXNAME + 1]

class TextMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  bool open(MapSession& s) override {
    Reporter& rep = s.reporter();
    const std::string file = decl_.file ? std::string(c_str_view(*decl_.file)) : std::string();
    if (file.empty()) {
      rep.syserr("text-map-no-file", fmt::format("text map \"{}\": file name required", decl_.name));
      return false;
    }
    if (file[0] != '/') {
      rep.syserr("text-map-relative", fmt::format("text map \"{}\": file name must be fully qualified", decl_.name));
      return false;
    }
    if (check_map_file(s.system(), file, map_file_checks(s.config())).error != 0) {
      if (!decl_.flags.optional)
        rep.syserr("text-map-unsafe", fmt::format("text map \"{}\": unsafe map file {}", decl_.name, file));
      return false;
    }
    if (!column_number(rep, file, decl_.key_column, "k", key_col_)) return false;
    if (!column_number(rep, file, decl_.value_column, "v", val_col_)) return false;
    file_ = file;
    return true;
  }

  std::optional<std::string> lookup(MapSession& s, std::string& name, const MapArgs* args, int& status) override {
    std::string_view key = c_str_view(name);
    std::string search(key.substr(0, std::min(key.size(), limits::kMaxName)));
    if (!decl_.flags.no_fold_case) search = lower_key(search);

    int err = 0;
    std::optional<std::string> text;
    if (check_map_file(s.system(), file_, map_file_checks(s.config())).error == 0)
      text = s.system().read_file(file_, &err);
    if (!text) {
      disable_ = Disable::Invalid;  // sendmail clears MF_VALID|MF_OPEN
      status = kStatUnavailable;
      return std::nullopt;
    }
    const char delim = decl_.column_delim;
    for (std::string_view line : fgets_lines(*text, limits::kMaxLine)) {
      if (!line.empty() && line[0] == '#') continue;
      line = c_str_view(line);
      if (auto nl = line.find('\n'); nl != std::string_view::npos) line = line.substr(0, nl);
      auto k = get_column(line, key_col_, delim, kFieldBuf);
      if (!k || !equals_nocase(search, *k)) continue;
      auto v = get_column(line, val_col_, delim, kFieldBuf);
      if (!v) break;
      status = kStatOk;
      if (decl_.flags.match_only) return map_rewrite(decl_, key, key, nullptr);
      return map_rewrite(decl_, *v, key, args);
    }
    status = kStatNotFound;
    return std::nullopt;
  }

 private:
  // -k / -v must be numbers (atoi of the text).
  bool column_number(Reporter& rep, const std::string& file, const std::optional<std::string>& text,
                     std::string_view flag, int& out) {
    out = 0;
    if (!text) return true;
    if (text->empty() || !is_digit(static_cast<unsigned char>((*text)[0]))) {
      rep.syserr("text-map-column", fmt::format("text map \"{}\", file {}: -{} should specify a number, not {}",
                                                decl_.name, file, flag, *text));
      return false;
    }
    out = parse_atoi(*text);
    return true;
  }

  std::string file_;
  int key_col_ = 0;
  int val_col_ = 0;
};

}  // namespace

std::unique_ptr<MapImpl> make_text_map(const MapDecl& d) { return std::make_unique<TextMap>(d); }

}  // namespace smcf::maps
