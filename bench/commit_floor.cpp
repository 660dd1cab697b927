// commit_floor.cpp -- the physical floor of a crash-safe submission: one
// process that reads a message from stdin and does only what the queue's
// commit needs (df write + fsync, tf write + fsync, rename to qf,
// directory fsync), with nothing else.  bench/delivery_compare.py runs it
// once per message, like smcf and sendmail, to show how close they come.
//
//   commit_floor DIR ID < message
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: commit_floor DIR ID < message\n");
    return 64;
  }
  std::string dir = argv[1], id = argv[2];
  std::string data;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(0, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
  auto write_synced = [&](const std::string& path, const std::string& bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) || ::fsync(fd) != 0)
      return false;
    return ::close(fd) == 0;
  };
  if (!write_synced(dir + "/df" + id, data)) return 75;
  if (!write_synced(dir + "/tf" + id, "V8\nT0\nK0\nN0\nP0\nSfloor\nRPFD:bob\n.\n")) return 75;
  if (::rename((dir + "/tf" + id).c_str(), (dir + "/qf" + id).c_str()) != 0) return 75;
  int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (d < 0 || ::fsync(d) != 0) return 75;
  ::close(d);
  return 0;
}
