// The model catalog (data/catalog.json, compiled in), what a deployment's model resolves to with
// the config's `models:` entries, and the token limit a translated request is given from it.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <set>

#include "catalog/deployment_model.h"
#include "config/config.h"
#include "providers/token_estimate.h"
#include "providers/translation.h"

namespace sb {
namespace {

TEST(Catalog, TheBuiltInDataCoversEveryProviderWithCompleteFacts) {
  const Catalog& catalog = Catalog::builtin();
  EXPECT_GE(catalog.models().size(), 40u);
  std::set<std::string> providers;
  std::set<std::pair<std::string, std::string>> keys;
  for (const ModelInfo& m : catalog.models()) {
    providers.insert(m.provider);
    EXPECT_TRUE(keys.emplace(m.provider, m.id).second) << m.provider << "/" << m.id;
    EXPECT_TRUE(m.context_window) << m.id;
    ASSERT_TRUE(m.price) << m.id;
    if (m.max_output) EXPECT_LE(*m.max_output, *m.context_window) << m.id;
    EXPECT_TRUE(m.tools && m.vision && m.reasoning) << m.id;
    EXPECT_EQ(catalog.find(m.provider, m.id), &m);
  }
  for (const char* p :
       {"anthropic", "openai", "google", "mistral", "deepseek", "xai", "groq", "local"}) {
    EXPECT_TRUE(providers.count(p)) << p;
  }
}

TEST(Catalog, KnowsCurrentModelsAndTheirPrices) {
  const ModelInfo* sonnet = Catalog::builtin().find("anthropic", "claude-sonnet-4-5");
  ASSERT_TRUE(sonnet);
  EXPECT_EQ(sonnet->context_window, 200000);
  EXPECT_EQ(sonnet->max_output, 64000);
  EXPECT_EQ(sonnet->price, (ModelPrice{3, 15, 0.3, 3.75}));
  EXPECT_EQ(sonnet->tools, true);
  EXPECT_EQ(sonnet->vision, true);
  const ModelInfo* qwen = Catalog::builtin().find("local", "qwen3:8b");
  ASSERT_TRUE(qwen);
  EXPECT_EQ(qwen->price, ModelPrice{});  // free to run
  EXPECT_FALSE(qwen->max_output);        // unknown stays unknown
  EXPECT_EQ(Catalog::builtin().find("openai", "claude-sonnet-4-5"), nullptr);
  EXPECT_EQ(Catalog::builtin().find("anthropic", "claude-sonnet-9"), nullptr);
}

TEST(Catalog, ParseNamesTheEntryAtFault) {
  auto missing_id = Catalog::parse(R"({"models": [{"provider": "openai", "id": "a"},
                                                  {"provider": "openai"}]})");
  ASSERT_FALSE(missing_id);
  EXPECT_EQ(missing_id.error().param, "models[1]");
  auto bad_price = Catalog::parse(
      R"({"models": [{"provider": "x", "id": "y", "price": {"input": 1, "output": -1}}]})");
  ASSERT_FALSE(bad_price);
  EXPECT_NE(bad_price.error().message.find("price.output"), std::string::npos);
  EXPECT_FALSE(Catalog::parse("[]"));
}

AccountConfig account(ProviderType type, std::string base_url) {
  AccountConfig a;
  a.name = "a";
  a.type = type;
  a.base_url = std::move(base_url);
  return a;
}

TEST(CatalogProvider, ByTypeAndForOpenAiCompatibleByHost) {
  EXPECT_EQ(catalog_provider(account(ProviderType::Anthropic, "https://api.anthropic.com")),
            "anthropic");
  EXPECT_EQ(catalog_provider(account(ProviderType::OpenAI, "http://127.0.0.1:9/v1")), "openai");
  EXPECT_EQ(catalog_provider(account(ProviderType::Gemini, "")), "google");
  const auto compatible = [](const char* url) {
    return catalog_provider(account(ProviderType::OpenAICompatible, url));
  };
  EXPECT_EQ(compatible("https://api.mistral.ai/v1"), "mistral");
  EXPECT_EQ(compatible("https://api.deepseek.com/v1"), "deepseek");
  EXPECT_EQ(compatible("https://api.groq.com/openai/v1"), "groq");
  EXPECT_EQ(compatible("https://api.x.ai:443/v1"), "xai");
  EXPECT_EQ(compatible("http://127.0.0.1:11434/v1"), "local");
  EXPECT_EQ(compatible("http://[::1]:8000/v1"), "local");
  EXPECT_EQ(compatible("http://gpu-box.lan:8000/v1"), "local");
}

Config config_with(std::vector<ModelOverride> models) {
  Config cfg;
  cfg.accounts.push_back(account(ProviderType::Anthropic, "https://api.anthropic.com"));
  cfg.accounts.back().name = "work";
  cfg.accounts.push_back(account(ProviderType::Anthropic, "https://api.anthropic.com"));
  cfg.accounts.back().name = "max";
  cfg.accounts.push_back(account(ProviderType::OpenAICompatible, "http://127.0.0.1:11434/v1"));
  cfg.accounts.back().name = "local";
  cfg.models = std::move(models);
  return cfg;
}

TEST(DeploymentModel, TheCatalogEntryOfTheAccountsProvider) {
  const Config cfg = config_with({});
  const auto sonnet = deployment_model(cfg, {"work", "claude-sonnet-4-5"});
  ASSERT_TRUE(sonnet);
  EXPECT_EQ(sonnet->provider, "anthropic");
  EXPECT_EQ(sonnet->context_window, 200000);
  EXPECT_TRUE(deployment_model(cfg, {"local", "qwen3:8b"}));
  EXPECT_FALSE(deployment_model(cfg, {"local", "my-finetune"}));
  EXPECT_FALSE(deployment_model(cfg, {"nobody", "claude-sonnet-4-5"}));
}

TEST(DeploymentModel, ADeploymentEntryBeatsAModelEntryWhateverTheirOrder) {
  ModelOverride for_one{"max/claude-sonnet-4-5", true, {}, 16000, {}, {}, {}, {}};
  ModelOverride for_all{"claude-sonnet-4-5", false, {}, 8000, ModelPrice{1, 2, 3, 4}, {}, {}, {}};
  const Config cfg = config_with({for_one, for_all});
  const auto max = deployment_model(cfg, {"max", "claude-sonnet-4-5"});
  ASSERT_TRUE(max);
  EXPECT_EQ(max->max_output, 16000);
  EXPECT_EQ(max->price, (ModelPrice{1, 2, 3, 4}));
  EXPECT_EQ(max->context_window, 200000);  // untouched facts stay the catalog's
  const auto work = deployment_model(cfg, {"work", "claude-sonnet-4-5"});
  ASSERT_TRUE(work);
  EXPECT_EQ(work->max_output, 8000);
}

TEST(DeploymentModel, TheConfigDescribesAModelTheCatalogLacks) {
  ModelOverride mine{"local/my-finetune", true, 32768, {}, {}, false, {}, {}};
  const Config cfg = config_with({mine});
  const auto info = deployment_model(cfg, {"local", "my-finetune"});
  ASSERT_TRUE(info);
  EXPECT_EQ(info->provider, "local");
  EXPECT_EQ(info->context_window, 32768);
  EXPECT_EQ(info->tools, false);
  EXPECT_FALSE(info->vision);
  EXPECT_FALSE(info->price);
  // The entry names one deployment, not a prefix of others.
  EXPECT_FALSE(deployment_model(cfg, {"local", "my-finetune-2"}));
  EXPECT_FALSE(deployment_model(cfg, {"locals", "my-finetune"}));
}

Conversation asking(std::optional<std::int64_t> max_tokens, std::size_t prompt_bytes = 2) {
  Conversation c;
  c.turns.push_back(Turn{Role::User, {TextPart{std::string(prompt_bytes, 'x')}}});
  c.max_tokens = max_tokens;
  return c;
}

TEST(UpstreamMaxTokens, WithoutFactsTheClientsLimitOrTheDefault) {
  EXPECT_EQ(upstream_max_tokens(asking(100000), nullptr, true), 100000);
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), nullptr, true), kDefaultMaxTokens);
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), nullptr, false), std::nullopt);
}

TEST(UpstreamMaxTokens, TheClientsLimitIsLoweredToTheModelsMaxOutput) {
  const ModelInfo* mini = Catalog::builtin().find("openai", "gpt-4o-mini");
  ASSERT_TRUE(mini);
  EXPECT_EQ(upstream_max_tokens(asking(50000), mini, false), 16384);
  EXPECT_EQ(upstream_max_tokens(asking(300), mini, false), 300);
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), mini, false), std::nullopt);
}

TEST(UpstreamMaxTokens, ARequiredDefaultFitsTheModelAndTheRoomItsWindowLeaves) {
  ModelInfo small{"local", "m", "", 8000, 4000, {}, {}, {}, {}};
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), &small, true), 4000);
  const Conversation long_prompt = asking(std::nullopt, 20000);
  const std::int64_t room = 8000 - estimate_input_tokens(long_prompt);
  ASSERT_GT(room, kMinDefaultMaxTokens);
  ASSERT_LT(room, 4000);
  EXPECT_EQ(upstream_max_tokens(long_prompt, &small, true), room);
  // A prompt that (by the estimate) leaves no room still asks for a usable answer: the
  // estimate leans high, and an overflow is the provider's to report.
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt, 40000), &small, true), kMinDefaultMaxTokens);
  ModelInfo huge{"anthropic", "m", "", 1000000, 128000, {}, {}, {}, {}};
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), &huge, true), kMaxDefaultMaxTokens);
  ModelInfo no_window{"local", "m", "", {}, 2000, {}, {}, {}, {}};
  EXPECT_EQ(upstream_max_tokens(asking(std::nullopt), &no_window, true), 2000);
}

}  // namespace
}  // namespace sb
