// Finished health minutes in the real SQLite store: written, read back whole (histograms
// included), replaced by a later write of the same minute, and pruned by age.
#include "store/health_rows.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_env.h"

namespace sb {
namespace {

using HealthRows = test::TempDirTest;

TEST_F(HealthRows, RoundTripReplaceAndPrune) {
  {
    auto store = StateStore::open(state_path());
    HealthSummary s;
    for (int i = 1; i <= 50; ++i) {
      AttemptSample a;
      a.latency_ms = i * 7.0;
      a.ttft_ms = i * 1.0;
      a.output_tokens = 10;
      a.generation_ms = 100;
      s.add(a);
    }
    AttemptSample failure;
    failure.failure = FailureClass::Overloaded;
    s.add(failure);
    insert_health_minute(*store, {"a/m", {1000, s}});
    insert_health_minute(*store, {"a/m", {1001, s}});
    insert_health_minute(*store, {"b/m", {5, s}});

    auto rows = load_health_minutes(*store, 1000);
    ASSERT_EQ(rows.size(), 2u);
    const HealthSummary& back = rows[0].minute.summary;
    EXPECT_EQ(rows[0].deployment, "a/m");
    EXPECT_EQ(rows[0].minute.minute, 1000);
    EXPECT_EQ(back.requests, 51);
    EXPECT_EQ(back.errors_by_class[static_cast<std::size_t>(FailureClass::Overloaded)], 1);
    EXPECT_EQ(back.unavailable, 1);
    EXPECT_EQ(back.output_tokens, 500);
    EXPECT_EQ(back.latency_ms.encode(), s.latency_ms.encode());
    EXPECT_EQ(back.ttft_ms.quantile(0.99), s.ttft_ms.quantile(0.99));

    HealthSummary more = s;
    more.merge(s);
    insert_health_minute(*store, {"a/m", {1000, more}});
    rows = load_health_minutes(*store, 1000);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].minute.summary.requests, 102);

    EXPECT_EQ(prune_health_minutes(*store, 1001), 2);  // b/m's 5 and a/m's 1000
    EXPECT_EQ(load_health_minutes(*store, 0).size(), 1u);
  }
}

}  // namespace
}  // namespace sb
