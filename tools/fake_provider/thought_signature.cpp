// Issuing and recognising the fake's thought signatures (see thought_signature.h). Base64 is the
// standard alphabet with padding, as Gemini's own signatures use.
#include "fake_provider/thought_signature.h"

#include <fmt/format.h>

#include <algorithm>

#include "fake_provider/openai_replies.h"

namespace sb::fake {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kPrefix = "fake-signature:";
// Any fixed value: it only keeps <check> from being <n> in disguise.
constexpr std::uint64_t kCheckSalt = 0x7369676e61747572ULL;

std::string base64_encode(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = 0;
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    for (std::size_t j = 0; j < 3; ++j)
      group = group << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    for (std::size_t j = 0; j < 4; ++j)
      out += j <= n ? kAlphabet[group >> (18 - 6 * j) & 0x3F] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t group = 0;
    std::size_t padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const auto at = kAlphabet.find(c);
      // Padding only at the very end, at most two.
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else if (at == std::string_view::npos || padding > 0) {
        return std::nullopt;
      }
      group = group << 6 | (c == '=' ? 0u : static_cast<std::uint32_t>(at));
    }
    for (std::size_t j = 0; j < 3 - padding; ++j) out += static_cast<char>(group >> (16 - 8 * j));
  }
  return out;
}

std::string check_of(std::uint64_t n) { return make_id("", n ^ kCheckSalt, 12); }

// Canonical only: the text must be exactly what issue_thought_signature(n) gives for its n.
bool issued_by_fake(std::string_view signature) {
  const auto text = base64_decode(signature);
  if (!text || text->substr(0, kPrefix.size()) != kPrefix) return false;
  std::uint64_t n = 0;
  for (const char c : std::string_view(*text).substr(kPrefix.size())) {
    if (c == ':') break;
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return issue_thought_signature(n) == signature;
}

bool accepted(std::string_view signature, bool own_only) {
  const bool skip = std::find(kSkipSignatureValues.begin(), kSkipSignatureValues.end(),
                              signature) != kSkipSignatureValues.end();
  return (skip && !own_only) || issued_by_fake(signature);
}

}  // namespace

std::string issue_thought_signature(std::uint64_t n) {
  return base64_encode(fmt::format("{}{}:{}", kPrefix, n, check_of(n)));
}

std::optional<SignatureProblem> check_thought_signatures(const std::vector<HistoryCall>& history,
                                                         bool own_only) {
  for (const auto& call : history) {
    if (!call.signature) {
      if (call.leads_content) return SignatureProblem{SignatureFault::Missing, &call};
      continue;
    }
    if (!accepted(*call.signature, own_only)) return SignatureProblem{SignatureFault::Corrupted, &call};
  }
  return std::nullopt;
}

}  // namespace sb::fake
