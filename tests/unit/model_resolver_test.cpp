// Model resolution order (SPEC §2): group, account/model, bare model id, default group.
#include "routing/model_resolver.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

AccountConfig account(const char* name) {
  AccountConfig a;
  a.name = name;
  return a;
}

Config sample_config() {
  Config c;
  c.accounts = {account("openai"), account("work"), account("openrouter")};
  c.groups = {
      GroupConfig{"coding", {{"work", "claude-sonnet-4-5"}, {"openai", "gpt-5"}}, {}},
      GroupConfig{"fast", {{"openai", "gpt-5-mini"}, {"work", "gpt-5"}}, {}},
      GroupConfig{"router", {{"openrouter", "meta-llama/llama-3-70b"}}, {}},
  };
  return c;
}

TEST(ModelResolver, GroupNameWins) {
  auto c = sample_config();
  auto r = resolve_model(c, "coding");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->via, Resolution::Via::Group);
  ASSERT_EQ(r->deployments.size(), 2u);
  EXPECT_EQ(r->deployments[0].id(), "work/claude-sonnet-4-5");
  EXPECT_EQ(r->policy, &c.groups[0].policy);
}

TEST(ModelResolver, AccountSlashModelWithAConfiguredAccount) {
  auto c = sample_config();
  auto r = resolve_model(c, "openai/gpt-4o");  // not in any group: still a valid deployment
  ASSERT_TRUE(r);
  EXPECT_EQ(r->via, Resolution::Via::Deployment);
  ASSERT_EQ(r->deployments.size(), 1u);
  EXPECT_EQ(r->deployments[0].account, "openai");
  EXPECT_EQ(r->deployments[0].model, "gpt-4o");
}

TEST(ModelResolver, SplitsAtTheFirstSlash) {
  auto c = sample_config();
  auto r = resolve_model(c, "openrouter/meta-llama/llama-3-70b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->deployments[0].model, "meta-llama/llama-3-70b");
}

TEST(ModelResolver, BareModelIdMeansEveryDeploymentServingItInConfigOrder) {
  auto c = sample_config();
  auto r = resolve_model(c, "gpt-5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->via, Resolution::Via::ModelId);
  ASSERT_EQ(r->deployments.size(), 2u);
  EXPECT_EQ(r->deployments[0].id(), "openai/gpt-5");
  EXPECT_EQ(r->deployments[1].id(), "work/gpt-5");
}

TEST(ModelResolver, ModelIdWithASlashThatIsNoAccountIsABareId) {
  auto c = sample_config();
  auto r = resolve_model(c, "meta-llama/llama-3-70b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->via, Resolution::Via::ModelId);
  EXPECT_EQ(r->deployments[0].id(), "openrouter/meta-llama/llama-3-70b");
}

TEST(ModelResolver, UnknownModelFallsBackToTheDefaultGroup) {
  auto c = sample_config();
  c.default_group = "fast";
  auto r = resolve_model(c, "gpt-3.5-turbo");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->via, Resolution::Via::DefaultGroup);
  EXPECT_EQ(r->name, "fast");
}

TEST(ModelResolver, UnknownModelWithoutDefaultNamesTheKnownGroups) {
  auto c = sample_config();
  auto r = resolve_model(c, "nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::ModelNotFound);
  EXPECT_EQ(r.error().param, "model");
  EXPECT_NE(r.error().message.find("coding, fast, router"), std::string::npos);
}

TEST(ModelResolver, AccountWithEmptyModelIsNotADeployment) {
  auto c = sample_config();
  EXPECT_FALSE(resolve_model(c, "openai/"));
}

}  // namespace
}  // namespace sb
