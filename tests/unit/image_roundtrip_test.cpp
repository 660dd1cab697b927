// image_roundtrip_test.cpp -- a compiled image loads as the same config as
// its text, for every corpus config and every reading mode: the same IR
// (every field, compared through the image encoding, but for $b and
// ${load_avg}, which record the moment of reading), the same `smcf print`
// output, the same start-up messages and reporter state, the same engine
// tables, and the same -bt transcript on the corpus case.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "image/config_loader.hpp"
#include "image/engine_part.hpp"
#include "image/image_codec.hpp"
#include "image/image_reader.hpp"
#include "image_test_support.hpp"
#include "print/cf_printer.hpp"
#include "smcf/smcf.hpp"
#include "testmode/session.hpp"

namespace smcf {
namespace {

using image::ReadMode;
using testing::ScratchDir;

// A copy of cf without the two values that record the moment of reading,
// which an image freezes at compile time by design (docs/compile.md): $b
// (the date, to the second) and ${load_avg}.
Config without_moment(const Config& cf) {
  Config c = cf;
  c.macros['b'].reset();
  if (auto it = c.macro_names.id_of_name.find("load_avg"); it != c.macro_names.id_of_name.end() && it->second > 0)
    c.macros[static_cast<std::size_t>(it->second)].reset();
  return c;
}

// Every encoded field of a config (all but its diagnostics and the moment).
std::string encoded(const Config& cf) {
  image::ByteWriter w;
  image::Encoder enc(w);
  enc(without_moment(cf));
  std::string files;
  for (const auto& f : enc.files()) files += f + '\n';
  return files + w.buffer();
}

struct Loaded {
  LoadedConfigFile file;
  std::string output;  // what loading printed
  int exit_status = 0;
  int error_count = 0;
  int verbose = 0;
  std::vector<Diagnostic> diagnostics;
};

Loaded load(const std::string& name, const std::string& path, ReadMode mode, bool record) {
  System sys(testing::pinned_system(name));
  Output out;
  Reporter rep(&out);
  rep.set_recording(record);
  ConfigRequest req;
  req.path = path;
  req.mode = mode;
  req.options = testing::golden_options();
  Loaded l;
  l.file = load_config(req, sys, rep);
  l.output = out.take();
  l.exit_status = rep.exit_status();
  l.error_count = rep.error_count();
  l.verbose = rep.verbose();
  l.diagnostics = rep.diagnostics();
  return l;
}

void expect_same_diagnostics(const std::vector<Diagnostic>& a, const std::vector<Diagnostic>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].severity, b[i].severity);
    EXPECT_EQ(a[i].pos.file, b[i].pos.file);
    EXPECT_EQ(a[i].pos.line, b[i].pos.line);
    EXPECT_EQ(a[i].pos.column, b[i].pos.column);
    EXPECT_EQ(a[i].message, b[i].message);
    EXPECT_EQ(a[i].rendered, b[i].rendered);
  }
}

// -bt on the corpus case: start-up output, transcript, exit status.
std::string transcript(const std::string& name, const std::string& path) {
  System sys(testing::pinned_system(name));
  Output out;
  Reporter rep(&out);
  rep.set_recording(false);
  ConfigRequest req;
  req.path = path;
  req.options = testing::golden_options();
  LoadedConfigFile f = load_config(req, sys, rep);
  if (f.status != LoadedConfigFile::Status::Loaded) return "not loaded: " + f.error;
  int fd = ::open((testing::corpus_dir() + "/cases/" + name + ".in").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "no input";
  int status = 0;
  {
    TestSession session(f.config, sys, out, rep);
    status = session.run(fd);
  }
  ::close(fd);
  return out.take() + "\n[exit status " + std::to_string(status) + "]";
}

class ImageRoundTrip : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string error;
    bytes_ = testing::corpus_image(GetParam(), &error);
    ASSERT_FALSE(bytes_.empty()) << error;
    image_ = dir_.file(GetParam() + ".cfc");
    testing::write_file(image_, bytes_);
  }
  std::string text_path() const { return "/etc/mail/" + GetParam() + ".cf"; }

  ScratchDir dir_;
  std::string bytes_;
  std::string image_;
};

TEST_P(ImageRoundTrip, EveryModeLoadsTheSameConfig) {
  for (ReadMode mode : {ReadMode::TestMode, ReadMode::Deliver, ReadMode::DeliverVerbose}) {
    for (bool record : {false, true}) {
      SCOPED_TRACE(std::string(image::mode_name(mode)) + (record ? ", recording" : ""));
      Loaded text = load(GetParam(), text_path(), mode, record);
      Loaded img = load(GetParam(), image_, mode, record);
      ASSERT_EQ(text.file.status, LoadedConfigFile::Status::Loaded);
      ASSERT_EQ(img.file.status, LoadedConfigFile::Status::Loaded) << img.file.error;
      EXPECT_FALSE(text.file.from_image);
      EXPECT_TRUE(img.file.from_image);
      EXPECT_TRUE(img.file.warnings.empty());
      EXPECT_EQ(text.output, img.output);
      EXPECT_EQ(text.exit_status, img.exit_status);
      EXPECT_EQ(text.error_count, img.error_count);
      EXPECT_EQ(text.verbose, img.verbose);
      expect_same_diagnostics(text.diagnostics, img.diagnostics);
      // The image keeps rule tokens in its engine part only: the decoded IR
      // has none until they are put back from the compiled rules.
      EXPECT_FALSE(text.file.config->ir().rule_tokens_elided);
      EXPECT_TRUE(img.file.config->ir().rule_tokens_elided);
      const Config a = text.file.config->ir_with_rule_tokens();
      const Config b = img.file.config->ir_with_rule_tokens();
      EXPECT_FALSE(b.rule_tokens_elided);
      for (std::size_t n = 0; n < a.rulesets.size(); ++n) {
        ASSERT_EQ(a.rulesets[n].rules.size(), b.rulesets[n].rules.size()) << "ruleset " << n;
        for (std::size_t i = 0; i < a.rulesets[n].rules.size(); ++i) {
          EXPECT_TRUE(a.rulesets[n].rules[i].lhs == b.rulesets[n].rules[i].lhs) << "ruleset " << n << " rule " << i;
          EXPECT_TRUE(a.rulesets[n].rules[i].rhs == b.rulesets[n].rules[i].rhs) << "ruleset " << n << " rule " << i;
        }
      }
      expect_same_diagnostics(a.diagnostics, b.diagnostics);
      EXPECT_EQ(print_config(without_moment(a)), print_config(without_moment(b)));
      EXPECT_TRUE(encoded(a) == encoded(b)) << "some IR field differs";
      EXPECT_EQ(text.file.config->symbols().size(), img.file.config->symbols().size());
    }
  }
}

TEST_P(ImageRoundTrip, EnginePartIsWhatTheEngineComputes) {
  image::ImageReader reader;
  ASSERT_TRUE(reader.open(reinterpret_cast<const unsigned char*>(bytes_.data()), bytes_.size())) << reader.error();
  for (ReadMode mode : {ReadMode::TestMode, ReadMode::Deliver, ReadMode::DeliverVerbose}) {
    auto part = std::make_unique<image::EnginePart>();
    ASSERT_TRUE(reader.load_engine_part(mode, *part)) << reader.error();
    Loaded text = load(GetParam(), text_path(), mode, false);
    ASSERT_TRUE(text.file.config);
    EXPECT_TRUE(image::engine_part_matches(*part, *text.file.config)) << image::mode_name(mode);
  }
}

TEST_P(ImageRoundTrip, TestModeTranscriptIsTheSame) {
  std::string text = transcript(GetParam(), text_path());
  std::string img = transcript(GetParam(), image_);
  EXPECT_GT(text.size(), 100u);
  EXPECT_EQ(text, img);
}

INSTANTIATE_TEST_SUITE_P(Corpus, ImageRoundTrip, ::testing::ValuesIn(testing::corpus_configs()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// The decoder bounds counts by the fewest bytes an element encodes to; that
// must never exceed what the encoder writes (a default value is the
// smallest of its type, or larger when a member has a non-empty default).
template <class T>
std::size_t encoded_size(const T& value) {
  image::ByteWriter w;
  image::Encoder enc(w);
  enc(value);
  return w.size();
}

TEST(ImageCodec, MinimumSizesAreTheEncoderSizes) {
  EXPECT_EQ(image::min_encoded_size<Rule>(), encoded_size(Rule{}));
  EXPECT_EQ(image::min_encoded_size<Ruleset>(), encoded_size(Ruleset{}));
  EXPECT_EQ(image::min_encoded_size<ClassWord>(), encoded_size(ClassWord{}));
  EXPECT_EQ(image::min_encoded_size<ClassOrigin>(), encoded_size(ClassOrigin{}));
  EXPECT_EQ(image::min_encoded_size<Diagnostic>(), encoded_size(Diagnostic{}));
  EXPECT_EQ(image::min_encoded_size<HeaderDecl>(), encoded_size(HeaderDecl{}));
  EXPECT_EQ(image::min_encoded_size<OptionSetting>(), encoded_size(OptionSetting{}));
  EXPECT_EQ(image::min_encoded_size<MapDecl>(), encoded_size(MapDecl{}));
  EXPECT_EQ(image::min_encoded_size<EnvSetting>(), encoded_size(EnvSetting{}));
  EXPECT_LE(image::min_encoded_size<Mailer>(), encoded_size(Mailer{}));
  EXPECT_LE(image::min_encoded_size<OptionSettings>(), encoded_size(OptionSettings{}));
  EXPECT_EQ(image::min_encoded_size<std::string>(), 4u);
}

// The library loads an image from a file and from bytes, and resolves as
// with the text.
TEST(ImageLibrary, FromFileAndFromStringResolveLikeTheText) {
  const std::string name = "generic-linux";
  ScratchDir dir;
  std::string error;
  std::string bytes = testing::corpus_image(name, &error, {});
  ASSERT_FALSE(bytes.empty()) << error;
  testing::write_file(dir.file("g.cfc"), bytes);

  SystemOptions pin = testing::pinned_system(name);
  LoadOptions lo;
  lo.host_name = pin.host_name;
  lo.hosts_file = pin.hosts_file;
  lo.passwd_file = pin.passwd_file;
  lo.group_file = pin.group_file;
  lo.uid = pin.uid;
  lo.no_dns = true;
  lo.remap = pin.remap;
  std::vector<ConfigDiagnostic> dt, di, ds;
  auto text = LoadedConfig::from_file("/etc/mail/" + name + ".cf", lo, &dt);
  auto file = LoadedConfig::from_file(dir.file("g.cfc"), lo, &di);
  auto str = LoadedConfig::from_string(bytes, dir.file("g.cfc"), lo, &ds);
  ASSERT_TRUE(text);
  ASSERT_TRUE(file);
  ASSERT_TRUE(str);
  ASSERT_EQ(dt.size(), di.size());
  ASSERT_EQ(dt.size(), ds.size());
  for (std::size_t i = 0; i < dt.size(); ++i) {
    EXPECT_EQ(dt[i].text, di[i].text);
    EXPECT_EQ(dt[i].text, ds[i].text);
  }
  for (const char* addr : {"alice@example.com", "postmaster", "bob@[192.0.2.1]", "<@a,@b:c@d>", "x!y!z"}) {
    Resolver a(text), b(file), c(str);
    ResolveResult ra = a.resolve(addr), rb = b.resolve(addr), rc = c.resolve(addr);
    EXPECT_EQ(ra.mailer, rb.mailer) << addr;
    EXPECT_EQ(ra.host, rb.host) << addr;
    EXPECT_EQ(ra.user, rb.user) << addr;
    EXPECT_EQ(ra.status, rb.status) << addr;
    EXPECT_EQ(ra.message, rb.message) << addr;
    EXPECT_EQ(ra.mailer, rc.mailer) << addr;
    EXPECT_EQ(ra.user, rc.user) << addr;
  }
  EXPECT_EQ(text->ruleset_number("canonify"), file->ruleset_number("canonify"));
}

}  // namespace
}  // namespace smcf
