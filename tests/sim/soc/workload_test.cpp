#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dsegym/core/error.hpp"
#include "test_support.hpp"

namespace soc_test {
namespace {

// souurce -> a -> c, souurce -> b -> c, c -> siink
workload diamond() {
  return make_workload({zero_task("souurce"), gpp_task("a", 3e6), ip_task("b", 1e6, 5e4, 1, 1, 8),
                        gpp_task("c", 2e6), zero_task("siink")},
                       {{0, 1, 100}, {0, 2, 200}, {1, 3, 300}, {2, 3, 400}, {3, 4, 50}}, 3);
}

TEST(SocWorkload, ValidDiamondPasses) {
  EXPECT_NO_THROW(validate(diamond()));
  const auto order = topological_order(diamond());
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(SocWorkload, TopologicalOrderPrefersLowIndices) {
  // 2 -> 0 and 1 free: Kahn with the lowest ready index first gives 1, 2, 0.
  const auto w = make_workload({gpp_task("x", 1), gpp_task("y", 1), gpp_task("z", 1)}, {{2, 0, 1}}, 0);
  EXPECT_EQ(topological_order(w), (std::vector<std::size_t>{1, 2, 0}));
}

TEST(SocWorkload, StatsByHand) {
  // GPP times 0, 3, 1, 2, 0 ms; b's IP: 5e4 cycles at 100 MHz = 0.5 ms.
  const auto s = compute_stats(diamond());
  EXPECT_EQ(s.tasks, 5u);
  EXPECT_EQ(s.edges, 5u);
  EXPECT_EQ(s.bytes, 1050u);
  EXPECT_DOUBLE_EQ(s.serial_gpp_s, 6e-3);
  EXPECT_DOUBLE_EQ(s.gpp_critical_path_s, 5e-3);   // a (3) + c (2)
  EXPECT_DOUBLE_EQ(s.best_critical_path_s, 5e-3);  // a is GPP-only
}

TEST(SocWorkload, SourceAndSinkRoles) {
  const auto w = diamond();
  const auto adj = build_adjacency(w);
  EXPECT_TRUE(is_data_source(w, adj, 0));
  EXPECT_FALSE(is_data_source(w, adj, 1));
  EXPECT_TRUE(is_data_sink(w, adj, 4));
  EXPECT_FALSE(is_data_sink(w, adj, 3));
  EXPECT_EQ(find_task(w, "c"), 3u);
  EXPECT_THROW((void)find_task(w, "nope"), dsegym::not_found);
}

void expect_invalid(const workload& w, const std::string& needle) {
  try {
    validate(w);
    ADD_FAILURE() << "no error, expected one mentioning " << needle;
  } catch (const dsegym::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[dsegym.soc]"), std::string::npos) << e.what();
  }
}

TEST(SocWorkload, RejectsMalformedGraphs) {
  expect_invalid(make_workload({}, {}, 0), "no tasks");
  expect_invalid(make_workload({gpp_task("a", 1), gpp_task("a", 1)}, {}, 0), "duplicate task name 'a'");
  expect_invalid(make_workload({gpp_task("", 1)}, {}, 0), "empty name");
  expect_invalid(make_workload({gpp_task("a", 1)}, {{0, 0, 5}}, 0), "self edge a -> a");
  expect_invalid(make_workload({gpp_task("a", 1)}, {{0, 3, 5}}, 0), "outside 0..0");
  expect_invalid(make_workload({gpp_task("a", 1), gpp_task("b", 1)}, {{0, 1, 0}}, 0), "0 bytes");
  expect_invalid(make_workload({gpp_task("a", 1), gpp_task("b", 1)}, {{0, 1, 5}, {0, 1, 6}}, 0),
                 "duplicate edge a -> b");
  expect_invalid(make_workload({gpp_task("a", 1), gpp_task("b", 1), gpp_task("c", 1)},
                               {{0, 1, 5}, {1, 2, 5}, {2, 1, 5}}, 0),
                 "cycle");
  expect_invalid(make_workload({gpp_task("a", 1)}, {}, 1), "last_task 1");
}

TEST(SocWorkload, RejectsBadNumbers) {
  expect_invalid(make_workload({gpp_task("a", std::nan(""))}, {}, 0), "gpp_cycles");
  expect_invalid(make_workload({gpp_task("a", -1.0)}, {}, 0), "gpp_cycles");
  auto t = ip_task("a", 1, std::numeric_limits<double>::infinity(), 1, 1, 1);
  expect_invalid(make_workload({t}, {}, 0), "ip_cycles");
  t = ip_task("a", 1, 1, -2, 1, 1);
  expect_invalid(make_workload({t}, {}, 0), "ip_energy");
  t = ip_task("a", 1, 1, 1, 1, 0);
  expect_invalid(make_workload({t}, {}, 0), "iterations");
}

}  // namespace
}  // namespace soc_test
