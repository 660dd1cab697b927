// macro_source.hpp -- where macro values come from when a string is expanded.
//
// The reader expands with the config's own table; a test-mode session or a
// resolver layers its own definitions over it (sendmail's envelope chain:
// an undefined entry falls through to the next layer).
#pragma once
#include <array>
#include <optional>
#include <string>

#include "ir/config.hpp"

namespace smcf {

class MacroSource {
 public:
  // The macro's value in internal form, or nullptr when undefined.
  virtual const std::string* macro_value(int id) const = 0;

 protected:
  ~MacroSource() = default;
};

// The macros of a Config (read time).
class ConfigMacros final : public MacroSource {
 public:
  explicit ConfigMacros(const Config& cf) : cf_(cf) {}
  const std::string* macro_value(int id) const override {
    const auto& m = cf_.macros[static_cast<std::size_t>(id & 0377)];
    return m ? &m->value : nullptr;
  }

 private:
  const Config& cf_;
};

// A session's own definitions over a base source.
class MacroOverlay final : public MacroSource {
 public:
  explicit MacroOverlay(const MacroSource& base) : base_(&base) {}
  const std::string* macro_value(int id) const override {
    const auto& v = own_[static_cast<std::size_t>(id & 0377)];
    if (v) return &*v;
    return base_->macro_value(id);
  }
  // sendmail's macdefine(): a null value makes the entry undefined here
  // (the base layer shows through again).
  void define(int id, std::optional<std::string> value) { own_[static_cast<std::size_t>(id & 0377)] = std::move(value); }

 private:
  const MacroSource* base_;
  std::array<std::optional<std::string>, 256> own_{};
};

}  // namespace smcf
