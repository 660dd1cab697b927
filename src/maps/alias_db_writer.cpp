// alias_db_writer.cpp -- see alias_db_writer.hpp.
#include "maps/alias_db_writer.hpp"

#include <db.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"

namespace smcf::maps {

struct AliasDbWriter::Impl {
  DB* db = nullptr;
  std::string final_path, temp_path;
  bool committed = false;
  bool include_null = true;  // MF_INCLNULL

  DBT datum(const std::string& s) const {
    DBT d;
    std::memset(&d, 0, sizeof d);
    d.data = const_cast<char*>(s.data());
    d.size = static_cast<u_int32_t>(s.size() + (include_null ? 1 : 0));
    return d;
  }

  ~Impl() {
    if (db) db->close(db, 0);
    if (!committed && !temp_path.empty()) ::unlink(temp_path.c_str());
  }
};

namespace {

std::string db_name(std::string_view file) {
  std::string buf(file);
  if (buf.size() < 3 || buf.compare(buf.size() - 3, 3, ".db") != 0) buf += ".db";
  return buf;
}

bool fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::unique_ptr<AliasDbWriter> AliasDbWriter::create(const System& sys, std::string_view file, bool btree,
                                                     bool include_null, std::string* error) {
  std::unique_ptr<AliasDbWriter> w(new AliasDbWriter);
  w->impl_ = std::make_unique<Impl>();
  w->shown_path_ = db_name(file);
  Impl& m = *w->impl_;
  m.include_null = include_null;
  m.final_path = sys.real_path(w->shown_path_);
  m.temp_path = fmt::format("{}.smcf-{}", m.final_path, static_cast<long>(::getpid()));
  ::unlink(m.temp_path.c_str());
  int ret = db_create(&m.db, nullptr, 0);
  if (ret == 0)
    ret = m.db->open(m.db, nullptr, m.temp_path.c_str(), nullptr, btree ? DB_BTREE : DB_HASH,
                     DB_CREATE | DB_EXCL, 0640);
  if (ret != 0) {
    *error = fmt::format("Cannot create database for alias file {}: {}", file, db_strerror(ret));
    if (m.db) m.db->close(m.db, 0);
    m.db = nullptr;
    m.temp_path.clear();  // nothing of ours to remove (DB_EXCL)
    return nullptr;
  }
  return w;
}

AliasDbWriter::~AliasDbWriter() = default;

AliasDbWriter::Stored AliasDbWriter::store(std::string_view key, std::string_view value, bool append) {
  Impl& m = *impl_;
  std::string k = lower_ascii(key.substr(0, std::min(key.size(), limits::kMaxName))), v(value);  // keybuf
  DBT dk = m.datum(k), dv = m.datum(v);
  int ret = m.db->put(m.db, nullptr, &dk, &dv, DB_NOOVERWRITE);
  if (ret == 0) return Stored::New;
  if (ret != DB_KEYEXIST) return Stored::Failed;
  if (append) {
    DBT old;
    std::memset(&old, 0, sizeof old);
    if (m.db->get(m.db, nullptr, &dk, &old, 0) == 0 && old.size > 0) {
      v += ",";
      v.append(static_cast<const char*>(old.data), old.size - (m.include_null ? 1 : 0));
      dv = m.datum(v);
    }
  }
  return m.db->put(m.db, nullptr, &dk, &dv, 0) == 0 ? Stored::Replaced : Stored::Failed;
}

bool AliasDbWriter::commit(std::string* error) {
  Impl& m = *impl_;
  if (store("@", "@", false) == Stored::Failed) {
    *error = fmt::format("{}: cannot store the \"@\" entry", shown_path_);
    return false;
  }
  int ret = m.db->sync(m.db, 0);
  int cret = m.db->close(m.db, 0);
  m.db = nullptr;
  if (ret != 0 || cret != 0) {
    *error = fmt::format("{}: {}", shown_path_, db_strerror(ret != 0 ? ret : cret));
    return false;
  }
  ::chmod(m.temp_path.c_str(), 0640);  // whatever the umask
  auto slash = m.final_path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string(".") : m.final_path.substr(0, slash + 1);
  if (!fsync_path(m.temp_path, O_RDONLY) || ::rename(m.temp_path.c_str(), m.final_path.c_str()) != 0 ||
      !fsync_path(dir, O_RDONLY | O_DIRECTORY)) {
    *error = fmt::format("{}: {}", shown_path_, std::strerror(errno));
    return false;
  }
  m.committed = true;
  return true;
}

}  // namespace smcf::maps
