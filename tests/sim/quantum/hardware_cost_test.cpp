#include "dsegym/sim/quantum/hardware_cost.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "dsegym/sim/quantum/device_profile.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

TEST(DeviceProfile, SherbrookeIsHeavyHexWithSpecDegrees) {
  const device_profile d = device_profile::ibm_sherbrooke();
  d.validate();
  EXPECT_EQ(d.num_qubits, 127u);
  EXPECT_EQ(d.coupling.size(), 144u);
  std::vector<int> degree(127, 0);
  for (const auto& [a, b] : d.coupling) ++degree[a], ++degree[b];
  std::map<int, int> histogram;
  for (int k : degree) ++histogram[k];
  EXPECT_EQ(histogram, (std::map<int, int>{{1, 2}, {2, 89}, {3, 36}}));  // spec §6
  const auto dist = d.distances();
  for (std::size_t a = 0; a < 127; ++a)
    for (std::size_t b = 0; b < 127; ++b)
      ASSERT_LT(dist[a][b], 127u) << "disconnected " << a << "-" << b;
  EXPECT_EQ(d.native_two_qubit, two_qubit_basis::ecr);
  EXPECT_DOUBLE_EQ(*d.t2_us, 170.0);
}

TEST(DeviceProfile, SherbrookePatchesArePathAndRing) {
  const device_profile path = device_profile::ibm_sherbrooke_path9();
  EXPECT_EQ(path.num_qubits, 9u);
  ASSERT_EQ(path.coupling.size(), 8u);
  for (std::size_t i = 0; i + 1 < 9; ++i) EXPECT_TRUE(path.coupled(i, i + 1)) << i;
  const device_profile ring = device_profile::ibm_sherbrooke_ring12();
  EXPECT_EQ(ring.coupling.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) EXPECT_TRUE(ring.coupled(i, (i + 1) % 12)) << i;
  EXPECT_DOUBLE_EQ(ring.error_2q, 7.5e-3);
}

TEST(DeviceProfile, SmallDevicesAndLookupByName) {
  const device_profile belem = device_profile::by_name("ibmq_belem");
  EXPECT_TRUE(belem.coupled(1, 3));
  EXPECT_FALSE(belem.coupled(2, 3));
  EXPECT_FALSE(belem.t2_us.has_value());  // not in the spec: left empty, not guessed
  EXPECT_TRUE(device_profile::by_name("ibmq_manila").coupled(3, 4));
  for (const auto& name : device_profile::known_names())
    EXPECT_NO_THROW(device_profile::by_name(name).validate());
  expect_quantum_error<dsegym::not_found>([] { (void)device_profile::by_name("ibm_osaka"); },
                                          "unknown device \"ibm_osaka\"; known: ibm_sherbrooke");
}

TEST(HardwareCost, CountsAndEspOnACoupledLayout) {
  // Bell on the sherbrooke 9-path: h (1 pulse) + cnot (1 ECR + 2 pulses), both qubits measured.
  circuit c(2);
  c.h(0).cnot(0, 1).rz(1, 0.3);
  const device_profile d = device_profile::ibm_sherbrooke_path9();
  const hardware_cost r = estimate_hardware_cost(c, d);
  EXPECT_EQ(r.gates, 3u);
  EXPECT_EQ(r.depth, 3u);
  EXPECT_EQ(r.cnot_count, 1u);
  EXPECT_EQ(r.native_two_qubit, 1u);
  EXPECT_EQ(r.native_one_qubit, 3u);
  EXPECT_TRUE(r.coupling_respected);
  const double esp = std::pow(1 - 2.4e-4, 3) * (1 - 7.5e-3) * std::pow(1 - 1.98e-2, 2);
  EXPECT_NEAR(r.success_probability, esp, 1e-15);
  ASSERT_TRUE(r.duration_ns.has_value());
  EXPECT_NEAR(*r.duration_ns, 57.0 + (533.0 + 2 * 57.0), 1e-9);
  EXPECT_NEAR(*r.decoherence_factor, std::exp(-*r.duration_ns / 170000.0), 1e-15);
  EXPECT_NEAR(r.noisy_fidelity(1.0, 2), esp + (1 - esp) / 4, 1e-15);
}

TEST(HardwareCost, UncoupledPairsAreChargedSwaps) {
  circuit c(5);
  c.cnot(0, 4).cz(2, 4).swap(0, 1);
  const device_profile line = device_profile::ibmq_manila();  // 0-1-2-3-4, cx basis
  const hardware_cost r = estimate_hardware_cost(c, line);
  EXPECT_FALSE(r.coupling_respected);
  EXPECT_EQ(r.routing_swaps, 3u + 1u);    // distance 4 and 2
  EXPECT_EQ(r.cnot_count, 1u + 1u + 3u);  // cnot, cz, swap = 3 cnots
  EXPECT_EQ(r.native_two_qubit, 5u + 3u * 4u);
  EXPECT_EQ(r.native_one_qubit, 2u);        // cz = H cnot H on a cx device
  EXPECT_FALSE(r.duration_ns.has_value());  // the spec gives no gate times for these devices
  // A layout that puts the pair on a coupler removes the overhead.
  circuit bell(2);
  bell.h(0).cnot(0, 1);
  const auto far = estimate_hardware_cost(bell, line, {.layout = {0, 3}});
  EXPECT_EQ(far.routing_swaps, 2u);
  const auto near = estimate_hardware_cost(bell, line, {.layout = {3, 4}});
  EXPECT_EQ(near.routing_swaps, 0u);
  EXPECT_GT(near.success_probability, far.success_probability);
}

TEST(HardwareCost, BadLayoutsAreRejected) {
  circuit c(3);
  c.cnot(0, 1);
  const device_profile d = device_profile::ibmq_lima();
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>(
      [&] {
        (void)estimate_hardware_cost(c, d, {.layout = {0, 1}});
      },
      "layout has 2 entries");
  expect_quantum_error<E>(
      [&] {
        (void)estimate_hardware_cost(c, d, {.layout = {0, 0, 1}});
      },
      "layout uses physical qubit 0 twice");
  expect_quantum_error<E>(
      [&] {
        (void)estimate_hardware_cost(c, d, {.layout = {0, 9, 1}});
      },
      "layout entry 1 is 9");
  expect_quantum_error<E>([&] { (void)estimate_hardware_cost(circuit(6), d); },
                          "a 6-qubit circuit does not fit on device \"ibmq_lima\" with 5 qubits");
  device_profile split = device_profile::all_to_all(4, 1e-4, 1e-2, 1e-2);
  split.coupling = {{0, 1}, {2, 3}};
  circuit cross(4);
  cross.cnot(1, 2);
  expect_quantum_error<E>([&] { (void)estimate_hardware_cost(cross, split); },
                          "which are not connected");
  device_profile bad = d;
  bad.error_2q = 1.5;
  expect_quantum_error<E>([&] { bad.validate(); },
                          "device \"ibmq_lima\" error_2q must be in [0, 1), got 1.5");
}

}  // namespace
}  // namespace dsegym::sim::quantum
