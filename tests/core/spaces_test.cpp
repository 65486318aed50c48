#include <gtest/gtest.h>

#include <cmath>
#include <dsegym/json/spaces.hpp>
#include <dsegym/spaces.hpp>
#include <dsegym/spaces/flatten.hpp>
#include <limits>

using namespace dsegym;

namespace {
any_space nested_space() {
  return dict_space({{"cell", multi_discrete({5, 5, 5})},
                     {"pick", discrete(3, 1)},
                     {"bits", multi_binary(2)},
                     {"pair", tuple_space({discrete(2), box(-1.0, 1.0, {2}, box_dtype::float32)})}});
}
}  // namespace

TEST(Discrete, SampleContainsAndBounds) {
  discrete d(4, 10);
  rng g(1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(d.contains(d.sample(g)));
  EXPECT_FALSE(d.contains(9));
  EXPECT_FALSE(d.contains(14));
  EXPECT_THROW(discrete(0), space_error);
  EXPECT_EQ(d.from_value(value(12)), 12);
  EXPECT_THROW((void)d.from_value(value(14), "action"), space_error);
  EXPECT_THROW((void)d.from_value(value("x")), space_error);
  EXPECT_THROW((void)d.from_value(value(1.5)), space_error);
}

TEST(Discrete, MaskedSampleOnlyPicksAllowed) {
  discrete d(5);
  rng g(2);
  const std::vector<std::int8_t> mask = {0, 1, 0, 1, 0};
  for (int i = 0; i < 50; ++i) {
    const auto x = d.sample(g, mask);
    EXPECT_TRUE(x == 1 || x == 3);
  }
  const std::vector<std::int8_t> none(5, 0);
  EXPECT_EQ(d.sample(g, none), 0);
  const std::vector<std::int8_t> wrong(4, 1);
  EXPECT_THROW((void)d.sample(g, wrong), space_error);
}

TEST(MultiDiscrete, ErrorNamesTheBadElement) {
  multi_discrete m({5, 5, 5});
  try {
    (void)m.from_value(value::list{1, 7, 2}, "action");
    FAIL() << "expected space_error";
  } catch (const space_error& e) {
    EXPECT_NE(std::string(e.what()).find("action[1] = 7"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)m.from_value(value::list{1, 2}), space_error);
  EXPECT_THROW(multi_discrete({3, 0}), space_error);
  EXPECT_EQ(m.cardinality(), 125u);
  EXPECT_EQ(multi_discrete(std::vector<std::int64_t>(40, 1000)).cardinality(), UINT64_MAX);
}

TEST(Box, SamplesRespectBoundsAndDtype) {
  rng g(3);
  box b(-2.0, 3.0, {2, 3});
  box i(0.0, 4.0, {5}, box_dtype::int64);
  xt::xarray<double> lo = {0.0, -std::numeric_limits<double>::infinity()};
  xt::xarray<double> hi = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  box half(lo, hi);
  for (int k = 0; k < 100; ++k) {
    EXPECT_TRUE(b.contains(b.sample(g)));
    const auto x = i.sample(g);
    EXPECT_TRUE(i.contains(x));
    for (double v : x) EXPECT_EQ(v, std::floor(v));
    EXPECT_TRUE(half.contains(half.sample(g)));
  }
  EXPECT_EQ(b.shape(), (std::vector<std::size_t>{2, 3}));
  EXPECT_THROW(box(1.0, 0.0, {1}), space_error);
  xt::xarray<double> nan = {std::nan("")};
  EXPECT_FALSE(box(0.0, 1.0, {1}).contains(nan));
}

TEST(Box, ValueRoundTripKeepsShape) {
  box b(-1.0, 1.0, {2, 2});
  rng g(4);
  const auto x = b.sample(g);
  const value v = b.to_value(x);
  ASSERT_TRUE(v.is_list());
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(b.from_value(v), x);
  EXPECT_THROW((void)b.from_value(value::list{1.0, 2.0}), space_error);
  EXPECT_THROW((void)b.from_value(value::list{value::list{0.0, 0.0}, value::list{0.0, 5.0}}),
               space_error);
}

TEST(AnySpace, NestedSampleValidateAndErrorPath) {
  const any_space s = nested_space();
  rng g(5);
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(s.contains(s.sample(g)));
  value v = s.sample(g);
  v.set("pick", 0);
  try {
    (void)s.validate(v, "obs");
    FAIL();
  } catch (const space_error& e) {
    EXPECT_NE(std::string(e.what()).find("obs.pick"), std::string::npos) << e.what();
  }
  value extra = s.sample(g);
  extra.set("nope", 1);
  EXPECT_THROW((void)s.validate(extra), space_error);
}

TEST(AnySpace, FlattenUnflattenRoundTrip) {
  const any_space s = nested_space();
  EXPECT_EQ(s.flat_dim(), 15u + 3u + 2u + 2u + 2u);
  rng g(6);
  for (int i = 0; i < 20; ++i) {
    const value v = s.sample(g);
    const auto flat = s.flatten(v);
    ASSERT_EQ(flat.size(), s.flat_dim());
    EXPECT_EQ(unflatten(s, flat), s.validate(v));
    xt::xarray<double> x = xt::xarray<double>::from_shape({flat.size()});
    std::copy(flat.begin(), flat.end(), x.begin());
    EXPECT_TRUE(flatten_space(s).contains(x));
  }
  EXPECT_THROW((void)unflatten(s, std::vector<double>(3, 0.0)), space_error);
}

TEST(SpaceJson, RoundTripsEveryKind) {
  const any_space s = nested_space();
  const value j = space_to_value(s);
  EXPECT_EQ(space_from_value(j), s);
  EXPECT_EQ(space_from_value(parse_json(dump_json(j))), s);
  xt::xarray<double> lo = {-std::numeric_limits<double>::infinity()};
  xt::xarray<double> hi = {3.0};
  const any_space inf_box = box(lo, hi);
  EXPECT_EQ(space_from_value(parse_json(dump_json(space_to_value(inf_box)))), inf_box);
  EXPECT_THROW((void)space_from_value(parse_json(R"({"type":"Nope"})")), space_error);
}

TEST(Value, JsonRoundTripIsExact) {
  value v = value::dict{{"a", 1}, {"b", 0.1}, {"c", value::list{true, nullptr, "x"}},
                        {"d", 1e-300}, {"e", -0.0}, {"f", 123456789.123456789}};
  EXPECT_EQ(parse_json(dump_json(v)), v);
  EXPECT_EQ(v.at("a").as_int(), 1);
  EXPECT_THROW((void)v.at("zz"), invalid_argument);
  EXPECT_THROW((void)v.at("c").as_int(), invalid_argument);
  EXPECT_THROW((void)parse_json("{bad"), invalid_argument);
  // dict order is preserved
  EXPECT_EQ(v.as_dict().front().first, "a");
  EXPECT_EQ(dump_json(value::dict{{"z", 1}, {"a", 2}}), R"({"z":1,"a":2})");
}
