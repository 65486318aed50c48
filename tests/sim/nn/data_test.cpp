#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nn/fashion_mnist.hpp"
#include "dsegym/sim/nn/idx.hpp"

namespace dsegym::sim::nn {
namespace {

namespace fs = std::filesystem;

class NnData : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dsegym_nn_data_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()),
                                            static_cast<std::streamsize>(b.size()));
  }
  fs::path dir_;
};

TEST_F(NnData, IdxRoundTripPlainAndGzip) {
  const std::vector<std::uint32_t> dims{2, 3};
  const std::vector<std::uint8_t> data{1, 2, 3, 250, 0, 7};
  for (bool gz : {false, true}) {
    const fs::path p = dir_ / (gz ? "a.gz" : "a.idx");
    write_idx_u8(p, dims, data, gz);
    const idx_array a = read_idx(p);
    EXPECT_EQ(a.type, idx_type::u8);
    EXPECT_EQ(a.dims, dims);
    EXPECT_EQ(a.u8, data);
  }
  // Uncompressed size of a u8 file = 4 + 4 * dims + elements.
  EXPECT_EQ(fs::file_size(dir_ / "a.idx"), 4u + 8u + 6u);
}

TEST_F(NnData, IdxOtherElementTypesBigEndian) {
  // int16 [2]: -2, 258 ; float32 [1]: 1.5 (0x3FC00000)
  write_bytes(dir_ / "i16", {0, 0, 0x0B, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0x01, 0x02});
  const idx_array a = read_idx(dir_ / "i16");
  ASSERT_EQ(a.values.size(), 2u);
  EXPECT_EQ(a.values[0], -2.0);
  EXPECT_EQ(a.values[1], 258.0);
  write_bytes(dir_ / "f32", {0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0xC0, 0, 0});
  EXPECT_EQ(read_idx(dir_ / "f32").values.at(0), 1.5);
}

TEST_F(NnData, IdxMalformedFilesAreDataErrors) {
  auto expect_data_error = [&](const std::string& name, const std::vector<std::uint8_t>& b) {
    write_bytes(dir_ / name, b);
    EXPECT_THROW((void)read_idx(dir_ / name), dsegym::data_error) << name;
  };
  expect_data_error("short", {0, 0});
  expect_data_error("magic", {1, 0, 8, 1, 0, 0, 0, 1, 5});
  expect_data_error("type", {0, 0, 0x07, 1, 0, 0, 0, 1, 5});
  expect_data_error("nodims", {0, 0, 8, 0});
  expect_data_error("header", {0, 0, 8, 2, 0, 0, 0, 1});
  expect_data_error("truncated", {0, 0, 8, 1, 0, 0, 0, 3, 5, 6});
  expect_data_error("trailing", {0, 0, 8, 1, 0, 0, 0, 1, 5, 6});
  expect_data_error("huge", {0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                             0xFF, 0xFF, 0xFF});
  // A gzip stream cut in half.
  std::vector<std::uint8_t> big(5000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7919 % 251);
  const std::vector<std::uint32_t> dims{5000};
  write_idx_u8(dir_ / "full.gz", dims, big, true);
  std::ifstream in(dir_ / "full.gz", std::ios::binary);
  std::vector<std::uint8_t> gz((std::istreambuf_iterator<char>(in)), {});
  gz.resize(gz.size() / 2);
  expect_data_error("cut.gz", gz);
  EXPECT_THROW((void)read_idx(dir_ / "missing"), dsegym::not_found);
}

TEST_F(NnData, ImageSetConsistencyAndMissingPackage) {
  const std::vector<std::uint32_t> idims{2, 2, 2}, ldims{2}, ldims3{3};
  const std::vector<std::uint8_t> px{0, 1, 2, 3, 4, 5, 6, 7}, lb{3, 9}, lb3{1, 2, 3}, bad{3, 10};
  write_idx_u8(dir_ / "im", idims, px, false);
  write_idx_u8(dir_ / "lb", ldims, lb, true);
  const image_set s = load_image_set(dir_ / "im", dir_ / "lb");
  EXPECT_EQ(s.count, 2);
  EXPECT_EQ(s.labels, lb);
  write_idx_u8(dir_ / "lb3", ldims3, lb3, false);
  EXPECT_THROW((void)load_image_set(dir_ / "im", dir_ / "lb3"), dsegym::data_error);
  write_idx_u8(dir_ / "bad", ldims, bad, false);
  EXPECT_THROW((void)load_image_set(dir_ / "im", dir_ / "bad"), dsegym::data_error);
  EXPECT_THROW((void)load_image_set(dir_ / "lb", dir_ / "lb"), dsegym::data_error);

  EXPECT_FALSE(fashion_mnist_available(dir_));
  try {
    (void)load_fashion_mnist(dir_);
    FAIL() << "expected a data_error";
  } catch (const dsegym::data_error& e) {
    EXPECT_NE(std::string(e.what()).find("apt-get install dataset-fashion-mnist"), std::string::npos)
        << e.what();
  }
}

TEST(NnSplit, StratifiedDisjointSeededAndNested) {
  std::vector<std::uint8_t> labels(300);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::uint8_t>(i * 7 % 10);
  const split_indices s = stratified_split(labels, 10, 100, 50, 1);
  ASSERT_EQ(s.first.size(), 100u);
  ASSERT_EQ(s.second.size(), 50u);
  std::set<std::size_t> all(s.first.begin(), s.first.end());
  all.insert(s.second.begin(), s.second.end());
  EXPECT_EQ(all.size(), 150u);
  std::vector<int> per(10);
  for (auto i : s.first) ++per[labels[i]];
  for (int c : per) EXPECT_EQ(c, 10);
  // Interleaved by class: any prefix of 10 k holds k of each class; fractions nest.
  const auto p = prefix_fraction(s.first, 0.2);
  ASSERT_EQ(p.size(), 20u);
  std::vector<int> pp(10);
  for (auto i : p) ++pp[labels[i]];
  for (int c : pp) EXPECT_EQ(c, 2);
  EXPECT_TRUE(std::equal(p.begin(), p.end(), s.first.begin()));
  EXPECT_EQ(stratified_split(labels, 10, 100, 50, 1).first, s.first);
  EXPECT_NE(stratified_split(labels, 10, 100, 50, 2).first, s.first);
  EXPECT_THROW((void)stratified_split(labels, 10, 250, 60, 1), dsegym::invalid_argument);
  EXPECT_THROW((void)prefix_fraction(s.first, 0.0), dsegym::invalid_argument);
}

TEST(NnSplit, DownsamplingGeometry) {
  image_set s;
  s.count = 1;
  s.height = s.width = 28;
  s.pixels.assign(28 * 28, 255);
  s.labels = {4};
  const std::vector<std::size_t> idx{0};
  const dataset d16 = make_dataset(s, idx, geometry_for_side(16), 0.0, 1.0);
  ASSERT_EQ(d16.images.shape(), (std::vector<int>{1, 1, 16, 16}));
  EXPECT_FLOAT_EQ(d16.images[0], 0.0f);                  // pure padding
  EXPECT_FLOAT_EQ(d16.images[1 * 16 + 1], 1.0f);         // pure image
  EXPECT_FLOAT_EQ(d16.images[15 * 16 + 14], 0.0f);       // bottom padding rows
  EXPECT_EQ(d16.labels, std::vector<int>{4});
  const dataset d28 = make_dataset(s, idx, geometry_for_side(28));
  EXPECT_NEAR(d28.images[5], (1.0 - 0.2860) / 0.3530, 1e-5);
  EXPECT_EQ(make_dataset(s, idx, geometry_for_side(14)).images.dim(3), 14);
  EXPECT_THROW((void)geometry_for_side(20), dsegym::invalid_argument);
  const std::vector<std::size_t> bad{1};
  EXPECT_THROW((void)make_dataset(s, bad, geometry_for_side(28)), dsegym::invalid_argument);
}

TEST(NnFashionMnist, RealFilesMatchSpec) {
  if (!fashion_mnist_available()) GTEST_SKIP() << "package dataset-fashion-mnist not installed";
  const idx_array hdr = read_idx(fs::path(k_fashion_mnist_dir) / "t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(hdr.dims, std::vector<std::uint32_t>{10000});
  const fashion_mnist& d = fashion_mnist_shared();
  EXPECT_EQ(d.train.count, 60000);
  EXPECT_EQ(d.train.height, 28);
  EXPECT_EQ(d.train.width, 28);
  EXPECT_EQ(d.test.count, 10000);
  const std::vector<std::uint8_t> train_first{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
  const std::vector<std::uint8_t> test_first{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
  EXPECT_TRUE(std::equal(train_first.begin(), train_first.end(), d.train.labels.begin()));
  EXPECT_TRUE(std::equal(test_first.begin(), test_first.end(), d.test.labels.begin()));
  std::vector<int> per(10);
  for (auto l : d.test.labels) ++per[l];
  for (int c : per) EXPECT_EQ(c, 1000);
  double s = 0.0, q = 0.0;
  for (auto p : d.train.pixels) {
    s += p / 255.0;
    q += (p / 255.0) * (p / 255.0);
  }
  const double n = static_cast<double>(d.train.pixels.size());
  EXPECT_NEAR(s / n, k_fashion_mnist_mean, 5e-5);
  EXPECT_NEAR(std::sqrt(q / n - (s / n) * (s / n)), k_fashion_mnist_std, 5e-5);
}

}  // namespace
}  // namespace dsegym::sim::nn
