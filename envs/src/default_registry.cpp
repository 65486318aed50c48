#include "dsegym/envs/default_registry.hpp"

// Each family's register function, compiled in when its simulators are enabled.
namespace dsegym::envs {
namespace nas {
void register_nas_envs(registry& r);
void register_arch_recipe_envs(registry& r);
}
namespace hw {
void register_dram_envs(registry& r);
void register_soc_envs(registry& r);
void register_accel_envs(registry& r);
}
namespace llm {
void register_llm_envs(registry& r);
}
namespace quantum {
void register_quantum_envs(registry& r);
}
namespace circuit {
void register_circuit_envs(registry& r);
}
}  // namespace dsegym::envs

namespace dsegym::envs {

void register_all(registry& r) {
#ifdef DSEGYM_HAVE_ENVS_NAS
  nas::register_nas_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_ARCHRECIPE
  nas::register_arch_recipe_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_DRAM
  hw::register_dram_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_SOC
  hw::register_soc_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_ACCEL
  hw::register_accel_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_LLM
  llm::register_llm_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_QUANTUM
  quantum::register_quantum_envs(r);
#endif
#ifdef DSEGYM_HAVE_ENVS_CIRCUIT
  circuit::register_circuit_envs(r);
#endif
  (void)r;
}

const registry& default_registry() {
  static const registry r = [] {
    registry out;
    register_all(out);
    return out;
  }();
  return r;
}

}  // namespace dsegym::envs
