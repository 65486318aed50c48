// The model catalogue: sizes, power ranking, role-skill ordering by tier, errors.

#include "test_support.hpp"

using namespace llmsys_test;

TEST(LlmsysModel, CataloguesHaveTheirDocumentedSizes) {
  EXPECT_EQ(make_catalogue("open70b").size(), 10u);
  EXPECT_EQ(make_catalogue("open8b").size(), 6u);
  EXPECT_EQ(make_catalogue("closed").size(), 3u);
  EXPECT_EQ(make_catalogue("all").size(), 19u);
}

TEST(LlmsysModel, RankingIsBestFirstPerFamily) {
  const catalogue c = make_catalogue("all");
  for (family f : {family::choice, family::code, family::open}) {
    const auto r = c.ranking(f);
    for (std::size_t i = 1; i < r.size(); ++i) EXPECT_GE(c.at(r[i - 1]).theta(f), c.at(r[i]).theta(f));
  }
  EXPECT_EQ(make_catalogue("open70b").at(make_catalogue("open70b").ranking(family::choice)[0]).name, "atlas-72b");
}

TEST(LlmsysModel, SevenBModelsCritiqueAndFusePoorlyButJudgeComparably) {
  for (const auto& m : all_models()) {
    EXPECT_GT(m.shape.params, 0) << m.name;
    EXPECT_GE(m.shape.params, m.shape.active_params) << m.name;
    EXPECT_GT(m.context, 4000) << m.name;
    if (m.tier == "open8b") {
      EXPECT_LE(m.critique, 0.05) << m.name;
      EXPECT_LE(m.fusion, 0.2) << m.name;
      EXPECT_LE(m.judge_noise, 1.2) << m.name;
    } else {
      EXPECT_GE(m.critique, 0.15) << m.name;
      EXPECT_GE(m.fusion, 0.4) << m.name;
    }
  }
}

TEST(LlmsysModel, UnknownNamesListTheValidOnes) {
  expect_error<dsegym::invalid_argument>([] { (void)make_catalogue("gpt"); }, {"\"gpt\"", "open70b", "open8b", "closed", "all"});
  const catalogue c = make_catalogue("open8b");
  expect_error<dsegym::invalid_argument>([&] { (void)c.index_of("atlas-72b"); }, {"\"atlas-72b\"", "kestrel-8b"});
  std::vector<model_params> twice = {c.at(0), c.at(0)};
  expect_error<dsegym::invalid_argument>([&] { catalogue bad(twice); }, {"twice"});
}
