#pragma once
/// @file
/// The four NAS-Bench-201 datasets under their official API names (spec §7).

#include <array>
#include <string_view>

namespace dsegym::sim::nb201 {

/// An official NB201 dataset ("API name"); also names the data file `<name>.csv`.
enum class dataset {
  cifar10_valid,   ///< "cifar10-valid": trained on 25k CIFAR-10 train, x-valid = other 25k
  cifar10,         ///< "cifar10": trained on all 50k, evaluated on the official 10k test set
  cifar100,        ///< "cifar100": 50k train; test split into x-valid / x-test (5k each)
  imagenet16_120,  ///< "ImageNet16-120": 151,700 train at 16x16, 120 classes; x-valid / x-test 3k
};

inline constexpr std::array<dataset, 4> all_datasets = {dataset::cifar10_valid, dataset::cifar10,
                                                        dataset::cifar100, dataset::imagenet16_120};

/// Official API name: "cifar10-valid", "cifar10", "cifar100" or "ImageNet16-120".
[[nodiscard]] constexpr std::string_view dataset_name(dataset d) noexcept {
  switch (d) {
    case dataset::cifar10_valid:
      return "cifar10-valid";
    case dataset::cifar10:
      return "cifar10";
    case dataset::cifar100:
      return "cifar100";
    case dataset::imagenet16_120:
      return "ImageNet16-120";
  }
  return "<invalid dataset>";
}

/// The dataset with official name `name` (exact match, as the official API).
/// @throws dsegym::invalid_argument naming `name` and the valid names.
[[nodiscard]] dataset parse_dataset(std::string_view name);

/// Number of classes K: 10, 10, 100, 120.
[[nodiscard]] constexpr unsigned class_count(dataset d) noexcept {
  switch (d) {
    case dataset::cifar10_valid:
    case dataset::cifar10:
      return 10;
    case dataset::cifar100:
      return 100;
    case dataset::imagenet16_120:
      return 120;
  }
  return 0;
}

}  // namespace dsegym::sim::nb201
