// Cross-checks against Debian's berkeley-abc when it is installed (skipped otherwise): ABC reads
// our AIGER output with the same statistics and proves our transforms equivalent with `cec`.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>

#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/transforms.hpp"
#include "abc_process.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace aig = dsegym::sim::aig;

namespace {
using dsegym_test::have_abc;
using dsegym_test::run_process;

std::string temp_file(const std::string& stem) {
  return (std::filesystem::temp_directory_path() /
          (stem + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
           std::to_string(reinterpret_cast<std::uintptr_t>(&stem)) + ".aig"))
      .string();
}
}  // namespace

TEST(AigAbcReference, AbcReadsOurFilesAndProvesTransformsEquivalent) {
  if (!have_abc()) GTEST_SKIP() << "berkeley-abc not installed";
  DSEGYM_NEED_DATA("epfl");
  for (const char* d : {"ctrl", "i2c", "int2float"}) {
    const std::string orig = aig_test::epfl_path(d);
    const auto g = aig::read_aiger(orig);
    const auto h = aig::resub(aig::resyn2(g));
    const std::string out = temp_file(d);
    aig::write_aiger(h, out);
    const std::string stats = run_process("berkeley-abc -c 'read " + out + "; print_stats' 2>&1");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(stats, m, std::regex("and =\\s*([0-9]+)\\s+lev =\\s*([0-9]+)")))
        << stats;
    EXPECT_EQ(std::stoul(m[1]), h.num_ands()) << d;
    EXPECT_EQ(std::stoul(m[2]), h.depth()) << d;
    const std::string cec = run_process("berkeley-abc -c 'cec " + orig + " " + out + "' 2>&1");
    EXPECT_NE(cec.find("Networks are equivalent"), std::string::npos) << d << ": " << cec;
    std::filesystem::remove(out);
  }
}
