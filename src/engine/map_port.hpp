// map_port.hpp -- what the rewriting engine needs from the maps module.
//
// The engine builds the key and arguments of a $( ... $) or $[ ... $]
// lookup and handles defaults and re-tokenizing; the maps module (src/maps)
// answers the lookup itself, with sendmail's map_lookup() semantics.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smcf {

class MapPort {
 public:
  virtual bool has_map(std::string_view name) = 0;
  // The byte joining the key's atoms: the map's -S or its declaration-time
  // SpaceSub; 0 means "the SpaceSub in effect now".
  virtual int key_space_sub(std::string_view name) = 0;
  // sendmail's map_lookup(): nullopt when not found; *status gets 75 on a
  // temporary failure that the map does not hide.
  virtual std::optional<std::string> lookup(std::string_view name, std::string& key,
                                            const std::vector<std::string>& args, int* status) = 0;
  // Hands a lookup's result back once the engine is done with it, so its
  // buffer can carry the next result (no allocation per lookup).
  virtual void recycle(std::string&& used) { (void)used; }

 protected:
  ~MapPort() = default;
};

}  // namespace smcf
