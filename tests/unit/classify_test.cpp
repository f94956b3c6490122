// classify() rules that are about ordering and policy rather than one recorded body (those are
// the fixtures, classify_fixtures_test.cpp): window headers never give a quota a reset, the
// Anthropic 429 split, the generic fallbacks, Unknown being produced only where nothing can be
// known, details staying free of secrets, and robustness against any body (a property).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "providers/failure_class.h"
#include "routing/reset_time.h"

namespace sb {
namespace {

using namespace std::chrono_literals;
using FC = FailureClass;

const SysTime kNow = parse_rfc3339("2026-11-23T12:00:00Z").value();

Failure run(ProviderType type, unsigned status, std::string_view body, HeaderList headers = {},
            TransportFailure transport = TransportFailure::None, bool in_stream = false) {
  UpstreamOutcome o;
  o.status = status;
  o.headers = std::move(headers);
  o.body = body;
  o.transport = transport;
  o.in_stream = in_stream;
  return classify(type, o, kNow);
}

constexpr std::string_view kQuotaBody =
    R"({"error":{"message":"You exceeded your current quota, please check your plan and )"
    R"(billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})";
constexpr std::string_view kRateBody =
    R"({"error":{"message":"Rate limit reached for gpt-4o on tokens per min (TPM): Limit )"
    R"(30000, Used 30000, Requested 1.","type":"tokens","param":null,)"
    R"("code":"rate_limit_exceeded"}})";
const HeaderList kSixMsWindows = {{"x-ratelimit-remaining-requests", "0"},
                                  {"x-ratelimit-reset-requests", "6ms"},
                                  {"x-ratelimit-remaining-tokens", "0"},
                                  {"x-ratelimit-reset-tokens", "6ms"}};

TEST(ClassifyOrdering, QuotaIgnoresTheSixMillisecondWindow) {
  const Failure quota = run(ProviderType::OpenAI, 429, kQuotaBody, kSixMsWindows);
  EXPECT_EQ(quota.cls, FC::QuotaExhausted);
  EXPECT_FALSE(quota.retry_at) << format_rfc3339(*quota.retry_at);
  // The same headers on a rate limit are exactly its reset.
  const Failure rate = run(ProviderType::OpenAI, 429, kRateBody, kSixMsWindows);
  EXPECT_EQ(rate.cls, FC::RateLimited);
  EXPECT_EQ(rate.retry_at, kNow + 6ms);
  // openai-compatible accounts get the OpenAI rules too.
  const Failure compat = run(ProviderType::OpenAICompatible, 429, kQuotaBody, kSixMsWindows);
  EXPECT_EQ(compat.cls, FC::QuotaExhausted);
  EXPECT_FALSE(compat.retry_at);
}

TEST(ClassifyOrdering, IdentifiersOutrankTheStatus) {
  // insufficient_quota is a quota whatever status it comes with; slow_down is overload on a 429.
  EXPECT_EQ(run(ProviderType::OpenAI, 400, kQuotaBody).cls, FC::QuotaExhausted);
  EXPECT_EQ(run(ProviderType::OpenAI, 429,
                R"({"error":{"message":"Please reduce your rate of requests.",)"
                R"("type":"requests","code":"slow_down"}})")
                .cls,
            FC::Overloaded);
  // Older quota bodies carry the word only as the type.
  EXPECT_EQ(run(ProviderType::OpenAI, 429,
                R"({"error":{"message":"quota","type":"insufficient_quota","code":null}})")
                .cls,
            FC::QuotaExhausted);
}

constexpr std::string_view kAnthropicRate =
    R"({"type":"error","error":{"type":"rate_limit_error","message":"This request would )"
    R"(exceed the rate limit for your organization of 50 requests per minute."}})";

TEST(ClassifyOrdering, Anthropic429IsQuotaOnlyWhenItSaysSo) {
  // No retry-after and no code: a rate limit, not a quota.
  EXPECT_EQ(run(ProviderType::Anthropic, 429, kAnthropicRate).cls, FC::RateLimited);
  EXPECT_EQ(run(ProviderType::Anthropic, 429, kAnthropicRate, {{"retry-after", "20"}}).retry_at,
            kNow + 20s);
  // The spend-limit code, even with a retry-after, makes it a quota until the 1st.
  const Failure spend =
      run(ProviderType::Anthropic, 429,
          R"({"type":"error","error":{"type":"rate_limit_error","message":"Limit reached.",)"
          R"("details":{"error_code":"enforced_spend_limit_reached"}}})",
          {{"retry-after", "20"}});
  EXPECT_EQ(spend.cls, FC::QuotaExhausted);
  EXPECT_EQ(spend.retry_at, parse_rfc3339("2026-12-01T00:00:00Z"));
  // Subscription exhausted: quota, and the window headers do not shorten it.
  const Failure unified = run(ProviderType::Anthropic, 429, kAnthropicRate,
                              {{"anthropic-ratelimit-unified-status", "rejected"},
                               {"anthropic-ratelimit-unified-5h-status", "rejected"},
                               {"anthropic-ratelimit-unified-5h-reset", "1795453200"},
                               {"anthropic-ratelimit-requests-remaining", "0"},
                               {"anthropic-ratelimit-requests-reset", "2026-11-23T12:00:05Z"}});
  EXPECT_EQ(unified.cls, FC::QuotaExhausted);
  EXPECT_EQ(unified.retry_at, parse_rfc3339("2026-11-23T17:00:00Z"));
  // `rejected` on a non-429 (say a 500) does not turn a server error into a quota.
  EXPECT_EQ(
      run(ProviderType::Anthropic, 500,
          R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})",
          {{"anthropic-ratelimit-unified-status", "rejected"}})
          .cls,
      FC::ServerError);
}

TEST(ClassifyOrdering, DialectRowsAreOnlyForTheirType) {
  // OpenRouter's 502 means a model down (overloaded); OpenAI's a server error.
  EXPECT_EQ(run(ProviderType::OpenAICompatible, 502, "").cls, FC::Overloaded);
  EXPECT_EQ(run(ProviderType::OpenAI, 502, "").cls, FC::ServerError);
  // Ollama's bare {"error":"…"} in a stream is a server error for openai-compatible only.
  constexpr std::string_view bare = R"({"error":"unexpected EOF"})";
  EXPECT_EQ(run(ProviderType::OpenAICompatible, 200, bare, {}, {}, true).cls, FC::ServerError);
  EXPECT_EQ(run(ProviderType::OpenAI, 200, bare, {}, {}, true).cls, FC::Unknown);
}

TEST(ClassifyFallbacks, UnrecognisedStatusesByRange) {
  for (auto type : {ProviderType::OpenAI, ProviderType::OpenAICompatible, ProviderType::Anthropic,
                    ProviderType::Gemini}) {
    EXPECT_EQ(run(type, 418, "I'm a teapot").cls, FC::BadRequest);
    EXPECT_EQ(run(type, 422, R"({"error":{"message":"x","type":"weird"}})").cls, FC::BadRequest);
    const Failure s = run(type, 599, "", {{"retry-after", "3"}});
    EXPECT_EQ(s.cls, FC::ServerError);
    EXPECT_EQ(s.retry_at, kNow + 3s);  // an explicit Retry-After on a server error is kept
    EXPECT_EQ(run(type, 501, "<html>").cls, FC::ServerError);
  }
}

TEST(ClassifyFallbacks, UnknownOnlyWhereNothingCanBeKnown) {
  EXPECT_EQ(run(ProviderType::OpenAI, 302, "").cls, FC::Unknown);
  EXPECT_EQ(run(ProviderType::OpenAI, 304, "").cls, FC::Unknown);
  EXPECT_EQ(run(ProviderType::OpenAI, 0, "").cls, FC::Unknown);
  EXPECT_EQ(run(ProviderType::Gemini, 200, "not json").cls, FC::Unknown);
  EXPECT_EQ(run(ProviderType::Anthropic, 200, R"({"type":"message_start"})", {}, {}, true).cls,
            FC::Unknown);
  // A readable in-stream error whose type nobody documents: still Unknown (no retry storm).
  const Failure odd =
      run(ProviderType::Anthropic, 200,
          R"({"type":"error","error":{"type":"mystery_error","message":"?"}})", {}, {}, true);
  EXPECT_EQ(odd.cls, FC::Unknown);
  EXPECT_FALSE(odd.retry_at);
}

TEST(ClassifyTransport, EveryKindIsAServerErrorWithAPreciseDetail) {
  const std::pair<TransportFailure, std::string_view> cases[] = {
      {TransportFailure::ConnectFailed, "connect failed"},
      {TransportFailure::TlsFailed, "TLS failed"},
      {TransportFailure::ConnectTimeout, "connect timeout"},
      {TransportFailure::FirstByteTimeout, "first-byte timeout"},
      {TransportFailure::IdleTimeout, "idle timeout"},
      {TransportFailure::ConnectionReset, "connection reset"},
      {TransportFailure::StreamCut, "stream cut"},
      {TransportFailure::Protocol, "protocol error"},
  };
  for (const auto& [kind, detail] : cases) {
    const Failure f = run(ProviderType::Anthropic, 0, "", {}, kind);
    EXPECT_EQ(f.cls, FC::ServerError) << detail;
    EXPECT_EQ(f.detail, detail);
    EXPECT_FALSE(f.retry_at);
    EXPECT_EQ(parse_transport_failure(to_string(kind)), kind);
  }
}

TEST(ClassifyTransport, AnErrorStatusOutranksTheBrokenBodyAfterIt) {
  // The 429 header arrived, then the body timed out: the status still says what happened.
  const Failure f = run(ProviderType::OpenAI, 429, R"({"error":{"mess)", {{"retry-after", "7"}},
                        TransportFailure::IdleTimeout);
  EXPECT_EQ(f.cls, FC::RateLimited);
  EXPECT_EQ(f.retry_at, kNow + 7s);
  // Inside a 200 stream, an unreadable fragment and a cut: the cut.
  EXPECT_EQ(run(ProviderType::OpenAI, 200, "data: {", {}, TransportFailure::StreamCut, true).detail,
            "stream cut");
}

TEST(ClassifyDetail, CarriesIdentifiersNeverMessages) {
  const Failure f =
      run(ProviderType::OpenAI, 401,
          R"({"error":{"message":"Incorrect API key provided: sk-proj-abcdefSECRET1234.",)"
          R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
  EXPECT_EQ(f.cls, FC::AuthFailed);
  EXPECT_EQ(f.detail.find("sk-proj"), std::string::npos) << f.detail;
  EXPECT_EQ(f.detail.find("SECRET"), std::string::npos) << f.detail;
  // Hostile identifiers are filtered to a safe alphabet and bounded.
  const Failure g = run(ProviderType::OpenAI, 400,
                        R"({"error":{"message":"m","type":"x\r\nSet-Cookie: a=b","code":")" +
                            std::string(500, 'z') + R"("}})");
  EXPECT_EQ(g.detail.find('\n'), std::string::npos);
  EXPECT_EQ(g.detail.find(' ', g.detail.find("Set")), std::string::npos);
  EXPECT_LT(g.detail.size(), 200u);
}

TEST(ClassifyGemini, DailyQuotaResetsAtPacificMidnightUnlessALongerDelayIsGiven) {
  const std::string per_day =
      R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota","details":[)"
      R"({"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":)"
      R"([{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},)"
      R"({"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"DELAY"}]}})";
  const auto with_delay = [&](std::string_view delay) {
    std::string body = per_day;
    body.replace(body.find("DELAY"), 5, delay);
    return run(ProviderType::Gemini, 429, body);
  };
  EXPECT_EQ(with_delay("120s").retry_at, parse_rfc3339("2026-11-24T08:00:00Z"));
  EXPECT_EQ(with_delay("121s").retry_at, kNow + 121s);
  EXPECT_EQ(with_delay("121s").cls, FC::QuotaExhausted);
  // Without a quota id the 120 s boundary decides the class.
  const auto plain = [&](std::string_view delay) {
    return run(ProviderType::Gemini, 429,
               std::string(R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"x",)"
                           R"("details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo",)"
                           R"("retryDelay":")") +
                   std::string(delay) + R"("}]}})");
  };
  EXPECT_EQ(plain("120s").cls, FC::RateLimited);
  EXPECT_EQ(plain("121s").cls, FC::QuotaExhausted);
}

RC_GTEST_PROP(ClassifyRobustness, AnyBodyAnyStatusNeverThrowsAndFallsBackByRange, ()) {
  const auto type = *rc::gen::element(ProviderType::OpenAI, ProviderType::OpenAICompatible,
                                      ProviderType::Anthropic, ProviderType::Gemini);
  const auto status = *rc::gen::inRange<unsigned>(0, 700);
  const auto in_stream = *rc::gen::arbitrary<bool>();
  const auto body = *rc::gen::oneOf(
      rc::gen::arbitrary<std::string>(),
      rc::gen::element<std::string>(R"({"error":{}})", R"({"error":null})", R"({"error":[1,2]})",
                                    R"({"error":{"code":{"a":1},"type":7,"message":[]}})",
                                    R"([{"error":{"code":"x","details":[null,1,{"@type":5}]}}])",
                                    R"({"type":"error","error":"x"})", "[]", "null"));
  UpstreamOutcome o;
  o.status = status;
  o.body = body;
  o.in_stream = in_stream;
  const Failure f = classify(type, o, kNow);
  RC_ASSERT(f.detail.size() < 400u);
  if (!in_stream && status >= 400 && status < 600) RC_ASSERT(f.cls != FC::Unknown);
  if (f.retry_at) RC_ASSERT(*f.retry_at >= kNow);
}

}  // namespace
}  // namespace sb
