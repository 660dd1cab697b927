// image_refusal_test.cpp -- damaged and foreign images are refused with
// their own reason (docs/compile.md), by the reader, by load_config() and
// by the smcf command (exit status 78), never with a crash; options that
// differ from the image's are refused; a source newer than its image gives
// the warning and the image is used.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "image/checksum.hpp"
#include "image/config_loader.hpp"
#include "image/image_format.hpp"
#include "image/image_reader.hpp"
#include "image_test_support.hpp"

namespace smcf {
namespace {

using testing::ScratchDir;

// A small image of a small config, made once.
const std::string& small_image() {
  static const std::string bytes = [] {
    std::string error;
    std::string b = testing::corpus_image("sunos413", &error);
    EXPECT_FALSE(b.empty()) << error;
    return b;
  }();
  return bytes;
}

std::string open_error(const std::string& bytes) {
  image::ImageReader r;
  if (r.open(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size())) return "";
  return r.error();
}

template <class T>
void put(std::string& bytes, std::size_t at, T v) {
  std::memcpy(bytes.data() + at, &v, sizeof v);
}

// The checksum made right again after a change.
void reseal(std::string& bytes) {
  put(bytes, image::offset::kChecksum,
      image::xxh64(reinterpret_cast<const unsigned char*>(bytes.data()) + image::offset::kChecked,
                   bytes.size() - image::offset::kChecked));
}

std::uint32_t header_size(const std::string& bytes) {
  std::uint32_t n;
  std::memcpy(&n, bytes.data() + image::offset::kHeaderSize, sizeof n);
  return n;
}

LoadedConfigFile load_file(const std::string& path, std::vector<CommandLineOption> options = {}) {
  System sys(testing::pinned_system("sunos413"));
  Output out;
  Reporter rep(&out);
  ConfigRequest req;
  req.path = path;
  req.options = std::move(options);
  return load_config(req, sys, rep);
}

TEST(ImageChecksum, KnownXxh64Values) {
  auto h = [](std::string_view s) { return image::xxh64(reinterpret_cast<const unsigned char*>(s.data()), s.size()); };
  EXPECT_EQ(h(""), 0xEF46DB3751D8E999ull);
  EXPECT_EQ(h("a"), 0xD24EC4F1A98C6E5Bull);
  EXPECT_EQ(h("abc"), 0x44BC2CF5AD770999ull);
  EXPECT_EQ(h("Nobody inspects the spammish repetition"), 0xFBCEA83C8A378BF1ull);
}

TEST(ImageRefusal, TheSmallImageIsGood) {
  ASSERT_FALSE(small_image().empty());
  EXPECT_EQ(open_error(small_image()), "");
}

TEST(ImageRefusal, EmptyFileAndText) {
  EXPECT_EQ(open_error(""), "empty file, not a smcf image");
  EXPECT_EQ(open_error("V10\nSfoo\nR$* $@ $1\n"), "not a smcf image (bad magic)");
  std::string wrong = small_image();
  wrong[5] = 'x';
  EXPECT_EQ(open_error(wrong), "not a smcf image (bad magic)");
}

TEST(ImageRefusal, TruncatedAnywhere) {
  const std::string& good = small_image();
  const std::size_t hs = header_size(good);
  for (std::size_t n : {std::size_t{1}, std::size_t{4}, std::size_t{7}, std::size_t{8}, std::size_t{23},
                        std::size_t{63}})
    EXPECT_EQ(open_error(good.substr(0, n)), fmt::format("truncated at byte {} (an image header is 64 bytes)", n));
  for (std::size_t n : {std::size_t{64}, hs, hs + 1, good.size() / 2, good.size() - 1})
    EXPECT_EQ(open_error(good.substr(0, n)),
              fmt::format("truncated at byte {} (the image is {} bytes)", n, good.size()));
}

TEST(ImageRefusal, TrailingBytes) {
  EXPECT_EQ(open_error(small_image() + "x"), "1 byte after the end of the image (corrupted)");
  EXPECT_EQ(open_error(small_image() + "xyz"), "3 bytes after the end of the image (corrupted)");
}

TEST(ImageRefusal, OneFlippedByteIsACorruption) {
  const std::string& good = small_image();
  const std::size_t hs = header_size(good);
  for (std::size_t at : {image::offset::kPayloadSize + 7, image::offset::kMtimeSeconds, std::size_t{hs - 1}, hs,
                         hs + 100, good.size() / 2, good.size() - 1}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    std::string e = open_error(bad);
    // A flipped size or path-length field is caught by the size checks.
    if (at == image::offset::kPayloadSize + 7)
      EXPECT_NE(e.find("corrupted header"), std::string::npos) << e;
    else
      EXPECT_EQ(e, "checksum mismatch (corrupted)") << "byte " << at;
  }
}

TEST(ImageRefusal, OtherVersion) {
  std::string bad = small_image();
  put<std::uint32_t>(bad, image::offset::kVersion, image::kFormatVersion + 1);
  EXPECT_EQ(open_error(bad), fmt::format("image format version {}, this smcf reads version {}",
                                         image::kFormatVersion + 1, image::kFormatVersion));
}

TEST(ImageRefusal, OtherByteOrder) {
  std::string bad = small_image();
  put<std::uint32_t>(bad, image::offset::kByteOrder, image::kByteOrderSwapped);
  EXPECT_EQ(open_error(bad), "wrong endianness: the image was made on a machine of the other byte order");
  put<std::uint32_t>(bad, image::offset::kByteOrder, 0x12345678);
  EXPECT_EQ(open_error(bad), "bad endianness marker 0x12345678 (corrupted)");
}

// Payload bytes changed and the checksum made right again: decoding must
// refuse or succeed, never crash, hang or read out of bounds (the sanitizer
// build checks the last part).
TEST(ImageRefusal, ResealedDamageNeverCrashes) {
  const std::string& good = small_image();
  const std::size_t hs = header_size(good);
  int refused = 0;
  for (std::size_t at = hs; at < good.size(); at += 37) {
    for (unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string bad = good;
      bad[at] = static_cast<char>(bad[at] ^ flip);
      reseal(bad);
      image::ImageReader r;
      if (!r.open(reinterpret_cast<const unsigned char*>(bad.data()), bad.size())) {
        ++refused;
        continue;
      }
      for (auto mode : {image::ReadMode::TestMode, image::ReadMode::Deliver, image::ReadMode::DeliverVerbose}) {
        if (!r.load(mode, true)) {
          ++refused;
          EXPECT_FALSE(r.error().empty());
        }
        image::EnginePart part;
        r.load_engine_part(mode, part);
      }
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(ImageRefusal, LoadConfigNamesTheReason) {
  ScratchDir dir;
  std::string bad = small_image().substr(0, 1000);
  testing::write_file(dir.file("t.cfc"), bad);
  LoadedConfigFile f = load_file(dir.file("t.cfc"));
  EXPECT_EQ(f.status, LoadedConfigFile::Status::BadImage);
  EXPECT_TRUE(f.from_image);
  EXPECT_EQ(f.name, dir.file("t.cfc"));
  EXPECT_EQ(f.error, fmt::format("truncated at byte 1000 (the image is {} bytes)", small_image().size()));

  // Not an image: read as cf text (an empty file is an empty cf).
  testing::write_file(dir.file("empty.cf"), "");
  LoadedConfigFile e = load_file(dir.file("empty.cf"));
  EXPECT_FALSE(e.from_image);
  EXPECT_NE(e.status, LoadedConfigFile::Status::BadImage);
}

TEST(ImageRefusal, OptionsFixedAtCompileTime) {
  ScratchDir dir;
  testing::write_file(dir.file("s.cfc"), small_image());
  // None, or the same ones, are accepted.
  EXPECT_EQ(load_file(dir.file("s.cfc")).status, LoadedConfigFile::Status::Loaded);
  EXPECT_EQ(load_file(dir.file("s.cfc"), testing::golden_options()).status, LoadedConfigFile::Status::Loaded);
  LoadedConfigFile f = load_file(dir.file("s.cfc"), {{' ', "BlankSub=."}});
  EXPECT_EQ(f.status, LoadedConfigFile::Status::BadImage);
  EXPECT_EQ(f.error,
            "the image was compiled with -O DontProbeInterfaces=true, not -O BlankSub=.; options are fixed by "
            "smcf compile");
}

// testing::run_command, with stderr and the exit status (needed here).
std::string run_smcf(const std::string& args, int* status) {
  std::string cmd = std::string(SMCF_BINARY) + " " + args + " </dev/null 2>&1";
  std::string out;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = ::pclose(p);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

TEST(ImageRefusal, CommandExitsWithExConfig) {
  ScratchDir dir;
  const std::string& good = small_image();
  struct Case {
    std::string bytes, reason;
  };
  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 1);
  std::string version = good;
  put<std::uint32_t>(version, image::offset::kVersion, image::kFormatVersion + 7);
  std::string swapped = good;
  put<std::uint32_t>(swapped, image::offset::kByteOrder, image::kByteOrderSwapped);
  const Case cases[] = {
      {good.substr(0, 5), "truncated at byte 5 (an image header is 64 bytes)"},
      {good.substr(0, 200), fmt::format("truncated at byte 200 (the image is {} bytes)", good.size())},
      {flipped, "checksum mismatch (corrupted)"},
      {version, fmt::format("image format version {}, this smcf reads version {}", image::kFormatVersion + 7,
                            image::kFormatVersion)},
      {swapped, "wrong endianness: the image was made on a machine of the other byte order"},
  };
  const std::string path = dir.file("bad.cfc");
  for (const auto& c : cases) {
    testing::write_file(path, c.bytes);
    for (const char* cmd : {"-bt -C", "-bv postmaster -C", "resolve -C", "print"}) {
      int status = 0;
      std::string out = run_smcf(std::string(cmd) + " " + path, &status);
      EXPECT_EQ(out, "smcf: " + path + ": " + c.reason + "\n") << cmd;
      EXPECT_EQ(status, 78) << cmd;
    }
  }
}

TEST(ImageRefusal, LintSaysItIsAnImage) {
  ScratchDir dir;
  testing::write_file(dir.file("s.cfc"), small_image());
  int status = 0;
  std::string out = run_smcf("lint " + dir.file("s.cfc"), &status);
  EXPECT_NE(out.find("smcf lint: " + dir.file("s.cfc") +
                     " is a compiled image (smcf compile); lint the .cf it was made from\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(status, 2);
}

TEST(ImageStale, NewerSourceWarnsAndTheImageIsUsed) {
  ScratchDir dir;
  const std::string cf = dir.file("small.cf");
  testing::write_file(cf, runner::read_file(testing::corpus_dir() + "/configs/sunos413.cf"));
  int status = 0;
  std::string said = run_smcf("compile --hostname mx.test.example --no-dns " + cf + " -o " + dir.file("small.cfc"),
                              &status);
  ASSERT_EQ(status, 0) << said;

  // Unchanged: no warning.
  std::string before = run_smcf("-bt --hostname mx.test.example --no-dns -C " + dir.file("small.cfc"), &status);
  EXPECT_EQ(before.find("warning"), std::string::npos) << before;

  // Touched ten seconds later: the warning, then the same output.
  struct stat st {};
  ASSERT_EQ(::stat(cf.c_str(), &st), 0);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  times[1].tv_sec += 10;
  ASSERT_EQ(::utimensat(AT_FDCWD, cf.c_str(), times, 0), 0);
  std::string after = run_smcf("-bt --hostname mx.test.example --no-dns -C " + dir.file("small.cfc"), &status);
  const std::string warning =
      "smcf: warning: " + dir.file("small.cfc") + ": " + cf + " is newer than the image; using the image anyway\n";
  ASSERT_EQ(after.compare(0, warning.size(), warning), 0) << after;
  EXPECT_EQ(after.substr(warning.size()), before);

  LoadedConfigFile f = load_file(dir.file("small.cfc"));
  EXPECT_EQ(f.status, LoadedConfigFile::Status::Loaded);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0], dir.file("small.cfc") + ": " + cf + " is newer than the image; using the image anyway");

  // Gone: no warning.
  ::unlink(cf.c_str());
  EXPECT_TRUE(load_file(dir.file("small.cfc")).warnings.empty());
}

}  // namespace
}  // namespace smcf
