// The local input-token estimate behind count_tokens (providers/token_estimate.h).
#include "providers/token_estimate.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace sb {
namespace {

Conversation with_text(const std::string& text) {
  Conversation c;
  c.turns.push_back(Turn{Role::User, {TextPart{text}}});
  return c;
}

TEST(TokenEstimate, LeansHighOnProseAndCountsEveryKindOfInput) {
  // ~4 bytes per token in English prose: the estimate is at or above the real count.
  const std::string prose =
      "The quick brown fox jumps over the lazy dog while the gateway counts every token.";
  EXPECT_GE(estimate_input_tokens(with_text(prose)), static_cast<std::int64_t>(prose.size() / 4));

  Conversation c = with_text("hi");
  const auto base = estimate_input_tokens(c);
  c.system.push_back("You are terse.");
  const auto with_system = estimate_input_tokens(c);
  EXPECT_GT(with_system, base);
  c.tools.push_back(ToolSpec{"get_weather", "Weather by city",
                             boost::json::parse(R"({"type":"object","properties":{}})")});
  const auto with_tool = estimate_input_tokens(c);
  EXPECT_GT(with_tool, with_system);
  c.turns.front().parts.push_back(ImagePart{"image/png", "AAAA", ""});
  EXPECT_GE(estimate_input_tokens(c), with_tool + 1600);
}

RC_GTEST_PROP(TokenEstimate, GrowsWithTheText, (const std::string& a, const std::string& b)) {
  RC_ASSERT(estimate_input_tokens(with_text(a + b)) >= estimate_input_tokens(with_text(a)));
}

}  // namespace
}  // namespace sb
