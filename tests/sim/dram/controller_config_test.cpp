#include "dsegym/sim/dram/controller_config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::dram {
namespace {

template <class E>
std::vector<std::string> names() {
  std::vector<std::string> v;
  for (auto n : knob_names<E>()) v.emplace_back(n);
  return v;
}

TEST(ControllerConfig, EnumeratorOrderIsTheDramGymActionOrder) {
  // §6.1: index -> value, so that static_cast<E>(action[k]) works.
  using v = std::vector<std::string>;
  EXPECT_EQ(names<page_policy_kind>(), (v{"Open", "OpenAdaptive", "Closed", "ClosedAdaptive"}));
  EXPECT_EQ(names<scheduler_kind>(), (v{"Fifo", "FrFcfsGrp", "FrFcfs"}));
  EXPECT_EQ(names<scheduler_buffer_kind>(), (v{"Bankwise", "ReadWrite", "Shared"}));
  EXPECT_EQ(names<resp_queue_kind>(), (v{"Fifo", "Reorder"}));
  EXPECT_EQ(names<refresh_policy_kind>(), (v{"NoRefresh", "AllBank"}));
  EXPECT_EQ(names<arbiter_kind>(), (v{"Simple", "Fifo", "Reorder"}));
  EXPECT_EQ(static_cast<scheduler_kind>(2), scheduler_kind::fr_fcfs);
  EXPECT_EQ(to_string(static_cast<page_policy_kind>(3)), "ClosedAdaptive");
}

template <class E>
void expect_round_trip() {
  for (std::size_t i = 0; i < knob_names<E>().size(); ++i) {
    const auto v = static_cast<E>(i);
    EXPECT_EQ(parse<E>(to_string(v)), v);
  }
}

TEST(ControllerConfig, NamesRoundTrip) {
  expect_round_trip<page_policy_kind>();
  expect_round_trip<scheduler_kind>();
  expect_round_trip<scheduler_buffer_kind>();
  expect_round_trip<resp_queue_kind>();
  expect_round_trip<refresh_policy_kind>();
  expect_round_trip<arbiter_kind>();
  EXPECT_EQ(parse<scheduler_kind>("frfcfs"), scheduler_kind::fr_fcfs);
}

TEST(ControllerConfig, UnknownNameListsTheValidChoices) {
  try {
    (void)parse<page_policy_kind>("HalfOpen");
    FAIL() << "expected invalid_argument";
  } catch (const invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("[dsegym.dram]"), std::string::npos);
    EXPECT_NE(msg.find("PagePolicy \"HalfOpen\""), std::string::npos) << msg;
    EXPECT_NE(msg.find("Open, OpenAdaptive, Closed, ClosedAdaptive"), std::string::npos) << msg;
  }
}

TEST(ControllerConfig, DefaultIsValidAndBadKnobsAreNamed) {
  EXPECT_EQ(find_problem(controller_config{}), "");
  controller_config c;
  c.request_buffer_size = 0;
  EXPECT_EQ(find_problem(c), "request_buffer_size = 0 must be >= 1");
  c = {};
  c.max_active_transactions = 0;
  EXPECT_EQ(find_problem(c), "max_active_transactions = 0 must be >= 1");
  c = {};
  c.refresh_max_postponed = 9;
  EXPECT_EQ(find_problem(c), "refresh_max_postponed = 9 must be in 0..8");
  c = {};
  c.refresh_max_pulledin = 16;
  EXPECT_EQ(find_problem(c), "refresh_max_pulledin = 16 must be in 0..8");
  c = {};
  c.frontend_delay_ns = -1.0;
  EXPECT_NE(find_problem(c).find("frontend_delay_ns"), std::string::npos);
  c = {};
  c.scheduler = static_cast<scheduler_kind>(7);
  EXPECT_NE(find_problem(c).find("Fifo, FrFcfsGrp, FrFcfs"), std::string::npos);
  EXPECT_THROW(validate(c), invalid_argument);
}

TEST(ControllerConfig, AnyPositiveMaxActiveTransactionsIsAccepted) {
  controller_config c;
  c.max_active_transactions = 103;  // run A of the spec: outside the canonical list
  EXPECT_NO_THROW(validate(c));
}

}  // namespace
}  // namespace dsegym::sim::dram
