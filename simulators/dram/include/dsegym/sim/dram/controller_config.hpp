#pragma once
/// @file
/// Every knob of the memory controller (§2 and the action table §6.1 of the spec).
///
/// The enumerators of each knob are declared in the order of the DRAMGym action space (§6.1), so
/// `static_cast<scheduler_kind>(index)` maps an action index to its value. to_string() gives the
/// DRAMSys spelling ("OpenAdaptive", "FrFcfsGrp", ...) and parse<E>() reads it back.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dsegym::sim::dram {

/// Whether a column command closes its row (auto-precharge), decided when it issues.
enum class page_policy_kind : std::uint8_t {
  open,             ///< RD/WR; PRE only on a row conflict
  open_adaptive,    ///< RDA/WRA if the bank queue holds further requests but none to this row
  closed,           ///< always RDA/WRA
  closed_adaptive,  ///< RD/WR only if another queued request hits this row
};

/// How each bank machine picks its next request from its bank's queue.
enum class scheduler_kind : std::uint8_t {
  fifo,         ///< oldest request of the bank
  fr_fcfs_grp,  ///< FR-FCFS preferring row hits in the direction of the last column command
  fr_fcfs,      ///< oldest row hit, else oldest (Rixner et al., ISCA 2000)
};

/// How RequestBufferSize (RBS) limits the requests waiting for their column command.
enum class scheduler_buffer_kind : std::uint8_t {
  bankwise,    ///< RBS per bank
  read_write,  ///< RBS reads and RBS writes
  shared,      ///< RBS in total
};

/// Order in which completed requests leave the controller.
enum class resp_queue_kind : std::uint8_t {
  fifo,     ///< completion order
  reorder,  ///< arrival order: a finished response waits for all older ones
};

enum class refresh_policy_kind : std::uint8_t {
  no_refresh,  ///< never refresh (unrealistic, allowed)
  all_bank,    ///< REFab every tREFI, with postponing and pulling in
};

/// The front end between the trace player and the controller.
enum class arbiter_kind : std::uint8_t {
  simple,   ///< pass-through; max_active_transactions is ignored
  fifo,     ///< at most MAT outstanding per thread; responses in controller order
  reorder,  ///< at most MAT outstanding in total; responses in request order
};

/// The controller design point. Defaults: a reasonable open-page FR-FCFS controller, not a
/// reference run.
struct controller_config {
  page_policy_kind page_policy = page_policy_kind::open_adaptive;
  scheduler_kind scheduler = scheduler_kind::fr_fcfs;
  scheduler_buffer_kind scheduler_buffer = scheduler_buffer_kind::bankwise;
  std::uint32_t request_buffer_size = 8;  ///< RBS, >= 1 (DRAMGym: 1, 2, 4, ..., 128)
  resp_queue_kind resp_queue = resp_queue_kind::fifo;
  refresh_policy_kind refresh_policy = refresh_policy_kind::all_bank;
  std::uint32_t refresh_max_postponed = 8;  ///< 0..8; only with all_bank
  std::uint32_t refresh_max_pulledin = 8;   ///< 0..8; only with all_bank
  arbiter_kind arbiter = arbiter_kind::simple;
  std::uint32_t max_active_transactions = 128;  ///< MAT >= 1; ignored by the simple arbiter
  /// Fixed pipeline delays, rounded up to whole DRAM clocks: acceptance -> visible to the
  /// scheduler, and response leaving the controller -> arbiter. The serialized reference run is
  /// matched with both at 0 (the ~0.6 ns it shows above pure DRAM timing comes from tRAS).
  double frontend_delay_ns = 0.0;
  double backend_delay_ns = 0.0;

  friend bool operator==(const controller_config&, const controller_config&) = default;
};

/// The first invalid knob of `c`, naming it and the allowed range; empty when valid.
[[nodiscard]] std::string find_problem(const controller_config& c);

/// @throws dsegym::invalid_argument (area "dram") with find_problem()'s message.
void validate(const controller_config& c);

/// DRAMSys spellings: "Open", "OpenAdaptive", "Closed", "ClosedAdaptive"; "Fifo", "FrFcfsGrp",
/// "FrFcfs"; "Bankwise", "ReadWrite", "Shared"; "Fifo", "Reorder"; "NoRefresh", "AllBank";
/// "Simple", "Fifo", "Reorder".
[[nodiscard]] std::string_view to_string(page_policy_kind v) noexcept;
[[nodiscard]] std::string_view to_string(scheduler_kind v) noexcept;
[[nodiscard]] std::string_view to_string(scheduler_buffer_kind v) noexcept;
[[nodiscard]] std::string_view to_string(resp_queue_kind v) noexcept;
[[nodiscard]] std::string_view to_string(refresh_policy_kind v) noexcept;
[[nodiscard]] std::string_view to_string(arbiter_kind v) noexcept;

/// All spellings of knob E in enumerator (= action index) order.
template <class E>
[[nodiscard]] std::span<const std::string_view> knob_names() noexcept;

/// Reads a DRAMSys spelling (case-insensitive).
/// @throws dsegym::invalid_argument naming the value and the valid choices.
template <class E>
[[nodiscard]] E parse(std::string_view name);

}  // namespace dsegym::sim::dram
