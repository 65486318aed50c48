#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"
#include "dsegym_test_data.hpp"

namespace {

using namespace dsegym::sim::accel;
namespace fs = std::filesystem;

fs::path layers_dir() { return DSEGYM_TEST_DATA_DIR "/archgym-reference/dnn-layers"; }

TEST(AccelLayerTable, RowCountsMatchSpec) {
  DSEGYM_NEED_DATA("archgym-reference/dnn-layers");
  const std::vector<std::pair<std::string, std::size_t>> counts{
      {"maestro_alexnet", 5}, {"maestro_resnet18", 20}, {"maestro_resnet50", 53},
      {"maestro_mobilenet_v2", 52}, {"maestro_vgg16", 13}, {"maestro_BERT_m", 6}};
  for (const auto& [name, n] : counts) {
    const network net = load_maestro_layers(layers_dir() / (name + ".csv"));
    EXPECT_EQ(net.layers.size(), n) << name;
    EXPECT_EQ(net.name, name);
    EXPECT_EQ(load_layer_table(layers_dir() / (name + ".csv")), net);
  }
}

TEST(AccelLayerTable, TimeloopAlexNetMacs) {
  DSEGYM_NEED_DATA("archgym-reference/dnn-layers");
  const network n = load_timeloop_layers(layers_dir() / "timeloop_alexnet_conv.csv");
  ASSERT_EQ(n.layers.size(), 5u);
  EXPECT_EQ(n.layers[0].name, "AlexNet_layer1");
  EXPECT_EQ(n.layers[0].stride_h, 4u);
  const std::array<std::uint64_t, 5> macs{105415200, 447897600, 149520384, 224280576, 149520384};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(n.layers[i].macs(), macs[i]);
  EXPECT_EQ(n.macs(), 1076634144u);
  EXPECT_EQ(load_layer_table(layers_dir() / "timeloop_alexnet_conv.csv"), n);
  // The same shapes as the built-in AlexNet's convolutions.
  const network a = alexnet();
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(n.layers[i].dims(), a.layers[i].dims());
}

TEST(AccelLayerTable, MaestroCompatUsesStrideOneWithoutPadding) {
  DSEGYM_NEED_DATA("archgym-reference/dnn-layers");
  const network n = load_maestro_layers(layers_dir() / "maestro_alexnet.csv");
  // Conv1 (Y = 224, R = 11) becomes 214×214 instead of 55×55 (spec §B.1).
  EXPECT_EQ(n.layers[0].p, 214u);
  EXPECT_EQ(n.layers[0].k, 64u);
  EXPECT_EQ(n.layers[0].macs(), 64ULL * 3 * 121 * 214 * 214);
  // MaestroGym's default layer: row 2 of resnet18, K = C = 64, 56×56 input, 3×3 -> 54×54.
  const network r = load_maestro_layers(layers_dir() / "maestro_resnet18.csv");
  EXPECT_EQ(r.layers[2].k, 64u);
  EXPECT_EQ(r.layers[2].c, 64u);
  EXPECT_EQ(r.layers[2].p, 54u);
}

TEST(AccelLayerTable, TrueShapesFromSideTable) {
  DSEGYM_NEED_DATA("archgym-reference/dnn-layers");
  const auto g = maestro_true_geometry("maestro_alexnet");
  const network n = load_maestro_layers(layers_dir() / "maestro_alexnet.csv", shape_mode::true_shapes, g);
  EXPECT_EQ(n.layers[0].p, 55u);
  EXPECT_EQ(n.layers[1].p, 27u);
  EXPECT_EQ(n.layers[4].p, 13u);
  const auto rg = maestro_true_geometry("maestro_resnet18");
  const network r = load_maestro_layers(layers_dir() / "maestro_resnet18.csv", shape_mode::true_shapes, rg);
  EXPECT_EQ(r.layers[0].p, 112u);
  EXPECT_EQ(r.layers[1].p, 56u);
  EXPECT_EQ(r.layers[5].p, 28u);  // first 3×3 of stage 2
  EXPECT_EQ(r.layers[7].p, 28u);  // its 1×1 projection
  EXPECT_EQ(r.layers[19].p, 7u);
  // The table's ResNet-18 (no FC) matches the built-in convolutions layer by layer.
  const network b = resnet18();
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(r.layers[i].macs(), b.layers[i].macs()) << i;
  EXPECT_THROW((void)maestro_true_geometry("maestro_BERT_m"), dsegym::not_found);
  EXPECT_THROW((void)load_maestro_layers(layers_dir() / "maestro_alexnet.csv", shape_mode::true_shapes, rg),
               dsegym::invalid_argument);
}

TEST(AccelLayerTable, GemmAndDepthwiseRows) {
  DSEGYM_NEED_DATA("archgym-reference/dnn-layers");
  const network bert = load_maestro_layers(layers_dir() / "maestro_BERT_m.csv");
  // Row 5: M = 512, N = 3072, K = 768 -> K_conv = N, C = K, P = M.
  const layer& l = bert.layers[5];
  EXPECT_EQ(l.type, layer_type::gemm);
  EXPECT_EQ(l.k, 3072u);
  EXPECT_EQ(l.c, 768u);
  EXPECT_EQ(l.p, 512u);
  EXPECT_EQ(l.macs(), 512ULL * 3072 * 768);
  const network mb = load_maestro_layers(layers_dir() / "maestro_mobilenet_v2.csv");
  const layer& dw = mb.layers[1];  // 1,32,112,112,3,3,2
  EXPECT_EQ(dw.type, layer_type::depthwise);
  EXPECT_EQ(dw.macs(), 32ULL * 9 * 110 * 110);  // C·R·S·Y'·X', Y' = Y - R + 1
}

class AccelLayerTableBad : public ::testing::Test {
 protected:
  fs::path write(const std::string& text) {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("dsegym_accel_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".csv");
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { fs::remove(path_); }
  void expect(const std::string& text, const std::string& needle, std::size_t line) {
    const fs::path p = write(text);
    try {
      (void)load_layer_table(p);
      ADD_FAILURE() << "no error, expected " << needle;
    } catch (const dsegym::data_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
      EXPECT_EQ(e.line(), line) << e.what();
    }
  }
  fs::path path_;
};

TEST_F(AccelLayerTableBad, Reported) {
  expect("K,C,Y,X,R,S\n1,2,3,4,1,1\n", "header must be", 1);
  expect("K,C,Y,X,R,S,T\n64,3,224,224,11,11,1\n64,3,22a,224,3,3,1\n", "\"22a\" is not a positive integer", 3);
  expect("K,C,Y,X,R,S,T\n64,0,224,224,3,3,1\n", "\"0\" is not a positive integer", 2);
  expect("K,C,Y,X,R,S,T\n64,3,224,224,3,3,7\n", "layer type \"7\"", 2);
  expect("K,C,Y,X,R,S,T\n4,32,112,112,3,3,2\n", "DSCONV row must have K = 1", 2);
  expect("K,C,Y,X,R,S,T\n4,32,2,2,3,3,1\n", "filter 3 larger than the Y input 2", 2);
  expect("K,C,Y,X,R,S,T\n4,32,2,2,1,1\n", "6 fields, the header has 7", 2);
  expect("M,N,K,0,0,0,T\n4,4,4,1,1,1,1\n", "GEMMs only", 2);
  expect("layer,N,C,M,R,S,P,Q,Hstride,Wstride\nx,1,3,96,11,11,55,55,0,4\n", "\"0\" is not a positive integer", 2);
  expect("", "empty file", 0);
  EXPECT_THROW((void)load_layer_table("/nonexistent/dsegym.csv"), dsegym::data_error);
}

}  // namespace
