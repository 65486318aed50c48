#include "dsegym/envs/default_registry.hpp"

#include "dsegym/envs/nas/nb201.hpp"

namespace dsegym::envs {

void register_all(registry& r) { nas::register_nas_envs(r); }

const registry& default_registry() {
  static const registry r = [] {
    registry out;
    register_all(out);
    return out;
  }();
  return r;
}

}  // namespace dsegym::envs
