// db_map.cpp -- the Berkeley DB classes (map.c db_map_open/db_map_lookup):
// hash and btree files made by makemap, read-only through libdb; the
// implicit class (a hash file, else the text alias file) and the stab
// class (the alias table read from a text file).
//
// Keys: at most 256 bytes (MAXNAME), lower-cased unless -f.  makemap may
// or may not have stored the trailing NUL of each key: unless -N or -O
// says which, the first lookup tries without it, then with it, and the
// map keeps whichever worked (MF_TRY0NULL / MF_TRY1NULL).
#include <db.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"
#include "maps/alias_table.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"
#include "maps/safe_file.hpp"

namespace smcf::maps {
namespace {

// libdb writes its own diagnostics ("BDB0641 ...") to stderr by default;
// sendmail's output shows them in sequence with its own lines, so smcf
// routes them through the session's Reporter, in order.
// libdb names the file it opened, which is the remapped path; the message
// shows the path of the cf instead, as on the machine the cf was made for.
struct DbErrorSink {
  Reporter* rep = nullptr;
  std::string real_path, shown_path;
};
thread_local DbErrorSink db_error_sink;

void db_error_callback(const DB_ENV*, const char* prefix, const char* msg) {
  if (!db_error_sink.rep) return;
  std::string text = prefix ? fmt::format("{}: {}", prefix, msg ? msg : "") : std::string(msg ? msg : "");
  const auto& real = db_error_sink.real_path;
  if (!real.empty() && real != db_error_sink.shown_path)
    for (auto at = text.find(real); at != std::string::npos; at = text.find(real, at + db_error_sink.shown_path.size()))
      text.replace(at, real.size(), db_error_sink.shown_path);
  db_error_sink.rep->plain("bdb-error", Severity::Warning, text);
}

// The "file.db" name sendmail opens for map file `file`.
std::string db_file_name(std::string_view file) {
  std::string buf(c_str_view(file));
  if (buf.size() < 3 || buf.compare(buf.size() - 3, 3, ".db") != 0) buf += ".db";
  return buf;
}

class DbHandle {
 public:
  DbHandle() = default;
  DbHandle(const DbHandle&) = delete;
  DbHandle& operator=(const DbHandle&) = delete;
  ~DbHandle() { close(); }
  void close() {
    if (db_) db_->close(db_, 0);
    db_ = nullptr;
  }
  DB* get() const { return db_; }
  void reset(DB* db) {
    close();
    db_ = db;
  }

 private:
  DB* db_ = nullptr;
};

// One open Berkeley DB file with sendmail's open and lookup rules.
class DbFile {
 public:
  // db_map_open(): `quiet` is MF_OPTIONAL (no messages).
  bool open(MapSession& s, const MapDecl& d, std::string_view class_name, DBTYPE type, bool quiet) {
    Reporter& rep = s.reporter();
    path_ = db_file_name(d.file ? *d.file : std::string());
    SafeFileResult sf = check_map_file(s.system(), path_, map_file_checks(s.config()));
    if (sf.error != 0) {
      if (!quiet)
        syserr_errno(rep, "db-map-file",
                     fmt::format("{} map \"{}\": {} map file {}", class_name, d.name,
                                 sf.error == ENOENT ? "missing" : "unsafe", path_),
                     sf.error);
      return false;
    }
    DB* db = nullptr;
    int ret = db_create(&db, nullptr, 0);
    if (ret == 0) {
      db->set_errcall(db, db_error_callback);
      std::string real = s.system().real_path(path_);
      db_error_sink = DbErrorSink{&rep, real, path_};
      ret = db->open(db, nullptr, real.c_str(), nullptr, type, DB_RDONLY, 0640);
      db_error_sink = DbErrorSink{};
      if (ret != 0) {
        if (ret == DB_OLD_VERSION) ret = EINVAL;
        db->close(db, 0);
        db = nullptr;
      }
    }
    if (!db) {
      if (!quiet) syserr_errno(rep, "db-map-open", fmt::format("Cannot open {} database {}", class_name, path_), ret);
      return false;
    }
    db_.reset(db);
    mtime_ = current_mtime().value_or(0);
    return true;
  }

  // The file's modification time through the open descriptor.
  std::optional<time_t> current_mtime() const {
    int fd = -1;
    if (!db_.get() || db_.get()->fd(db_.get(), &fd) != 0 || fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::nullopt;
    return st.st_mtime;
  }
  bool changed() const {
    auto m = current_mtime();
    return !m || *m > mtime_;
  }
  void close() { db_.close(); }

  // 0 found, 1 not found, -1 error.
  int get(std::string_view key, std::string& value) {
    DBT k{}, v{};
    std::string kb(key);
    k.data = kb.data();
    k.size = static_cast<u_int32_t>(key.size());
    int ret = db_.get()->get(db_.get(), nullptr, &k, &v, 0);
    if (ret == DB_NOTFOUND || ret == DB_KEYEMPTY) return 1;
    if (ret != 0) {
      errno = ret;
      return -1;
    }
    value.assign(static_cast<const char*>(v.data), v.size);
    return 0;
  }
  bool is_open() const { return db_.get() != nullptr; }

 private:
  DbHandle db_;
  std::string path_;
  time_t mtime_ = 0;
};

// db_map_lookup() over an open DbFile; shared by hash, btree and implicit.
class DbLookup {
 public:
  DbLookup(const MapDecl& d) : try0_(d.flags.try0null), try1_(d.flags.try1null) {}

  std::optional<std::string> lookup(MapSession& s, const MapDecl& d, DbFile& db, std::string_view class_name,
                                    DBTYPE type, std::string& name, const MapArgs* args, int& status,
                                    MapImpl::Disable& disable) {
    std::string_view key = c_str_view(name);
    std::string keybuf(key.substr(0, std::min(key.size(), limits::kMaxName)));
    if (!d.flags.no_fold_case) keybuf = lower_key(keybuf);

    if (!db.is_open() || db.changed()) {
      // The file was rebuilt: reopen it to see the new contents.
      db.close();
      if (!db.open(s, d, class_name, type, d.flags.optional)) {
        if (!d.flags.optional) {
          status = kStatTempFail;
          disable = MapImpl::Disable::Bogus;
          s.reporter().syserr("db-map-reopen",
                              fmt::format("Cannot reopen DB database {}", c_str_view(d.file.value_or(""))));
        }
        return std::nullopt;
      }
    }
    std::string value;
    int st = 1;
    if (try0_) {
      st = db.get(keybuf, value);
      if (st == 0) try1_ = false;
    }
    if (st != 0 && try1_) {
      std::string with_nul = keybuf;
      with_nul.push_back('\0');
      st = db.get(with_nul, value);
      if (st == 0) try0_ = false;
    }
    if (st != 0) {
      if (st < 0) s.reporter().syserr("db-map-get", fmt::format("db_map_lookup: get ({})", key), errno);
      return std::nullopt;
    }
    if (d.flags.match_only) return map_rewrite(d, key, key, nullptr);
    return map_rewrite(d, value, key, args);
  }

 private:
  bool try0_, try1_;
};

class DbMap final : public MapImpl {
 public:
  explicit DbMap(const MapDecl& d) : MapImpl(d), lookup_(d) {}

  bool open(MapSession& s) override { return db_.open(s, decl_, class_name(), type(), decl_.flags.optional); }

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    return lookup_.lookup(s, decl_, db_, class_name(), type(), key, args, status, disable_);
  }

 private:
  std::string_view class_name() const { return decl_.map_class == "btree" ? "btree" : "hash"; }
  DBTYPE type() const { return decl_.map_class == "btree" ? DB_BTREE : DB_HASH; }

  DbFile db_;
  DbLookup lookup_;
};

// implicit: a hash database if there is one, else (alias maps only) the
// text alias file read into the alias table.
class ImplicitMap final : public MapImpl {
 public:
  explicit ImplicitMap(const MapDecl& d) : MapImpl(d), lookup_(d) {}

  bool open(MapSession& s) override {
    if (db_.open(s, decl_, "hash", DB_HASH, true)) {
      use_db_ = true;
      return true;
    }
    if (!decl_.flags.alias) return false;
    if (s.verbose())
      s.reporter().message("alias-no-database",
                           fmt::format("WARNING: cannot open alias database {}; reading text version",
                                       c_str_view(decl_.file.value_or(""))));
    return read_alias_file(s, c_str_view(decl_.file.value_or("")));
  }

  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int& status) override {
    if (use_db_) return lookup_.lookup(s, decl_, db_, "hash", DB_HASH, key, args, status, disable_);
    return stab_lookup(s, decl_, key, args);
  }

  static std::optional<std::string> stab_lookup(MapSession& s, const MapDecl& d, std::string& key,
                                                const MapArgs* args) {
    const std::string* rhs = s.alias_table().find(c_str_view(key));
    if (!rhs) return std::nullopt;
    if (d.flags.match_only) return map_rewrite(d, key, key, nullptr);
    return map_rewrite(d, *rhs, key, args);
  }

 private:
  DbFile db_;
  DbLookup lookup_;
  bool use_db_ = false;
};

class StabMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;
  bool open(MapSession& s) override { return read_alias_file(s, c_str_view(decl_.file.value_or(""))); }
  std::optional<std::string> lookup(MapSession& s, std::string& key, const MapArgs* args, int&) override {
    return ImplicitMap::stab_lookup(s, decl_, key, args);
  }
};

}  // namespace

std::unique_ptr<MapImpl> make_db_map(const MapDecl& d) { return std::make_unique<DbMap>(d); }
std::unique_ptr<MapImpl> make_implicit_map(const MapDecl& d) { return std::make_unique<ImplicitMap>(d); }
std::unique_ptr<MapImpl> make_stab_map(const MapDecl& d) { return std::make_unique<StabMap>(d); }

}  // namespace smcf::maps
