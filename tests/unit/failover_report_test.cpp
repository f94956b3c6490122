// What the client is told about failover (http/failover_report.h): the header, each
// deployment's line, and the exhausted answer's status, Retry-After and body.
#include "http/failover_report.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sb {
namespace {

using namespace std::chrono_literals;
using Entry = RequestWalk::Entry;
namespace json = boost::json;

const Clock::sys_time kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 14h;
const Deployment kA{"a", "m"};
const Deployment kB{"b", "m"};
const Deployment kC{"c", "m"};

Entry failed(Deployment d, std::string cls, std::optional<Clock::sys_time> until,
             std::string detail) {
  return Entry{std::move(d), Entry::Kind::Failed, std::move(cls), until, std::move(detail)};
}
Entry skipped(Deployment d, std::string reason, std::optional<Clock::sys_time> until = {}) {
  return Entry{std::move(d), Entry::Kind::Skipped, std::move(reason), until, {}};
}

TEST(FailoverReport, HeaderListsTheTrailInOrderLeavingOutWhoAnswered) {
  const std::vector<Entry> trail = {failed(kA, "overloaded", {}, "503"),
                                    skipped(kB, "cooling:rate_limited", kNow + 1min)};
  EXPECT_EQ(failover_header(trail), "a/m=overloaded,b/m=cooling:rate_limited");
  // `a` was retried and then answered: it is no failover.
  EXPECT_EQ(failover_header(trail, &kA), "b/m=cooling:rate_limited");
  EXPECT_EQ(failover_header({}), "");
}

TEST(FailoverReport, EachDeploymentsLineSaysWhatHappenedAndUntilWhen) {
  // Capacity: the class and its end, rounded up to the second.
  EXPECT_EQ(describe_entry(failed(kA, "quota_exhausted", kNow + 1h + 300ms, "429 insufficient_quota")),
            "quota_exhausted until 2026-11-23T15:00:01Z (429 insufficient_quota)");
  EXPECT_EQ(describe_entry(skipped(kA, "cooling:rate_limited", kNow + 30s)),
            "rate_limited until 2026-11-23T14:00:30Z");
  // Broken, then cooled.
  EXPECT_EQ(describe_entry(failed(kA, "server_error", kNow + 30s, "500 server_error")),
            "failed: server_error, cooling until 2026-11-23T14:00:30Z (500 server_error)");
  EXPECT_EQ(describe_entry(failed(kA, "unknown", {}, "302")), "failed: unknown (302)");
  EXPECT_EQ(describe_entry(skipped(kA, "no_credentials")), "no_credentials");
  EXPECT_EQ(describe_entry(Entry{kA, Entry::Kind::NotReached, "skipped", {}, {}}), "skipped");
}

TEST(FailoverReport, AllCoolingIs429WithRetryAfterInWholeSecondsRoundedUp) {
  RequestWalk::Step step;
  step.kind = RequestWalk::Step::Kind::Exhausted;
  step.all_cooling = true;
  step.retry_at = kNow + 90s + 1ms;
  const std::vector<Entry> report = {
      failed(kA, "quota_exhausted", kNow + 1h, "429 insufficient_quota"),
      skipped(kB, "cooling:rate_limited", *step.retry_at)};
  http::fields head;
  head.set("x-switchboard-group", "g");
  const auto res = exhausted_response(Dialect::OpenAIChat, "g", step, report, kNow, 11, head);
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res[http::field::retry_after], "91");
  EXPECT_EQ(res["x-switchboard-group"], "g");
  const auto body = json::parse(res.body());
  const auto& error = body.at("error");
  EXPECT_EQ(error.at("type").as_string(), "rate_limit_error");
  EXPECT_EQ(error.at("code").as_string(), "all_deployments_cooling");
  EXPECT_EQ(error.at("message").as_string(),
            "No deployment of `g` could answer: a/m quota_exhausted until "
            "2026-11-23T15:00:00Z (429 insufficient_quota); b/m rate_limited until "
            "2026-11-23T14:01:31Z.");
  EXPECT_EQ(error.at("deployments").at(1).at("status").as_string(), "skipped");
  EXPECT_EQ(error.at("deployments").at(1).at("until").as_string(), "2026-11-23T14:01:31Z");
}

TEST(FailoverReport, ARetryAtAlreadyReachedStillSaysAtLeastOneSecond) {
  RequestWalk::Step step;
  step.kind = RequestWalk::Step::Kind::Exhausted;
  step.all_cooling = true;
  step.retry_at = kNow - 1s;
  const auto res = exhausted_response(Dialect::OpenAIChat, "g", step, {}, kNow, 11, {});
  EXPECT_EQ(res[http::field::retry_after], "1");
}

TEST(FailoverReport, AnythingElseIs502WithoutRetryAfter) {
  RequestWalk::Step step;
  step.kind = RequestWalk::Step::Kind::Exhausted;
  step.deadline_passed = true;
  const std::vector<Entry> report = {failed(kA, "server_error", {}, "first-byte timeout"),
                                     skipped(kB, "circuit_open"),
                                     Entry{kC, Entry::Kind::NotReached, "skipped", {}, {}}};
  const auto res = exhausted_response(Dialect::OpenAIChat, "g", step, report, kNow, 11, {});
  EXPECT_EQ(res.result_int(), 502u);
  EXPECT_EQ(res.find(http::field::retry_after), res.end());
  const auto body = json::parse(res.body());
  EXPECT_EQ(body.at("error").at("code").as_string(), "no_deployment_available");
  EXPECT_EQ(body.at("error").at("message").as_string(),
            "No deployment of `g` could answer within the request's time limit: a/m failed: "
            "server_error (first-byte timeout); b/m circuit_open; c/m skipped.");
  EXPECT_EQ(body.at("error").at("deployments").at(2).at("status").as_string(), "not_reached");
}

}  // namespace
}  // namespace sb
