// How one probe's answer reads as an account's state.
#include "metrics/probe_state.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

using std::chrono::milliseconds;

TEST(ProbeState, AnswersTimingsAndSilence) {
  const Duration slow{milliseconds(500)};
  EXPECT_EQ(classify_probe(200, milliseconds(40), slow), ProbeState::Up);
  EXPECT_EQ(classify_probe(200, milliseconds(500), slow), ProbeState::Up);  // at the bound
  EXPECT_EQ(classify_probe(200, milliseconds(501), slow), ProbeState::Slow);
  for (unsigned status : {400u, 401u, 403u, 404u, 429u, 302u}) {
    EXPECT_EQ(classify_probe(status, milliseconds(40), slow), ProbeState::Erring) << status;
  }
  for (unsigned status : {500u, 502u, 503u, 529u}) {
    EXPECT_EQ(classify_probe(status, milliseconds(40), slow), ProbeState::Down) << status;
  }
  EXPECT_EQ(classify_probe(std::nullopt, milliseconds(10), slow), ProbeState::Down);
  EXPECT_EQ(to_string(ProbeState::Erring), "erring");
}

}  // namespace
}  // namespace sb
