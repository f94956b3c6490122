// The status rendering: a full /admin/status answer becomes one table (states with their end
// times, the pinned marker, counts, rates and latencies), missing and null fields show as "-"
// rather than breaking the view, and the state store's summary for a stopped gateway. Time is a
// fixed instant so "(in 15m)" is exact.
#include "cli/status_view.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

namespace sb::cli {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

SysTime at(const char* iso) { return parse_utc(iso).value(); }

const SysTime kNow = at("2026-11-23T13:50:00Z");

// The line of `text` that contains `needle`; empty when none does.
std::string line_with(const std::string& text, const std::string& needle) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (line.find(needle) != std::string::npos) return line;
    start = end + 1;
  }
  return {};
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

const char* kFullStatus = R"({
  "default_group": "coding",
  "groups": [
    {"name": "coding", "pin": "openai/gpt-5", "deployments": [
      {"deployment": "openai/gpt-5", "state": "ready", "cooling_class": null, "until": null,
       "reason": "", "last_error": {"class": "rate_limited", "detail": "429 rate_limit_exceeded",
       "at": "2026-11-23T13:41:07Z"}, "requests": 40, "failures": 1, "error_rate": null,
       "p50_ms": 123.4},
      {"deployment": "anthropic-max/claude-sonnet-4-5", "state": "cooling",
       "cooling_class": "quota_exhausted", "until": "2026-11-23T14:05:00Z",
       "reason": "429 insufficient_quota", "last_error": null, "requests": 12, "failures": 3,
       "error_rate": 0.25, "p50_ms": 1234.5},
      {"deployment": "local/qwen3:8b", "state": "circuit_open", "cooling_class": null,
       "until": "2026-11-23T13:50:30Z", "reason": "", "last_error": null, "requests": 9,
       "failures": 9, "error_rate": 1.0, "p50_ms": null}
    ]},
    {"name": "fast", "pin": null, "deployments": [
      {"deployment": "gemini/gemini-2.5-flash", "state": "disabled", "cooling_class": "auth_failed",
       "until": "2026-11-24T13:50:00Z", "reason": "401 invalid key"},
      {"deployment": "openai/gpt-5-mini", "state": "half_open"}
    ]}
  ]
})";

TEST(StatusViewTest, RendersEveryDeploymentWithItsStateCountsAndReason) {
  const auto text = render_status(json::parse(kFullStatus), kNow);
  EXPECT_EQ(text.substr(0, text.find('\n')), "default group: coding");
  const auto header = line_with(text, "DEPLOYMENT");
  for (const char* column :
       {"GROUP", "STATE", "REQUESTS", "FAILED", "ERROR RATE", "P50", "REASON / LAST ERROR"}) {
    EXPECT_TRUE(contains(header, column)) << column << "\n" << text;
  }

  const auto pinned = line_with(text, "openai/gpt-5 ");
  EXPECT_EQ(pinned.rfind("coding", 0), 0u) << "the group's first row names it\n" << text;
  EXPECT_TRUE(contains(pinned, "openai/gpt-5 (pinned)")) << text;
  EXPECT_TRUE(contains(pinned, "ready")) << pinned;
  EXPECT_TRUE(contains(pinned, "123ms")) << pinned;
  EXPECT_TRUE(contains(pinned, "last error: rate_limited (429 rate_limit_exceeded) at 13:41:07Z"))
      << pinned;

  const auto cooling = line_with(text, "anthropic-max/claude-sonnet-4-5");
  EXPECT_EQ(cooling.rfind(" ", 0), 0u) << "later rows leave GROUP blank: " << cooling;
  EXPECT_TRUE(contains(cooling, "cooling (quota_exhausted) until 14:05:00Z (in 15m)")) << cooling;
  EXPECT_TRUE(contains(cooling, "25%")) << cooling;
  EXPECT_TRUE(contains(cooling, "1.2s")) << cooling;
  EXPECT_TRUE(contains(cooling, "429 insufficient_quota")) << cooling;
  EXPECT_FALSE(contains(cooling, "(pinned)")) << cooling;

  const auto open = line_with(text, "local/qwen3:8b");
  EXPECT_TRUE(contains(open, "circuit open, probe at 13:50:30Z (in 30s)")) << open;
  EXPECT_TRUE(contains(open, "100%")) << open;

  // An end on another day carries its date.
  const auto disabled = line_with(text, "gemini/gemini-2.5-flash");
  EXPECT_EQ(disabled.rfind("fast", 0), 0u) << disabled;
  EXPECT_TRUE(contains(disabled, "disabled until 2026-11-24 13:50:00Z (in 1d)")) << disabled;
  EXPECT_TRUE(contains(line_with(text, "openai/gpt-5-mini"), "half-open")) << text;

  EXPECT_EQ(text.find("(pinned)"), text.rfind("(pinned)")) << "one pin, one marker\n" << text;
  EXPECT_FALSE(contains(text, " \n")) << "no trailing blanks\n" << text;
}

TEST(StatusViewTest, MissingAndNullFieldsShowAsDashes) {
  const auto text = render_status(json::parse(R"({"groups": [{"name": "g", "deployments": [
      {"deployment": "a/m", "state": null, "requests": null, "error_rate": "oops"},
      {}]}]})"),
                                  kNow);
  EXPECT_EQ(text.substr(0, text.find('\n')), "default group: none (requests must name a group)");
  const auto row = line_with(text, "a/m");
  EXPECT_EQ(words(row), (std::vector<std::string>{"g", "a/m", "-", "-", "-", "-", "-", "-"}))
      << text;
  const auto unnamed = text.substr(text.rfind('\n', text.size() - 2) + 1);  // the last row
  EXPECT_EQ(words(unnamed), std::vector<std::string>(7, "-")) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << "line, blank, header, 2 rows\n"
                                                           << text;
}

TEST(StatusViewTest, HealthWindowsOncePerDeploymentWithTraffic) {
  const auto window = R"({"requests": 40, "errors": 2, "error_rate": 0.05,
      "errors_by_class": {"rate_limited": 2}, "availability": 0.95,
      "latency_ms": {"p50": 420.4, "p95": 1300, "p99": 2100}, "ttft_ms": {"p50": 180, "p95": 600,
      "p99": 900}, "tokens_per_second": 61.7})";
  const auto idle = R"({"requests": 0, "errors": 0, "error_rate": null, "errors_by_class": {},
      "availability": null, "latency_ms": null, "ttft_ms": null, "tokens_per_second": null})";
  const std::string busy = std::string(R"({"deployment": "a/m", "health": {"1m": )") + idle +
                           R"(, "15m": )" + window + R"(, "1h": )" + window + "}}";
  const std::string quiet = std::string(R"({"deployment": "b/m", "health": {"1m": )") + idle +
                            R"(, "15m": )" + idle + R"(, "1h": )" + idle + "}}";
  const auto text = render_status(
      json::parse(R"({"groups": [{"name": "g", "deployments": [)" + busy + "," + quiet +
                  R"(]}, {"name": "h", "deployments": [)" + busy + "]}]}"),
      kNow);
  const auto section = text.substr(text.find("health ("));
  EXPECT_EQ(std::count(section.begin(), section.end(), '\n'), 4) << "title, header, 15m, 1h\n"
                                                                  << text;
  const auto row = line_with(section, "a/m");
  EXPECT_EQ(words(row), (std::vector<std::string>{"a/m", "15m", "40", "5%", "95.0%", "420ms",
                                                  "1.3s", "2.1s", "180ms", "600ms", "62",
                                                  "rate_limited", "2"}))
      << text;
  EXPECT_FALSE(contains(section, "b/m")) << "no traffic, no row\n" << text;

  const auto none = render_status(
      json::parse(std::string(R"({"groups": [{"name": "g", "deployments": [)") + quiet + "]}]}"),
      kNow);
  EXPECT_TRUE(contains(none, "health: no traffic in the last hour")) << none;
}

TEST(StatusViewTest, BudgetsShowSpentOfLimitAndTheReset) {
  const auto text = render_status(json::parse(R"({"groups": [{"name": "g", "deployments": []}],
      "budgets": [{"scope": "overall", "period": "monthly", "limit_usd": 800, "spent_usd": 123.456,
                   "resets_at": "2026-12-01T00:00:00Z", "on_exceed": "refuse"},
                  {"scope": "group:g", "period": "daily", "limit_usd": 20, "spent_usd": 21,
                   "resets_at": "2026-11-24T00:00:00Z", "on_exceed": "restrict"}]})"),
                                  kNow);
  const auto overall = line_with(text, "overall");
  EXPECT_EQ(words(overall), (std::vector<std::string>{"overall", "monthly", "$123.46", "$800.00",
                                                      "15%", "refuse", "2026-12-01", "00:00:00Z",
                                                      "(in", "7d", "11h)"}))  // 7d 10h 10m, rounded up
      << text;
  EXPECT_TRUE(contains(line_with(text, "group g"), "105%")) << text;
}

TEST(StatusViewTest, AnswersThatAreNotAStatusStillRender) {
  EXPECT_EQ(render_status(json::value("nonsense"), kNow),
            "default group: none (requests must name a group)\nno groups\n");
  EXPECT_EQ(render_status(json::parse(R"({"default_group": "g", "groups": []})"), kNow),
            "default group: g\nno groups\n");
  const auto text = render_status(
      json::parse(R"({"groups": [{"name": "empty", "deployments": []}, {"name": "x"}]})"), kNow);
  EXPECT_TRUE(contains(line_with(text, "empty"), "(no deployments)")) << text;
  EXPECT_TRUE(contains(line_with(text, "x "), "(no deployments)")) << text;
  // An end time the CLI cannot parse is shown as the server wrote it.
  const auto odd = render_status(json::parse(R"({"groups": [{"name": "g", "deployments": [
      {"deployment": "a/m", "state": "cooling", "until": "soon"}]}]})"),
                                 kNow);
  EXPECT_TRUE(contains(odd, "cooling until soon")) << odd;
}

TEST(StatusViewTest, ExactLayoutOfASmallTable) {
  const auto text = render_status(json::parse(R"({"default_group": "g", "groups": [
      {"name": "g", "pin": "a/m", "deployments": [
        {"deployment": "a/m", "state": "ready", "reason": "", "requests": 3, "failures": 0,
         "error_rate": 0, "p50_ms": 80},
        {"deployment": "b/long-model", "state": "ready", "reason": "", "requests": 120,
         "failures": 2, "error_rate": 0.5, "p50_ms": 2500}]}]})"),
                                  kNow);
  EXPECT_EQ(text,
            "default group: g\n"
            "\n"
            "GROUP  DEPLOYMENT    STATE  REQUESTS  FAILED  ERROR RATE   P50  REASON / LAST ERROR\n"
            "g      a/m (pinned)  ready         3       0          0%  80ms  -\n"
            "       b/long-model  ready       120       2         50%  2.5s  -\n");
}

TEST(StatusViewTest, ParsesAndFormatsUtcTimes) {
  EXPECT_EQ(format_utc(at("2026-11-23T14:05:00Z")), "2026-11-23T14:05:00Z");
  EXPECT_EQ(format_utc(at("2026-11-23T14:05:00.987Z")), "2026-11-23T14:05:00Z");
  EXPECT_EQ(at("2026-11-23T14:05:00.5Z") - at("2026-11-23T14:05:00Z"), 500ms);
  EXPECT_EQ(at("2026-11-23T16:05:00+02:00"), at("2026-11-23T14:05:00Z"));
  EXPECT_EQ(at("2026-11-23T12:35:00-01:30"), at("2026-11-23T14:05:00Z"));
  for (const char* bad :
       {"", "2026-11-23", "2026-11-23 14:05:00Z", "2026-11-23T14:05:00", "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T14:05:00Zx", "2026-11-23T14:05:00.Z", "soon"}) {
    EXPECT_FALSE(parse_utc(bad)) << bad;
  }
  EXPECT_EQ(format_moment(at("2026-11-23T13:50:01Z"), kNow), "13:50:01Z (in 1s)");
  EXPECT_EQ(format_moment(at("2026-11-23T16:20:00Z"), kNow), "16:20:00Z (in 2h 30m)");
  EXPECT_EQ(format_moment(at("2026-11-23T23:59:59Z"), kNow), "23:59:59Z (in 10h 10m)");
  // Boundary: the next UTC day gets its date even when it is minutes away.
  EXPECT_EQ(format_moment(at("2026-11-24T00:00:00Z"), at("2026-11-23T23:55:00Z")),
            "2026-11-24 00:00:00Z (in 5m)");
  EXPECT_EQ(format_moment(at("2026-11-23T13:00:00Z"), kNow), "13:00:00Z");
}

Config config_with_default(std::optional<std::string> default_group) {
  Config c;
  c.default_group = std::move(default_group);
  return c;
}

TEST(StatusViewTest, StoredStateListsTheOverridePinsAndCooldowns) {
  StoredState stored;
  stored.store_path = "state.db";
  stored.default_group = "fast";
  stored.pins = {{"coding", "openai/gpt-5"}};
  const auto until =
      std::chrono::duration_cast<std::chrono::milliseconds>((kNow + 15min).time_since_epoch());
  stored.cooldowns = {
      {"anthropic-max/claude", "quota_exhausted", until.count(), "429 insufficient_quota", 0}};
  const auto text = render_stored_state(config_with_default("coding"), stored, kNow);
  EXPECT_TRUE(contains(text,
                       "default group: fast (set by `switchboard use`; the config says "
                       "coding)"))
      << text;
  EXPECT_TRUE(contains(line_with(text, "coding "), "openai/gpt-5")) << text;
  const auto cooldown = line_with(text, "anthropic-max/claude");
  EXPECT_TRUE(contains(cooldown, "quota_exhausted")) << text;
  EXPECT_TRUE(contains(cooldown, "14:05:00Z (in 15m)")) << text;
  EXPECT_TRUE(contains(cooldown, "429 insufficient_quota")) << text;

  auto j = stored_state_json(config_with_default("coding"), stored, "127.0.0.1:8787");
  EXPECT_EQ(j.at("running"), false);
  EXPECT_EQ(j.at("address"), "127.0.0.1:8787");
  EXPECT_EQ(j.at("default_group"), "fast");
  EXPECT_EQ(j.at("pins").at(0).at("deployment"), "openai/gpt-5");
  EXPECT_EQ(j.at("cooldowns").at(0).at("until"), "2026-11-23T14:05:00Z");
  EXPECT_EQ(j.at("cooldowns").at(0).at("class"), "quota_exhausted");
}

TEST(StatusViewTest, StoredStateWithNothingSaved) {
  StoredState empty;
  empty.store_path = "state.db";
  const auto text = render_stored_state(config_with_default("coding"), empty, kNow);
  EXPECT_TRUE(contains(text, "default group: coding (from the config)")) << text;
  EXPECT_TRUE(contains(text, "pins: none")) << text;
  EXPECT_TRUE(contains(text, "cooldowns: none")) << text;

  empty.store_exists = false;
  EXPECT_EQ(render_stored_state(config_with_default(std::nullopt), empty, kNow),
            "state store state.db: not created yet, nothing saved\n");
  EXPECT_TRUE(stored_state_json(config_with_default(std::nullopt), empty, "x:1")
                  .at("default_group")
                  .is_null());
}

}  // namespace
}  // namespace sb::cli
