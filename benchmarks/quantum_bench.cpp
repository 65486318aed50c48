// State-vector simulator against the machine's memory bandwidth (DESIGN.md §7, spec §7).
//
// A single-qubit gate reads and writes every amplitude once: 32 * 2^n bytes of traffic. The
// reference is an in-place stream over the same buffer (read, scale, write: what the gate kernel
// would cost if its arithmetic were free), plus memcpy for scale. Every gate iteration is paired
// with one such stream pass, timed separately, and `vs_stream` is the ratio of the two rates under
// the same machine conditions (1.0 = at the bandwidth floor; spec target >= 0.5 at n >= 20).
// Rates use thread CPU time, as Google Benchmark's bytes_per_second does, so time spent
// descheduled on a shared machine does not land on one side of a ratio.
// Small registers report seconds per gate (spec target <= 50 ns at n <= 6) and VQE inner-loop
// costs.
//
// Build: target `quantum_bench` from this file, linking dsegym::sim_quantum and
// benchmark::benchmark. Run e.g.
//   quantum_bench --benchmark_filter='Stream|Memcpy|Gate' --benchmark_min_time=0.5

#include <benchmark/benchmark.h>

#include <cstring>
#include <ctime>
#include <span>
#include <vector>

#include "dsegym/sim/quantum.hpp"

namespace q = dsegym::sim::quantum;

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::size_t state_bytes(std::size_t n) { return (std::size_t{1} << n) * sizeof(q::amplitude); }

/// One in-place pass a[i] *= s over the doubles of `buf`.
void stream_scale(std::span<q::amplitude> buf, double s) {
  auto* p = reinterpret_cast<double*>(buf.data());
  const std::size_t m = 2 * buf.size();
  for (std::size_t i = 0; i < m; ++i) p[i] *= s;
  benchmark::ClobberMemory();
}

void BM_StreamInPlace(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<q::amplitude> buf(std::size_t{1} << n, q::amplitude{1.0, 0.5});
  int k = 0;
  for (auto _ : state) stream_scale(buf, (k++ & 1) ? 0.5 : 2.0);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 2 * state_bytes(n)));
}
BENCHMARK(BM_StreamInPlace)->Arg(20)->Arg(22)->Arg(24)->Unit(benchmark::kMillisecond);

void BM_Memcpy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<q::amplitude> src(std::size_t{1} << n, q::amplitude{1.0, 0.5}), dst(src.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), state_bytes(n));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 2 * state_bytes(n)));
}
BENCHMARK(BM_Memcpy)->Arg(20)->Arg(22)->Arg(24)->Unit(benchmark::kMillisecond);

/// One gate on `wire` (0 = most significant bit, n-1 = stride 1), repeated, each application
/// paired with a stream pass over the same buffer.
void gate_bandwidth(benchmark::State& state, q::gate_kind kind) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto wire = static_cast<std::size_t>(state.range(1));
  q::circuit c(n);
  switch (kind) {
    case q::gate_kind::cnot:
      c.cnot(wire, wire == 0 ? 1 : wire - 1);
      break;
    case q::gate_kind::rx:
      c.rx(wire, 0.3);
      break;
    case q::gate_kind::rz:
      c.rz(wire, 0.3);
      break;
    case q::gate_kind::h:
      c.h(wire);
      break;
    default:
      c.x(wire);
      break;
  }
  q::state_vector psi(n);
  psi.apply(c);  // fault the pages in
  double gate_time = 0.0, stream_time = 0.0;
  int k = 0;
  for (auto _ : state) {
    const double t0 = cpu_seconds();
    psi.apply(c);
    benchmark::ClobberMemory();
    const double t1 = cpu_seconds();
    state.PauseTiming();
    const double t2 = cpu_seconds();
    stream_scale(psi.mutable_amplitudes(), (k++ & 1) ? 0.5 : 2.0);  // powers of two: exact
    const double t3 = cpu_seconds();
    state.ResumeTiming();
    gate_time += t1 - t0;
    stream_time += t3 - t2;
  }
  // Traffic a gate must cause: a single-qubit gate reads and writes every amplitude; a CNOT the
  // cache lines holding control-1 amplitudes: half of them, or all when the control is one of the
  // two lowest bits (a 64-byte line holds 4 amplitudes).
  const double stream_bytes = 2.0 * static_cast<double>(state_bytes(n));
  const std::size_t control_bit = n - 1 - wire;
  const double bytes =
      kind == q::gate_kind::cnot && control_bit >= 2 ? stream_bytes / 2 : stream_bytes;
  const double iters = static_cast<double>(state.iterations());
  state.counters["GBps"] = bytes * iters / gate_time / 1e9;
  state.counters["stream_GBps"] = stream_bytes * iters / stream_time / 1e9;
  state.counters["vs_stream"] = (bytes / gate_time) / (stream_bytes / stream_time);
  state.counters["ms_per_gate"] = 1e3 * gate_time / iters;
}

void BM_GateRX(benchmark::State& s) { gate_bandwidth(s, q::gate_kind::rx); }
void BM_GateH(benchmark::State& s) { gate_bandwidth(s, q::gate_kind::h); }
void BM_GateX(benchmark::State& s) { gate_bandwidth(s, q::gate_kind::x); }
void BM_GateRZ(benchmark::State& s) { gate_bandwidth(s, q::gate_kind::rz); }
void BM_GateCNOT(benchmark::State& s) { gate_bandwidth(s, q::gate_kind::cnot); }

void large_args(benchmark::internal::Benchmark* b) {
  for (int n : {20, 22, 24})
    for (int wire : {0, n / 2, n - 8, n - 1}) b->Args({n, wire});  // n-8: 2 KiB pair blocks
  b->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_GateRX)->Apply(large_args);
BENCHMARK(BM_GateH)->Apply(large_args);
BENCHMARK(BM_GateX)->Apply(large_args);
BENCHMARK(BM_GateRZ)->Apply(large_args);
BENCHMARK(BM_GateCNOT)->Apply(large_args);

/// Small registers: a 20-gate parameterised circuit (15 ry + 5 cnot) through the public path,
/// dispatch and angle resolution included.
void BM_SmallCircuit(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  q::circuit c(n);
  for (std::size_t k = 0; k < 20; ++k) {
    const std::size_t w = k % n;
    if (k % 4 == 3)
      c.cnot(w, (w + 1) % n);
    else
      c.ry(w, c.new_parameter());
  }
  std::vector<double> p(c.num_params(), 0.4);
  q::state_vector psi(n);
  for (auto _ : state) {
    psi.reset();
    psi.apply(c, p);
    benchmark::DoNotOptimize(psi.amplitudes().data());
  }
  state.counters["s_per_gate"] = benchmark::Counter(
      static_cast<double>(c.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SmallCircuit)->Arg(2)->Arg(4)->Arg(6)->Arg(8)->Arg(12)->Arg(16);

/// VQE inner loop on H2 (4 qubits, 15 Pauli terms) with a 33-gate, 24-parameter ansatz.
q::circuit h2_ansatz() {
  q::circuit c(4);
  for (int layer = 0; layer < 3; ++layer) {
    for (std::size_t w = 0; w < 4; ++w) c.ry(w, c.new_parameter()).rz(w, c.new_parameter());
    c.cnot(0, 1).cnot(1, 2).cnot(2, 3);
  }
  return c;
}

void BM_H2Energy(benchmark::State& state) {
  const auto f = q::circuit_objective::energy(h2_ansatz(), q::h2_jordan_wigner_070().hamiltonian);
  std::vector<double> p(f.num_params(), 0.1);
  for (auto _ : state) benchmark::DoNotOptimize(f.value(p));
}
BENCHMARK(BM_H2Energy);

void BM_H2EnergyAndAdjointGradient(benchmark::State& state) {
  const auto f = q::circuit_objective::energy(h2_ansatz(), q::h2_jordan_wigner_070().hamiltonian);
  std::vector<double> p(f.num_params(), 0.1), g(f.num_params());
  for (auto _ : state) benchmark::DoNotOptimize(f.value_and_gradient(p, g));
}
BENCHMARK(BM_H2EnergyAndAdjointGradient);

void BM_H2EnergyAndParameterShiftGradient(benchmark::State& state) {
  const auto f = q::circuit_objective::energy(h2_ansatz(), q::h2_jordan_wigner_070().hamiltonian);
  std::vector<double> p(f.num_params(), 0.1), g(f.num_params());
  for (auto _ : state)
    benchmark::DoNotOptimize(f.value_and_gradient(p, g, q::gradient_method::parameter_shift));
}
BENCHMARK(BM_H2EnergyAndParameterShiftGradient);

}  // namespace

BENCHMARK_MAIN();
