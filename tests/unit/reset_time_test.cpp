// Reset-time parsing (routing/reset_time.h): every spelling providers use, the calendar
// fallbacks at their edges (DST switches, year ends), the priority order of the compositions, the
// rule that window headers never set a quota's reset, and round-trip properties for Go-style
// durations and RFC 3339 times.
#include "routing/reset_time.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <string>

namespace sb {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

SysTime at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }
const SysTime kNow = at("2026-11-23T12:00:00Z");

TEST(ResetTimeGoDuration, ParsesWhatOpenAiAndGroqSend) {
  EXPECT_EQ(parse_go_duration("6m0s"), milliseconds(6min));
  EXPECT_EQ(parse_go_duration("1s"), milliseconds(1s));
  EXPECT_EQ(parse_go_duration("17ms"), milliseconds(17));
  EXPECT_EQ(parse_go_duration("6ms"), milliseconds(6));
  EXPECT_EQ(parse_go_duration("2m59.56s"), milliseconds(179'560));
  EXPECT_EQ(parse_go_duration("1h2m3s"), milliseconds(1h + 2min + 3s));
  EXPECT_EQ(parse_go_duration("7.66s"), milliseconds(7'660));
  EXPECT_EQ(parse_go_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_go_duration("0s"), milliseconds(0));
  EXPECT_EQ(parse_go_duration("+5s"), milliseconds(5s));
  EXPECT_EQ(parse_go_duration(".5s"), milliseconds(500));
}

TEST(ResetTimeGoDuration, ParsesGeminiRetryDelays) {
  EXPECT_EQ(parse_go_duration("33s"), milliseconds(33s));
  EXPECT_EQ(parse_go_duration("900ms"), milliseconds(900));
  EXPECT_EQ(parse_go_duration("33.2s"), milliseconds(33'200));
  EXPECT_EQ(parse_go_duration("66670.000000000s"), milliseconds(66'670s));
}

TEST(ResetTimeGoDuration, RoundsSubMillisecondsUpSoAResetIsNeverEarly) {
  EXPECT_EQ(parse_go_duration("1us"), milliseconds(1));
  EXPECT_EQ(parse_go_duration("1\xC2\xB5s"), milliseconds(1));  // µs, micro sign
  EXPECT_EQ(parse_go_duration("1\xCE\xBCs"), milliseconds(1));  // μs, Greek mu
  EXPECT_EQ(parse_go_duration("1500ns"), milliseconds(1));
  EXPECT_EQ(parse_go_duration("1.0001ms"), milliseconds(2));
  EXPECT_EQ(parse_go_duration("2.0000000001s"), milliseconds(2'001));
}

TEST(ResetTimeGoDuration, RejectsMalformedAndNegative) {
  for (const char* bad : {"", "-1s", "1", "5 s", "s", ".s", "1x", "1.2.3s", "1s2", "1S", "1sec",
                          "ms", "1h-2m", "99999999999999999999h", "3000000h"}) {
    EXPECT_FALSE(parse_go_duration(bad)) << bad;
  }
}

TEST(ResetTimeGoDuration, FormatsLikeGo) {
  EXPECT_EQ(format_go_duration(0ms), "0s");
  EXPECT_EQ(format_go_duration(17ms), "17ms");
  EXPECT_EQ(format_go_duration(1s), "1s");
  EXPECT_EQ(format_go_duration(6min), "6m0s");
  EXPECT_EQ(format_go_duration(1h), "1h0m0s");
  EXPECT_EQ(format_go_duration(milliseconds(179'560)), "2m59.56s");
  EXPECT_EQ(format_go_duration(1h + 2min + 3s + 500ms), "1h2m3.5s");
  EXPECT_EQ(format_go_duration(milliseconds(1'005)), "1.005s");
}

RC_GTEST_PROP(ResetTimeGoDuration, FormatThenParseRoundTrips, ()) {
  // Up to ~30 years, in milliseconds; small values are favoured by the generator's size.
  const auto ms = *rc::gen::inRange<std::int64_t>(0, 1'000'000'000'000);
  const milliseconds d{ms};
  const auto parsed = parse_go_duration(format_go_duration(d));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == d);
}

RC_GTEST_PROP(ResetTimeGoDuration, ComponentsWrittenOutOfCanonicalFormParse, ()) {
  // Go writes `1h0m0s`, but hosts also send `90s` or `1h30m`: any sum of components parses.
  const auto h = *rc::gen::inRange<std::int64_t>(0, 100);
  const auto m = *rc::gen::inRange<std::int64_t>(0, 1000);
  const auto s = *rc::gen::inRange<std::int64_t>(0, 1000);
  const auto ms = *rc::gen::inRange<std::int64_t>(0, 1000);
  const std::string text = std::to_string(h) + "h" + std::to_string(m) + "m" + std::to_string(s) +
                           "s" + std::to_string(ms) + "ms";
  RC_ASSERT(parse_go_duration(text) ==
            std::optional<milliseconds>(std::chrono::hours(h) + std::chrono::minutes(m) +
                                        std::chrono::seconds(s) + milliseconds(ms)));
}

TEST(ResetTimeDates, ParsesHttpDatesInAllThreeForms) {
  const SysTime expected = at("1994-11-06T08:49:37Z");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), expected);
  EXPECT_EQ(parse_http_date("Mon, 23 Nov 2026 12:00:20 GMT"), at("2026-11-23T12:00:20Z"));
  for (const char* bad :
       {"", "tomorrow", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST"}) {
    EXPECT_FALSE(parse_http_date(bad)) << bad;
  }
}

TEST(ResetTimeDates, ParsesRfc3339WithZonesAndFractions) {
  EXPECT_EQ(format_rfc3339(at("2026-04-26T12:01:00Z")), "2026-04-26T12:01:00Z");
  EXPECT_EQ(parse_rfc3339("2026-04-26T14:01:00+02:00"), at("2026-04-26T12:01:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-26T04:01:00-08:00"), at("2026-04-26T12:01:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-26t12:01:00.25z"), at("2026-04-26T12:01:00.250Z"));
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-04-26T12:01:00.0001Z")),
            "2026-04-26T12:01:00.001Z");  // rounded up, never early
  for (const char* bad :
       {"", "2026-04-26", "2026-04-26T12:01:00", "2026-02-30T12:01:00Z", "2026-04-26T12:01:00+2",
        "2026-04-26T12:01:00Zjunk", "26-04-26T12:01:00Z", "2026-04-26T12:01:00.Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

RC_GTEST_PROP(ResetTimeDates, Rfc3339FormatThenParseRoundTrips, ()) {
  // Any millisecond between 1970 and 2200.
  const auto ms = *rc::gen::inRange<std::int64_t>(0, 7'258'118'400'000);
  const SysTime t{std::chrono::duration_cast<SysTime::duration>(milliseconds(ms))};
  RC_ASSERT(parse_rfc3339(format_rfc3339(t)) == std::optional<SysTime>(t));
}

TEST(ResetTimeDates, EpochSeconds) {
  EXPECT_EQ(parse_epoch_seconds("1795453200"), at("2026-11-23T17:00:00Z"));
  EXPECT_FALSE(parse_epoch_seconds("soon"));
  EXPECT_FALSE(parse_epoch_seconds("-5"));
}

TEST(ResetTimeRetryAfter, SecondsDatesAndMilliseconds) {
  EXPECT_EQ(parse_retry_after("20", kNow), kNow + 20s);
  EXPECT_EQ(parse_retry_after(" 0 ", kNow), kNow);
  EXPECT_EQ(parse_retry_after("7200", kNow), kNow + 2h);  // long waits are obeyed, not capped
  EXPECT_EQ(parse_retry_after("1.5", kNow), kNow + 1500ms);
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 12:00:20 GMT", kNow), kNow + 20s);
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 11:00:00 GMT", kNow), kNow);  // past: now
  EXPECT_FALSE(parse_retry_after("-1", kNow));
  EXPECT_FALSE(parse_retry_after("soon", kNow));
  EXPECT_FALSE(parse_retry_after("", kNow));

  EXPECT_EQ(retry_after_reset({{"Retry-After-Ms", "1500"}, {"retry-after", "2"}}, kNow),
            kNow + 1500ms);
  EXPECT_EQ(retry_after_reset({{"RETRY-AFTER", "2"}}, kNow), kNow + 2s);
  EXPECT_EQ(retry_after_reset({{"retry-after-ms", "junk"}, {"retry-after", "2"}}, kNow), kNow + 2s);
  EXPECT_FALSE(retry_after_reset({{"x-ratelimit-reset-tokens", "1s"}}, kNow));
}

TEST(ResetTimeWindows, TheExhaustedWindowDecides) {
  const HeaderList openai = {{"x-ratelimit-remaining-requests", "499"},
                             {"x-ratelimit-reset-requests", "2m59.56s"},
                             {"x-ratelimit-remaining-tokens", "0"},
                             {"x-ratelimit-reset-tokens", "7.66s"}};
  EXPECT_EQ(window_reset(openai, kNow), kNow + 7660ms);
  const HeaderList none_at_zero = {{"x-ratelimit-remaining-requests", "3"},
                                   {"x-ratelimit-reset-requests", "1s"},
                                   {"x-ratelimit-remaining-tokens", "1000"},
                                   {"x-ratelimit-reset-tokens", "17ms"}};
  EXPECT_EQ(window_reset(none_at_zero, kNow), kNow + 1s);  // the latest, to be safe
  const HeaderList anthropic = {
      {"anthropic-ratelimit-requests-remaining", "49"},
      {"anthropic-ratelimit-requests-reset", "2026-11-23T12:00:01Z"},
      {"anthropic-ratelimit-output-tokens-remaining", "0"},
      {"anthropic-ratelimit-output-tokens-reset", "2026-11-23T12:00:30Z"}};
  EXPECT_EQ(window_reset(anthropic, kNow), at("2026-11-23T12:00:30Z"));
  EXPECT_EQ(window_reset({{"anthropic-ratelimit-tokens-reset", "2026-11-23T11:00:00Z"}}, kNow),
            kNow);  // a window already over
  EXPECT_FALSE(window_reset({{"x-ratelimit-reset-tokens", "junk"}}, kNow));
  EXPECT_FALSE(window_reset({}, kNow));
}

TEST(ResetTimeUnified, LatestRejectedWindowOverageIgnored) {
  const HeaderList h = {{"anthropic-ratelimit-unified-status", "rejected"},
                        {"anthropic-ratelimit-unified-reset", "1795453200"},
                        {"anthropic-ratelimit-unified-5h-status", "rejected"},
                        {"anthropic-ratelimit-unified-5h-reset", "1795453200"},
                        {"anthropic-ratelimit-unified-7d-status", "allowed"},
                        {"anthropic-ratelimit-unified-7d-reset", "1795999999"},
                        {"anthropic-ratelimit-unified-overage-status", "rejected"},
                        {"anthropic-ratelimit-unified-overage-reset", "1798761600"}};
  EXPECT_TRUE(anthropic_unified_rejected(h));
  EXPECT_EQ(anthropic_unified_reset(h, kNow), at("2026-11-23T17:00:00Z"));
  const HeaderList allowed = {{"anthropic-ratelimit-unified-status", "allowed_warning"},
                              {"anthropic-ratelimit-unified-overage-status", "rejected"}};
  EXPECT_FALSE(anthropic_unified_rejected(allowed));
  EXPECT_FALSE(anthropic_unified_reset(allowed, kNow));
}

TEST(ResetTimeText, EveryPhraseProvidersWrite) {
  EXPECT_EQ(reset_from_text("Please retry in 33.2s.", kNow), kNow + 33200ms);
  EXPECT_EQ(reset_from_text("Please retry in 900ms", kNow), kNow + 900ms);
  EXPECT_EQ(reset_from_text("… Requested 3000. Please try again in 2s. Visit …", kNow),
            kNow + 2s);
  EXPECT_EQ(reset_from_text("Please try again in 4m19.2s.", kNow), kNow + 259200ms);
  EXPECT_EQ(reset_from_text("Please retry after 22 seconds.", kNow), kNow + 22s);
  EXPECT_EQ(reset_from_text("try again in 1.5 minutes", kNow), kNow + 90s);
  EXPECT_EQ(reset_from_text("Your quota will reset after 18h31m10s.", kNow),
            kNow + 18h + 31min + 10s);
  EXPECT_EQ(reset_from_text("The limit resets at 2026-11-23T13:00:00Z.", kNow),
            at("2026-11-23T13:00:00Z"));
  EXPECT_EQ(reset_from_text("resets after 5m", kNow), kNow + 5min);
  EXPECT_EQ(reset_from_text("You will regain access on 2026-12-01 at 00:00 UTC.", kNow),
            at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(reset_from_text("regain access on 2026-12-01", kNow), at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(reset_from_text("regain access on 2026-12-01 at 08:30:15 UTC", kNow),
            at("2026-12-01T08:30:15Z"));
  EXPECT_EQ(reset_from_text("PLEASE RETRY IN 5S", kNow), kNow + 5s);
}

TEST(ResetTimeText, NothingUsableMeansNothing) {
  EXPECT_FALSE(reset_from_text("", kNow));
  EXPECT_FALSE(reset_from_text("Please try again later.", kNow));
  EXPECT_FALSE(reset_from_text("retry in a moment", kNow));
  EXPECT_FALSE(reset_from_text("regain access on 2026-12-01 at 00:00 PST", kNow));  // no tz db
  EXPECT_FALSE(reset_from_text("regain access on the first", kNow));
}

TEST(ResetTimeCalendar, NextPacificMidnightFollowsDaylightSaving) {
  // Winter (PST, UTC-8): 04:00 local -> next midnight is 08:00 UTC tomorrow.
  EXPECT_EQ(next_pacific_midnight(kNow), at("2026-11-24T08:00:00Z"));
  // Summer (PDT, UTC-7).
  EXPECT_EQ(next_pacific_midnight(at("2026-07-15T12:00:00Z")), at("2026-07-16T07:00:00Z"));
  // 23:59 PDT on Jul 15 is 06:59 UTC Jul 16; exactly midnight moves a whole day on.
  EXPECT_EQ(next_pacific_midnight(at("2026-07-16T06:59:59Z")), at("2026-07-16T07:00:00Z"));
  EXPECT_EQ(next_pacific_midnight(at("2026-07-16T07:00:00Z")), at("2026-07-17T07:00:00Z"));
  // 2026: DST starts Sunday March 8, ends Sunday November 1.
  EXPECT_EQ(next_pacific_midnight(at("2026-03-07T12:00:00Z")), at("2026-03-08T08:00:00Z"));
  EXPECT_EQ(next_pacific_midnight(at("2026-03-08T12:00:00Z")), at("2026-03-09T07:00:00Z"));
  EXPECT_EQ(next_pacific_midnight(at("2026-10-31T12:00:00Z")), at("2026-11-01T07:00:00Z"));
  EXPECT_EQ(next_pacific_midnight(at("2026-11-01T12:00:00Z")), at("2026-11-02T08:00:00Z"));
  // Around the switch itself: 01:30 PDT on Nov 1 is 08:30 UTC; 01:30 PST is 09:30 UTC.
  EXPECT_EQ(next_pacific_midnight(at("2026-11-01T08:30:00Z")), at("2026-11-02T08:00:00Z"));
  EXPECT_EQ(next_pacific_midnight(at("2026-11-01T09:30:00Z")), at("2026-11-02T08:00:00Z"));
  // New Year's Eve in Los Angeles while it is already next year in UTC.
  EXPECT_EQ(next_pacific_midnight(at("2027-01-01T05:00:00Z")), at("2027-01-01T08:00:00Z"));
}

TEST(ResetTimeCalendar, FirstOfNextMonth) {
  EXPECT_EQ(first_of_next_month_utc(kNow), at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(first_of_next_month_utc(at("2026-12-31T23:59:59Z")), at("2027-01-01T00:00:00Z"));
  EXPECT_EQ(first_of_next_month_utc(at("2026-12-01T00:00:00Z")), at("2027-01-01T00:00:00Z"));
}

TEST(ResetTimeCompose, RateLimitPriorityOrder) {
  const HeaderList all = {{"retry-after-ms", "1500"},
                          {"retry-after", "2"},
                          {"x-ratelimit-remaining-tokens", "0"},
                          {"x-ratelimit-reset-tokens", "3s"}};
  const auto body = std::optional<SysTime>(kNow + 4s);
  EXPECT_EQ(rate_limit_reset(all, kNow, body), kNow + 1500ms);
  EXPECT_EQ(rate_limit_reset({all.begin() + 1, all.end()}, kNow, body), kNow + 2s);
  EXPECT_EQ(rate_limit_reset({all.begin() + 2, all.end()}, kNow, body), kNow + 3s);
  EXPECT_EQ(rate_limit_reset({}, kNow, body), kNow + 4s);
  EXPECT_FALSE(rate_limit_reset({}, kNow, std::nullopt));
}

TEST(ResetTimeCompose, WindowHeadersNeverSetAQuotaReset) {
  const HeaderList windows = {{"x-ratelimit-remaining-tokens", "0"},
                              {"x-ratelimit-reset-tokens", "6ms"},
                              {"anthropic-ratelimit-tokens-remaining", "0"},
                              {"anthropic-ratelimit-tokens-reset", "2026-11-23T12:00:10Z"}};
  EXPECT_FALSE(quota_reset(windows, kNow, std::nullopt, std::nullopt));
  // A short Retry-After is a retry hint, not a reset; a long one is obeyed.
  HeaderList short_wait = windows;
  short_wait.emplace_back("retry-after", "60");
  EXPECT_FALSE(quota_reset(short_wait, kNow, std::nullopt, std::nullopt));
  HeaderList long_wait = windows;
  long_wait.emplace_back("retry-after", "61");
  EXPECT_EQ(quota_reset(long_wait, kNow, std::nullopt, std::nullopt), kNow + 61s);
  // The stated reset first, then the long Retry-After, then the calendar fallback.
  const auto stated = std::optional<SysTime>(kNow + 5h);
  const auto fallback = std::optional<SysTime>(kNow + 12h);
  EXPECT_EQ(quota_reset(long_wait, kNow, stated, fallback), kNow + 5h);
  EXPECT_EQ(quota_reset(windows, kNow, std::nullopt, fallback), kNow + 12h);
  // A stated reset already past is no reset.
  EXPECT_EQ(quota_reset(windows, kNow, kNow - 1s, fallback), kNow + 12h);
}

}  // namespace
}  // namespace sb
