// `switchboard models`: the query over the catalog and the config, and how counts are written.
#include "cli/models_command.h"

#include <gtest/gtest.h>

#include "catalog/model_query.h"

namespace sb {
namespace {

TEST(TokenCount, WrittenShortAndReadBack) {
  EXPECT_EQ(cli::format_token_count(200000), "200k");
  EXPECT_EQ(cli::format_token_count(131072), "128k");
  EXPECT_EQ(cli::format_token_count(1048576), "1M");
  EXPECT_EQ(cli::format_token_count(2000000), "2M");
  EXPECT_EQ(cli::format_token_count(1234), "1234");
  EXPECT_EQ(cli::parse_token_count("128k"), 128000);
  EXPECT_EQ(cli::parse_token_count("1M"), 1000000);
  EXPECT_EQ(cli::parse_token_count("4096"), 4096);
  EXPECT_EQ(cli::parse_token_count(""), std::nullopt);
  EXPECT_EQ(cli::parse_token_count("k"), std::nullopt);
  EXPECT_EQ(cli::parse_token_count("-5"), std::nullopt);
  EXPECT_EQ(cli::parse_token_count("12x"), std::nullopt);
}

Catalog sample() {
  return Catalog({
      {"anthropic", "big", "", 200000, 64000, ModelPrice{3, 15, 0.3, 3.75}, true, true, true},
      {"openai", "small", "", 128000, 16384, ModelPrice{0.15, 0.6, 0.08, 0}, true, false, false},
      {"local", "mystery", "", {}, {}, {}, {}, {}, {}},
  });
}

std::vector<std::string> ids(const std::vector<ModelRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.lister() + "/" + r.model.id);
  return out;
}

using Ids = std::vector<std::string>;

TEST(QueryModels, EveryConditionMustHoldAndUnknownNeverSatisfiesOne) {
  const Catalog catalog = sample();
  const Config none;
  EXPECT_EQ(ids(query_models(catalog, none, {})),
            (Ids{"anthropic/big", "openai/small", "local/mystery"}));
  EXPECT_EQ(ids(query_models(catalog, none, {.provider = "OpenAI"})), (Ids{"openai/small"}));
  EXPECT_EQ(ids(query_models(catalog, none, {.capabilities = {"vision"}})), (Ids{"anthropic/big"}));
  EXPECT_EQ(ids(query_models(catalog, none, {.capabilities = {"tools", "reasoning"}})),
            (Ids{"anthropic/big"}));
  EXPECT_EQ(ids(query_models(catalog, none, {.max_input_price = 1})), (Ids{"openai/small"}));
  EXPECT_EQ(ids(query_models(catalog, none, {.min_context = 150000})), (Ids{"anthropic/big"}));
  EXPECT_TRUE(query_models(catalog, none, {.provider = "nobody"}).empty());
}

TEST(QueryModels, DeploymentsTheConfigDescribesFollowUnderTheirAccount) {
  const Catalog catalog = sample();
  Config cfg;
  AccountConfig box;
  box.name = "box";
  box.type = ProviderType::OpenAICompatible;
  box.base_url = "http://127.0.0.1:9/v1";
  cfg.accounts.push_back(box);
  cfg.groups.push_back(GroupConfig{"g", {{"box", "mystery"}, {"box", "other"}}, {}});
  cfg.groups.push_back(GroupConfig{"h", {{"box", "mystery"}}, {}});  // listed once
  cfg.models.push_back(ModelOverride{"mystery", false, 8192, {}, {}, true, {}, {}});
  const auto rows = query_models(catalog, cfg, {.provider = "box"});
  ASSERT_EQ(ids(rows), (Ids{"box/mystery"}));
  EXPECT_EQ(rows[0].model.context_window, 8192);
  EXPECT_EQ(rows[0].deployment->id(), "box/mystery");
  const auto facts = model_facts_json(rows[0].model);
  EXPECT_EQ(facts.at("context_window").as_int64(), 8192);
  EXPECT_TRUE(facts.at("tools").as_bool());
  EXPECT_FALSE(facts.contains("price"));
  EXPECT_FALSE(facts.contains("vision"));
}

}  // namespace
}  // namespace sb
