#include "dsegym/sim/dram/controller_config.hpp"

#include <array>
#include <cmath>
#include <string>

#include "dsegym/core/error.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

namespace {

// One table per knob, indexed by the enumerator value.
template <class E>
struct knob_table;

template <>
struct knob_table<page_policy_kind> {
  static constexpr std::string_view knob = "PagePolicy";
  static constexpr std::array<std::string_view, 4> names = {"Open", "OpenAdaptive", "Closed",
                                                            "ClosedAdaptive"};
};
template <>
struct knob_table<scheduler_kind> {
  static constexpr std::string_view knob = "Scheduler";
  static constexpr std::array<std::string_view, 3> names = {"Fifo", "FrFcfsGrp", "FrFcfs"};
};
template <>
struct knob_table<scheduler_buffer_kind> {
  static constexpr std::string_view knob = "SchedulerBuffer";
  static constexpr std::array<std::string_view, 3> names = {"Bankwise", "ReadWrite", "Shared"};
};
template <>
struct knob_table<resp_queue_kind> {
  static constexpr std::string_view knob = "RespQueue";
  static constexpr std::array<std::string_view, 2> names = {"Fifo", "Reorder"};
};
template <>
struct knob_table<refresh_policy_kind> {
  static constexpr std::string_view knob = "RefreshPolicy";
  static constexpr std::array<std::string_view, 2> names = {"NoRefresh", "AllBank"};
};
template <>
struct knob_table<arbiter_kind> {
  static constexpr std::string_view knob = "Arbiter";
  static constexpr std::array<std::string_view, 3> names = {"Simple", "Fifo", "Reorder"};
};

template <class E>
std::string_view name_of(E v) noexcept {
  const auto i = static_cast<std::size_t>(v);
  return i < knob_table<E>::names.size() ? knob_table<E>::names[i] : std::string_view("?");
}

}  // namespace

std::string_view to_string(page_policy_kind v) noexcept { return name_of(v); }
std::string_view to_string(scheduler_kind v) noexcept { return name_of(v); }
std::string_view to_string(scheduler_buffer_kind v) noexcept { return name_of(v); }
std::string_view to_string(resp_queue_kind v) noexcept { return name_of(v); }
std::string_view to_string(refresh_policy_kind v) noexcept { return name_of(v); }
std::string_view to_string(arbiter_kind v) noexcept { return name_of(v); }

template <class E>
std::span<const std::string_view> knob_names() noexcept {
  return knob_table<E>::names;
}

template <class E>
E parse(std::string_view name) {
  const auto& names = knob_table<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (detail::iequals(name, names[i])) return static_cast<E>(i);
  throw invalid_argument("dram", std::string("unknown ") + std::string(knob_table<E>::knob) +
                                     " \"" + std::string(name) +
                                     "\"; valid: " + detail::join(names));
}

#define DSEGYM_DRAM_INSTANTIATE_KNOB(E)                                  \
  template std::span<const std::string_view> knob_names<E>() noexcept; \
  template E parse<E>(std::string_view);
DSEGYM_DRAM_INSTANTIATE_KNOB(page_policy_kind)
DSEGYM_DRAM_INSTANTIATE_KNOB(scheduler_kind)
DSEGYM_DRAM_INSTANTIATE_KNOB(scheduler_buffer_kind)
DSEGYM_DRAM_INSTANTIATE_KNOB(resp_queue_kind)
DSEGYM_DRAM_INSTANTIATE_KNOB(refresh_policy_kind)
DSEGYM_DRAM_INSTANTIATE_KNOB(arbiter_kind)
#undef DSEGYM_DRAM_INSTANTIATE_KNOB

namespace {

template <class E>
std::string check_enum(std::string_view field, E v) {
  if (static_cast<std::size_t>(v) < knob_table<E>::names.size()) return {};
  return std::string(field) + " = " + std::to_string(static_cast<unsigned>(v)) +
         " is not a valid " + std::string(knob_table<E>::knob) +
         "; valid: " + detail::join(knob_table<E>::names);
}

std::string check_delay(std::string_view field, double v) {
  // 1 ms of pipeline delay is far beyond any controller; the bound keeps cycle counts finite.
  if (std::isfinite(v) && v >= 0.0 && v <= 1e6) return {};
  return std::string(field) + " = " + detail::format_double(v) + " must be in [0, 1e6] ns";
}

}  // namespace

std::string find_problem(const controller_config& c) {
  for (auto problem :
       {check_enum("page_policy", c.page_policy), check_enum("scheduler", c.scheduler),
        check_enum("scheduler_buffer", c.scheduler_buffer),
        check_enum("resp_queue", c.resp_queue), check_enum("refresh_policy", c.refresh_policy),
        check_enum("arbiter", c.arbiter), check_delay("frontend_delay_ns", c.frontend_delay_ns),
        check_delay("backend_delay_ns", c.backend_delay_ns)})
    if (!problem.empty()) return problem;
  if (c.request_buffer_size < 1)
    return "request_buffer_size = 0 must be >= 1";
  if (c.max_active_transactions < 1)
    return "max_active_transactions = 0 must be >= 1";
  // JEDEC allows at most 8 postponed / pulled-in all-bank refreshes.
  if (c.refresh_max_postponed > 8)
    return "refresh_max_postponed = " + std::to_string(c.refresh_max_postponed) +
           " must be in 0..8";
  if (c.refresh_max_pulledin > 8)
    return "refresh_max_pulledin = " + std::to_string(c.refresh_max_pulledin) +
           " must be in 0..8";
  return {};
}

void validate(const controller_config& c) {
  if (auto problem = find_problem(c); !problem.empty())
    throw invalid_argument("dram", "controller config: " + problem);
}

}  // namespace dsegym::sim::dram
