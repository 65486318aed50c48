// The roofline cost model against the spec's §10 reference values.

#include <cmath>

#include "test_support.hpp"

using namespace llmsys_test;

namespace {
// Reference shapes of spec §10 (dense, fp16).
const model_shape llama8b{8.0e9, 8.0e9, 32, 4096, 32, 8, 128256, 2, 2};
const model_shape llama70b{70e9, 70e9, 80, 8192, 64, 8, 128256, 2, 2};
const model_shape opt13b{13e9, 13e9, 40, 5120, 40, 40, 50272, 2, 2};

inference_cost_model ideal(const char* gpu = "H100-SXM") {
  roofline_options o;
  o.compute_efficiency = 1.0, o.memory_efficiency = 1.0;
  return inference_cost_model(find_gpu(gpu), o);
}
}  // namespace

TEST(LlmsysCostModel, KvBytesPerTokenMatchSpecExamples) {
  EXPECT_EQ(inference_cost_model::kv_bytes_per_token(llama8b), 128.0 * 1024);
  EXPECT_EQ(inference_cost_model::kv_bytes_per_token(llama70b), 320.0 * 1024);
  EXPECT_EQ(inference_cost_model::kv_bytes_per_token(opt13b), 800.0 * 1024);
  // OPT-13B: ≈1.6 GB per 2,048 tokens.
  EXPECT_NEAR(inference_cost_model::kv_bytes_per_token(opt13b) * 2048 / 1e9, 1.6, 0.1);
}

TEST(LlmsysCostModel, WorkedExample70BOnOneH100) {
  const auto cm = ideal();
  // 140 GB / 3.35 TB/s ≈ 42 ms per decode step (b = 1, tiny context).
  EXPECT_NEAR(cm.decode_step_s(llama70b, 1, 1), 0.0418, 0.0005);
  // A 1,000-token prefill: 1.4e14 / 989.5e12 ≈ 0.14 s (plus the attention term).
  EXPECT_NEAR(cm.prefill_s(llama70b, 1, 1000), 0.14, 0.01);
  // Memory-bound up to b ≈ P / (2·BW/w) ≈ 295.
  EXPECT_NEAR(cm.compute_bound_batch(llama70b), 295, 1);
}

TEST(LlmsysCostModel, ClosedFormDecodeEqualsTheSumOfSteps) {
  const auto cm = inference_cost_model(find_gpu("A100-80G"));
  for (double batch : {1.0, 64.0, 2000.0}) {
    for (double s : {10.0, 700.0}) {
      double sum = 0;
      for (int c = 0; c < 300; ++c) sum += cm.decode_step_s(llama8b, batch, s + c);
      EXPECT_NEAR(cm.decode_s(llama8b, batch, s, 300), sum, 1e-9 * sum) << batch << " " << s;
    }
  }
}

TEST(LlmsysCostModel, DecodeIsMemoryBoundAtSmallBatchAndComputeBoundAtLarge) {
  const auto cm = ideal();
  // Memory-bound: doubling the batch barely changes a step; compute-bound: it doubles it.
  EXPECT_LT(cm.decode_step_s(llama8b, 2, 10) / cm.decode_step_s(llama8b, 1, 10), 1.01);
  EXPECT_NEAR(cm.decode_step_s(llama8b, 4000, 0) / cm.decode_step_s(llama8b, 2000, 0), 2.0, 1e-9);
}

TEST(LlmsysCostModel, GpusPerModelAndMaxBatchFollowMemory) {
  const auto cm = inference_cost_model(find_gpu("H100-SXM"));
  EXPECT_EQ(cm.gpus_for(llama8b), 1);
  EXPECT_EQ(cm.gpus_for(llama70b), 2);   // 140 GB > 0.9·80 GB
  EXPECT_EQ(inference_cost_model(find_gpu("H200")).gpus_for(llama70b), 2);
  EXPECT_GT(cm.max_batch(llama8b, 2048, 1), 100);
  EXPECT_EQ(cm.max_batch(llama70b, 2048, 1), 0);
  // Tensor parallelism makes a step faster but not perfectly (all-reduces).
  const double one = cm.decode_step_s(llama70b, 1, 500, 2), two = cm.decode_step_s(llama70b, 1, 500, 4);
  EXPECT_LT(two, one);
  EXPECT_GT(two, one / 2);
}

TEST(LlmsysCostModel, CallFlopsAreTheSumOverPositions) {
  const auto cm = inference_cost_model(find_gpu("H100-SXM"));
  double expect = 0;
  for (int c = 0; c < 100; ++c) expect += inference_cost_model::flops_per_token(llama8b, c);
  for (int c = 100; c < 150; ++c) expect += 3 * inference_cost_model::flops_per_token(llama8b, c);
  const call_cost call = cm.call(llama8b, 100, 50, 3);
  EXPECT_NEAR(call.flops, expect, 1e-9 * expect);
  EXPECT_NEAR(call.energy_j, call.latency_s * call.gpus * 700, 1e-9);
  EXPECT_GT(call.latency_s, 0);
}

TEST(LlmsysCostModel, UnknownGpuListsTheValidOnes) {
  expect_error<dsegym::invalid_argument>([] { (void)find_gpu("V100"); }, {"\"V100\"", "A100-40G", "H100-SXM", "H200"});
}
