#include <gtest/gtest.h>

#include <cstdio>
#include <dsegym/json/record.hpp>
#include <filesystem>
#include <fstream>

using namespace dsegym;

namespace {
episode_record sample_record(int i) {
  episode_record r;
  r.env_id = "test/Digits-v0";
  r.env_kwargs = value::dict{{"noise", 0.1}};
  r.agent = "random";
  r.agent_config = value::dict{{"x", 1}};
  r.agent_seed = 5;
  r.run = "run-1";
  r.episode = i;
  r.seed = 1000 + static_cast<std::uint64_t>(i);
  r.steps.push_back({value::list{1, 2, 3}, 0.1 + i, true, false,
                     {{"score", 1.0 / 3.0, "pts", direction::maximize},
                      {"latency", 2.5e-9, "s", direction::minimize}},
                     12.25});
  r.reported = {{"test_acc", 93.7, "%", direction::maximize}};
  r.timing = {0.001, 0.002, 0.0, 0.004};
  return r;
}
std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / name).string();
}
}  // namespace

TEST(EpisodeRecord, JsonlRoundTripIsBitIdentical) {
  const std::string path = temp_path("dsegym_record_test.jsonl");
  std::filesystem::remove(path);
  {
    record_writer w(path);
    for (int i = 0; i < 3; ++i) w.write(sample_record(i));
  }
  const auto back = read_records(path);
  ASSERT_EQ(back.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(back[i], sample_record(i));
  EXPECT_EQ(back[1].total_cost(), 12.25);
  std::filesystem::remove(path);
}

TEST(EpisodeRecord, MalformedLineNamesTheLine) {
  const std::string path = temp_path("dsegym_record_bad.jsonl");
  {
    std::ofstream out(path);
    out << record_to_json(sample_record(0)).dump() << "\n{not json}\n";
  }
  try {
    (void)read_records(path);
    FAIL();
  } catch (const data_error& e) {
    EXPECT_EQ(e.line(), 2u);
  }
  std::filesystem::remove(path);
  EXPECT_THROW((void)read_records(temp_path("dsegym_no_such_file.jsonl")), not_found);
}

TEST(EpisodeRecord, TornTailIsSkippedOnlyWhenTolerated) {
  const std::string path = temp_path("dsegym_record_torn.jsonl");
  {
    std::ofstream out(path);
    const std::string line = record_to_json(sample_record(0)).dump();
    out << line << "\n" << line.substr(0, line.size() / 2);
  }
  EXPECT_THROW((void)read_records(path), data_error);
  EXPECT_EQ(read_records(path, true).size(), 1u);
  std::filesystem::remove(path);
}
