// The search/report protocol (spec §8): what a search sees, what is reported, and the simulated
// time cost.

#include "dsegym/sim/nb201/benchmark_protocol.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <type_traits>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nb201/cost_model.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace nb = dsegym::sim::nb201;
using nb::dataset;

namespace {

nb::benchmark_protocol protocol(dataset d) { return {nb201_test::shared_data(), d}; }

}  // namespace

TEST(Nb201Protocol, DatasetNames) {
  for (dataset d : nb::all_datasets) EXPECT_EQ(nb::parse_dataset(nb::dataset_name(d)), d);
  EXPECT_EQ(nb::parse_dataset("ImageNet16-120"), dataset::imagenet16_120);
  try {
    (void)nb::parse_dataset("imagenet");
    FAIL() << "no exception";
  } catch (const dsegym::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'imagenet'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cifar10-valid cifar10 cifar100 ImageNet16-120"), std::string::npos) << msg;
  }
}

TEST(Nb201Protocol, TimeCostCheckValues) {
  DSEGYM_NEED_DATA("nb201");
  const auto p = protocol(dataset::cifar10);
  EXPECT_NEAR(p.query(0).time_cost_s, 89.20, 0.005);
  EXPECT_NEAR(p.query(1).time_cost_s, 133.93, 0.005);
  const auto& c = nb201_test::data().cifar10_valid;
  for (std::size_t i : {0u, 1u, 777u, 15624u})
    EXPECT_DOUBLE_EQ(p.query(i).time_cost_s,
                     12 * c.train_time_per_epoch_s_200[i] + c.valid_time_per_epoch_s_200[i]);
}

TEST(Nb201Protocol, TimeScaleConvention) {
  DSEGYM_NEED_DATA("nb201");
  EXPECT_EQ(nb::training_time_scale(dataset::cifar10_valid), 1.0);
  EXPECT_EQ(nb::training_time_scale(dataset::cifar10), 1.0);
  EXPECT_EQ(nb::training_time_scale(dataset::cifar100), 2.0);
  EXPECT_DOUBLE_EQ(nb::training_time_scale(dataset::imagenet16_120), 6.068);
  const auto c10 = protocol(dataset::cifar10);
  const auto c100 = protocol(dataset::cifar100);
  const auto in16 = protocol(dataset::imagenet16_120);
  EXPECT_DOUBLE_EQ(c100.query(1).time_cost_s, 2.0 * c10.query(1).time_cost_s);
  EXPECT_DOUBLE_EQ(in16.query(1).time_cost_s, 6.068 * c10.query(1).time_cost_s);
  EXPECT_DOUBLE_EQ(in16.time_scale(), 6.068);
}

TEST(Nb201Protocol, Cifar10AliasesCifar10Valid) {
  DSEGYM_NEED_DATA("nb201");
  const auto a = protocol(dataset::cifar10);
  const auto b = protocol(dataset::cifar10_valid);
  for (const auto* p : {&a, &b}) {
    EXPECT_EQ(p->search_dataset(), dataset::cifar10_valid);
    EXPECT_EQ(p->report_dataset(), dataset::cifar10);
  }
  for (std::size_t i = 0; i < nb::arch_count; i += 131) {
    EXPECT_EQ(a.query(i).valid_acc, b.query(i).valid_acc);
    EXPECT_EQ(a.report(i).test_acc, b.report(i).test_acc);
  }
  EXPECT_EQ(protocol(dataset::cifar100).search_dataset(), dataset::cifar100);
  EXPECT_EQ(protocol(dataset::imagenet16_120).report_dataset(), dataset::imagenet16_120);
}

TEST(Nb201Protocol, SearchSeesTwelveEpochValidation) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  const auto c10 = protocol(dataset::cifar10);
  const auto c100 = protocol(dataset::cifar100);
  const auto in16 = protocol(dataset::imagenet16_120);
  EXPECT_NEAR(c10.query(1).valid_acc, 82.834, 6e-4);
  EXPECT_NEAR(c100.query(1).valid_acc, 57.80, 6e-4);
  EXPECT_NEAR(in16.query(1).valid_acc, 35.433, 6e-4);
  for (std::size_t i = 0; i < nb::arch_count; ++i) {
    ASSERT_EQ(c10.query(i).valid_acc, t.cifar10_valid.valid_acc_12[i]);
    ASSERT_EQ(c100.query(i).valid_acc, t.cifar100.valid_acc_12[i]);
    ASSERT_EQ(in16.query(i).valid_acc, t.imagenet16_120.valid_acc_12[i]);
  }
  // The search never sees the 200-epoch or test numbers.
  EXPECT_NE(c10.query(1).valid_acc, t.cifar10_valid.valid_acc_200[1]);
  EXPECT_NE(c10.query(1).valid_acc, t.cifar10.test_acc_200[1]);
  EXPECT_NE(c100.query(1).valid_acc, t.cifar100.test_acc_12[1]);
  // search_result has exactly the two search-visible fields (no accidental accuracy leak).
  static_assert(sizeof(nb::search_result) == 2 * sizeof(double));
}

TEST(Nb201Protocol, ReportIs200EpochTest) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  const auto c10 = protocol(dataset::cifar10);
  const auto c100 = protocol(dataset::cifar100);
  const auto in16 = protocol(dataset::imagenet16_120);
  EXPECT_NEAR(c10.report(1).test_acc, 93.66, 6e-4);
  EXPECT_NEAR(c100.report(1).test_acc, 70.293, 6e-4);
  EXPECT_NEAR(in16.report(1).test_acc, 44.033, 6e-4);
  for (std::size_t i = 0; i < nb::arch_count; i += 7) {
    ASSERT_EQ(c10.report(i).test_acc, t.cifar10.test_acc_200[i]);  // 50k-trained, not cifar10-valid
    ASSERT_EQ(c100.report(i).test_acc, t.cifar100.test_acc_200[i]);
    ASSERT_EQ(in16.report(i).test_acc, t.imagenet16_120.test_acc_200[i]);
  }
  EXPECT_NE(c10.report(1).test_acc, t.cifar10_valid.test_acc_200[1]);
}

TEST(Nb201Protocol, Optima) {
  DSEGYM_NEED_DATA("nb201");
  const auto c10 = protocol(dataset::cifar10);
  const auto c100 = protocol(dataset::cifar100);
  const auto in16 = protocol(dataset::imagenet16_120);
  EXPECT_EQ(c10.best_report_index(), 6111u);  // tie with 13714, lowest index
  EXPECT_NEAR(c10.report(c10.best_report_index()).test_acc, 94.3733, 1e-4);
  EXPECT_EQ(c100.best_report_index(), 9930u);
  EXPECT_NEAR(c100.report(9930).test_acc, 73.5133, 1e-4);
  EXPECT_EQ(in16.best_report_index(), 857u);
  EXPECT_NEAR(in16.report(857).test_acc, 47.3111, 1e-4);
  EXPECT_EQ(c10.best_search_index(), 13714u);
  EXPECT_EQ(c100.best_search_index(), 10165u);
  EXPECT_EQ(in16.best_search_index(), 2581u);
}

TEST(Nb201Protocol, CostsAndLatencies) {
  DSEGYM_NEED_DATA("nb201");
  const auto c10 = protocol(dataset::cifar10);
  const auto in16 = protocol(dataset::imagenet16_120);
  const auto r = c10.report(1);
  EXPECT_NEAR(r.costs.flops_m, 113.95137, 1e-9);
  EXPECT_NEAR(r.costs.params_m, 0.802426, 1e-12);
  EXPECT_NEAR(in16.costs(1).flops_m, 28.49548, 1e-9);
  EXPECT_NEAR(in16.costs(nb::arch_at_index(1)).params_m, 0.809576, 1e-12);
  ASSERT_TRUE(r.costs.latency_ms.has_value());
  EXPECT_NEAR((*r.costs.latency_ms)[*nb::latency_column_index("hwnasbench_c10_eyeriss_latency_ms")],
              7.57778, 1e-9);
  EXPECT_EQ((*c10.costs(0).latency_ms)[*nb::latency_column_index("help_pixel2_latency_ms")], 9.0);

  // Without hw_metrics.csv the latencies are absent, everything else works.
  auto no_hw = std::make_shared<nb::tables>(nb201_test::data());
  no_hw->hw_metrics.reset();
  const nb::benchmark_protocol p(no_hw, dataset::cifar10);
  EXPECT_FALSE(p.costs(1).latency_ms.has_value());
  EXPECT_EQ(p.report(1).costs.flops_m, r.costs.flops_m);
}

TEST(Nb201Protocol, ArchOverloads) {
  DSEGYM_NEED_DATA("nb201");
  const auto p = protocol(dataset::cifar100);
  const auto a = nb::arch_at_index(4242);
  EXPECT_EQ(p.query(a).valid_acc, p.query(4242).valid_acc);
  EXPECT_EQ(p.report(a).test_acc, p.report(4242).test_acc);
}

TEST(Nb201Protocol, SimulatedBudget) {
  DSEGYM_NEED_DATA("nb201");
  // A sweep over indices 0, 1, 2, ... exhausts the 12,000 s paper budget after a known count.
  const auto p = protocol(dataset::cifar10);
  double clock = 0;
  std::size_t n = 0;
  while (clock <= nb::nb201_paper_time_budget_s) clock += p.query(n++).time_cost_s;
  EXPECT_GT(n, 40u);  // ~100-250 s per query
  EXPECT_LT(n, 150u);
}

TEST(Nb201Protocol, RejectsBadInput) {
  DSEGYM_NEED_DATA("nb201");
  const auto p = protocol(dataset::cifar10);
  EXPECT_THROW((void)p.query(nb::arch_count), dsegym::invalid_argument);
  EXPECT_THROW((void)p.report(nb::arch_count), dsegym::invalid_argument);
  EXPECT_THROW((void)p.costs(99999), dsegym::invalid_argument);
  EXPECT_THROW(nb::benchmark_protocol(nullptr, dataset::cifar10), dsegym::invalid_argument);
  EXPECT_THROW(nb::benchmark_protocol(nb201_test::shared_data(), static_cast<dataset>(9)),
               dsegym::invalid_argument);
}
