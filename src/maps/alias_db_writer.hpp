// alias_db_writer.hpp -- writing an alias database as sendmail's
// rebuildaliases() leaves it (newaliases, -bi): a Berkeley DB hash (or
// btree) file FILE.db whose keys are the lower-cased alias names and whose
// values are the right-hand sides, both with their trailing NUL when the
// map has MF_INCLNULL (the implicit class sendmail gives a plain AliasFile
// entry, or -N), plus the distinguished entry "@" -> "@" that tells
// readers the rebuild finished.
//
// Unlike sendmail, which truncates FILE.db and refills it in place, the
// database is written under a temporary name in the same directory,
// flushed to disk and renamed over FILE.db: a delivery that opens the
// aliases during a rebuild sees the old database or the new one, never a
// half-written one, and a rebuild that fails leaves the old one.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace smcf {
class System;
}

namespace smcf::maps {

class AliasDbWriter {
 public:
  // Starts FILE.db for alias file `file` (as the cf names it; --remap
  // applies).  nullptr with *error set when the file cannot be created.
  static std::unique_ptr<AliasDbWriter> create(const System& sys, std::string_view file, bool btree,
                                               bool include_null, std::string* error);
  ~AliasDbWriter();  // without commit(): the temporary file is removed
  AliasDbWriter(const AliasDbWriter&) = delete;
  AliasDbWriter& operator=(const AliasDbWriter&) = delete;

  enum class Stored { New, Replaced, Failed };
  // db_map_store(): key lower-cased; an existing key's value is replaced
  // (or, with `append`, becomes "new,old" as map -A does).
  Stored store(std::string_view key, std::string_view value, bool append);

  // Stores "@", syncs, closes, fsyncs and renames the file into place (mode
  // 0640).  False with *error set on failure (the old database stays).
  bool commit(std::string* error);

  const std::string& path() const { return shown_path_; }  // FILE.db as the cf names it

 private:
  AliasDbWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string shown_path_;
};

}  // namespace smcf::maps
