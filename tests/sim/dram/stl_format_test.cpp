#include "dsegym/sim/dram/stl_format.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "dsegym/core/error.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace dsegym::sim::dram {
namespace {

using testing::trace_dir;

trace parse(const std::string& text, const stl_options& options = {}) {
  std::istringstream in(text);
  return parse_stl(in, "mem.stl", options);
}

// Line number and message of the data_error `text` raises.
std::pair<std::size_t, std::string> error_of(const std::string& text) {
  try {
    (void)parse(text);
  } catch (const data_error& e) {
    return {e.line(), e.what()};
  }
  return {0, "<no data_error>"};
}

TEST(StlFormat, ReadsTheSharedStreamTrace) {
  DSEGYM_NEED_DATA("dram-traces");
  const trace t = read_stl(trace_dir() / "stream.stl");
  ASSERT_EQ(t.requests.size(), 10000u);
  EXPECT_EQ(t.requests.front(), (request{0, 0x0, false}));
  EXPECT_EQ(t.requests.back(), (request{9999, 0x9C3C0, false}));
  for (std::size_t i = 0; i < t.requests.size(); ++i) {
    ASSERT_EQ(t.requests[i].address, i * 64);
    ASSERT_EQ(t.source_lines[i], i + 1);
  }
}

TEST(StlFormat, ReadsTheOtherSharedTraces) {
  DSEGYM_NEED_DATA("dram-traces");
  for (const char* name : {"random.stl", "cloud-1.stl", "cloud-2.stl"}) {
    const trace t = read_stl(trace_dir() / name);
    EXPECT_EQ(t.requests.size(), 10000u) << name;
    EXPECT_EQ(t.requests.back().cycle, 9999u) << name;
    for (const auto& r : t.requests) {
      ASSERT_FALSE(r.is_write) << name;
      ASSERT_EQ(r.address % 64, 0u) << name;
      ASSERT_LT(r.address, std::uint64_t{1} << 30) << name;
    }
  }
  // cloud-1 starts like stream, cloud-2 like random (SOURCE.md).
  const auto stream = read_stl(trace_dir() / "stream.stl");
  const auto random = read_stl(trace_dir() / "random.stl");
  const auto cloud1 = read_stl(trace_dir() / "cloud-1.stl");
  const auto cloud2 = read_stl(trace_dir() / "cloud-2.stl");
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(cloud1.requests[i], stream.requests[i]);
    EXPECT_EQ(cloud2.requests[i], random.requests[i]);
  }
}

TEST(StlFormat, Ddr3ExampleRestartsTimeAndNeedsClamping) {
  DSEGYM_NEED_DATA("dram-traces");
  // Four 469-request segments, each restarting at cycle 0: strict parsing reports line 470.
  try {
    (void)read_stl(trace_dir() / "ddr3_example.stl");
    FAIL() << "expected data_error";
  } catch (const data_error& e) {
    EXPECT_EQ(e.line(), 470u);
    EXPECT_NE(std::string(e.what()).find("backwards"), std::string::npos);
  }
  const trace t = read_stl(trace_dir() / "ddr3_example.stl", {.clamp_backward_time = true});
  ASSERT_EQ(t.requests.size(), 1876u);
  std::size_t writes = 0;
  for (const auto& r : t.requests) writes += r.is_write ? 1 : 0;
  EXPECT_EQ(writes, 1108u);
  EXPECT_EQ(t.requests.size() - writes, 768u);
  EXPECT_EQ(t.requests[469].cycle, 468u);  // raised to its predecessor's cycle
  EXPECT_EQ(t.requests.back().cycle, 468u);
}

TEST(StlFormat, AcceptsLengthDataCommentsBlankLinesAndCrlf) {
  const trace t = parse(
      "# a comment\n"
      "\n"
      "0:\tread\t0x40\r\n"
      "  3: (64)\twrite 0X80  0xDEADBEEF\n"
      "3:\tREAD\t0xc0\n");
  ASSERT_EQ(t.requests.size(), 3u);
  EXPECT_EQ(t.requests[0], (request{0, 0x40, false}));
  EXPECT_EQ(t.requests[1], (request{3, 0x80, true}));
  EXPECT_EQ(t.requests[2], (request{3, 0xC0, false}));
  EXPECT_EQ(t.source_lines, (std::vector<std::uint64_t>{3, 4, 5}));
}

TEST(StlFormat, UnparsableLinesReportTheirLineNumber) {
  EXPECT_EQ(error_of("0:\tread\t0x0\nxyz\n").first, 2u);
  EXPECT_EQ(error_of("0:\tread\t0x0\n1\tread\t0x40\n").first, 2u);     // no colon
  EXPECT_EQ(error_of("0:\tread\t0x0\n-1:\tread\t0x40\n").first, 2u);   // negative cycle
  EXPECT_EQ(error_of("0:\tread\t0x0\n1:\tfetch\t0x40\n").first, 2u);   // unknown command
  EXPECT_EQ(error_of("0:\tread\t0x0\n1:\tread\t0xZZ\n").first, 2u);    // bad hex
  EXPECT_EQ(error_of("0:\tread\t0x0\n1:\tread\t64\n").first, 2u);      // no 0x prefix
  EXPECT_EQ(error_of("0:\tread\t0x0\n1:\tread\n").first, 2u);          // no address
  EXPECT_EQ(error_of("1:\tread\t0x40\tGG\n").first, 1u);               // bad data field
  EXPECT_EQ(error_of("1:\tread\t0x40\t0x00\textra\n").first, 1u);      // trailing junk
  EXPECT_EQ(error_of("1: () read 0x40\n").first, 1u);                  // empty length
  EXPECT_EQ(error_of("99999999999999999999:\tread\t0x0\n").first, 1u);  // cycle overflow
  EXPECT_EQ(error_of("0:\tread\t0x10000000000000000\n").first, 1u);    // address overflow
}

TEST(StlFormat, MessagesNameTheProblemAndSource) {
  const auto [line, msg] = error_of("0:\tread\t0x0\n1:\tfetch\t0x40\n");
  EXPECT_EQ(line, 2u);
  EXPECT_NE(msg.find("[dsegym.dram] mem.stl"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown command \"fetch\" (valid: read, write)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(line 2)"), std::string::npos) << msg;
}

TEST(StlFormat, TimeGoingBackwardsIsAnError) {
  const auto [line, msg] = error_of("0:\tread\t0x0\n10:\tread\t0x40\n9:\tread\t0x80\n");
  EXPECT_EQ(line, 3u);
  EXPECT_NE(msg.find("cycle 9 is before the previous request's cycle 10"), std::string::npos)
      << msg;
}

TEST(StlFormat, WriteThenParseRoundTrips) {
  trace t = testing::make_trace({{0, 0x0}, {1, 0x1FC0, true}, {1, 0x3FFFFFC0}});
  std::ostringstream out;
  write_stl(out, t);
  EXPECT_EQ(out.str(), "0:\tread\t0x0\n1:\twrite\t0x1FC0\n1:\tread\t0x3FFFFFC0\n");
  EXPECT_EQ(parse(out.str()).requests, t.requests);
}

TEST(StlFormat, MissingFileIsNotFound) {
  DSEGYM_NEED_DATA("dram-traces");
  EXPECT_THROW((void)read_stl(trace_dir() / "no-such-trace.stl"), not_found);
}

}  // namespace
}  // namespace dsegym::sim::dram
