// print_test.cpp -- printing the IR back is a fixed point on every corpus
// config: print(read(print(read(x)))) == print(read(x)).
#include <gtest/gtest.h>

#include "base/diag.hpp"
#include "print/cf_printer.hpp"
#include "read/reader.hpp"
#include "test_support.hpp"

namespace smcf {
namespace {

std::string print_text(const std::string& text, const std::string& name) {
  System sys(testing::pinned_system(name));
  Reporter rep(nullptr);
  ReadRequest req;
  req.file_name = "/etc/mail/" + name + ".cf";
  req.text = text;
  return print_config(read_config(req, sys, rep));
}

class PrintFixedPoint : public ::testing::TestWithParam<std::string> {};

TEST_P(PrintFixedPoint, PrintingTwiceGivesTheSameText) {
  const std::string name = GetParam();
  std::string original = runner::read_file(testing::corpus_dir() + "/configs/" + name + ".cf");
  ASSERT_FALSE(original.empty());
  std::string once = print_text(original, name);
  std::string twice = print_text(once, name);
  EXPECT_EQ(once, twice);
}

INSTANTIATE_TEST_SUITE_P(Corpus, PrintFixedPoint, ::testing::ValuesIn(testing::corpus_configs()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace smcf
