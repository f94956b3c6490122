// The tool call ids given to Gemini's calls (providers/gemini_call_id.h): whatever Gemini's id and
// signature, the client id fits Anthropic's tool_use id pattern and splits back into exactly
// them; ids other providers made split into themselves.
#include "providers/gemini_call_id.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <regex>

namespace sb {
namespace {

bool fits_anthropic_id_pattern(const std::string& id) {
  static const std::regex kPattern("^[a-zA-Z0-9_-]+$");
  return std::regex_match(id, kPattern);
}

std::string standard_base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// Gemini's signatures are standard base64 of opaque bytes; anything else must survive too.
rc::Gen<std::string> signatures() {
  return rc::gen::oneOf(rc::gen::map(rc::gen::arbitrary<std::string>(), standard_base64),
                        rc::gen::arbitrary<std::string>());
}

// Plain ids like Gemini's and the other providers', and arbitrary bytes.
rc::Gen<std::string> call_ids() {
  return rc::gen::oneOf(
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("abcXYZ019_-"))),
      rc::gen::arbitrary<std::string>());
}

RC_GTEST_PROP(GeminiCallIdProperty, SplitsBackIntoGeminisIdAndSignature, ()) {
  const std::string id = *call_ids();
  const std::string signature = *signatures();
  const std::string client_id = gemini_call_id(id, signature);
  RC_ASSERT(fits_anthropic_id_pattern(client_id));
  RC_ASSERT(split_gemini_call_id(client_id) == (GeminiCallId{id, signature}));
}

RC_GTEST_PROP(GeminiCallIdProperty, SynthesisedIdsCarryNoGeminiId, ()) {
  const std::string response_id = *rc::gen::arbitrary<std::string>();
  const int call = *rc::gen::inRange(0, 1000);
  const std::string signature = *signatures();
  const std::string client_id = synthesised_gemini_call_id(response_id, call, signature);
  RC_ASSERT(fits_anthropic_id_pattern(client_id));
  RC_ASSERT(split_gemini_call_id(client_id) == (GeminiCallId{"", signature}));
}

RC_GTEST_PROP(GeminiCallIdProperty, SynthesisedIdsDifferWithinAnAnswer, ()) {
  const std::string response_id = *rc::gen::arbitrary<std::string>();
  const int a = *rc::gen::inRange(0, 1000);
  const int b = *rc::gen::distinctFrom(rc::gen::inRange(0, 1000), a);
  RC_ASSERT(synthesised_gemini_call_id(response_id, a, "") !=
            synthesised_gemini_call_id(response_id, b, ""));
}

TEST(GeminiCallId, APlainIdWithoutSignatureIsItself) {
  EXPECT_EQ(gemini_call_id("fc_7k2", ""), "fc_7k2");
  EXPECT_EQ(split_gemini_call_id("fc_7k2"), (GeminiCallId{"fc_7k2", ""}));
}

TEST(GeminiCallId, TheSignatureIsRespeltBase64Url) {
  // The respelt signature may hold "__" itself: only the head decides where it starts.
  const std::string id = gemini_call_id("fc_7k2", "CiQB++++//8QQpk+f/oAYWI=");
  EXPECT_EQ(id, "fc_7k2__thought__CiQB----__8QQpk-f_oAYWI");
  EXPECT_EQ(split_gemini_call_id(id), (GeminiCallId{"fc_7k2", "CiQB++++//8QQpk+f/oAYWI="}));
}

TEST(GeminiCallId, AnIdThatIsNotPlainTravelsAsHex) {
  EXPECT_EQ(gemini_call_id("a.b", ""), "gid__612e62");
  EXPECT_EQ(gemini_call_id("a__b", ""), "gid__615f5f62");
  // A trailing "_" would run into the "__" that starts the signature.
  EXPECT_EQ(gemini_call_id("a_", "QUJD"), "gid__615f__thought__QUJD");
  EXPECT_EQ(split_gemini_call_id("gid__612e62"), (GeminiCallId{"a.b", ""}));
}

TEST(GeminiCallId, ASynthesisedIdKeepsTheResponseIdsLettersAndDigits) {
  EXPECT_EQ(synthesised_gemini_call_id("r-Ab3_x", 1, ""), "call__rAb3x_1");
  EXPECT_EQ(synthesised_gemini_call_id("R1", 0, "EjT4P/4BAgP8ECAwQKvN7w=="),
            "call__R1_0__thought__EjT4P_4BAgP8ECAwQKvN7w");
}

TEST(GeminiCallId, AnyOtherIdSplitsIntoItself) {
  for (const std::string id :
       {"toolu_01A09q90qw90lq917835lq9", "call_abc123", "a__b", "x__thought__!", "gid__zz",
        "gid__612e62__other", "__thought__QUJD", "x__thoughtraw__A", "", "call-1"}) {
    EXPECT_EQ(split_gemini_call_id(id), (GeminiCallId{id, ""})) << id;
  }
}

}  // namespace
}  // namespace sb
