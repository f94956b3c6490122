// Gemini's thought signatures, as the fake issues and checks them. Gemini attaches an opaque
// `thoughtSignature` to every function call it makes; Gemini 3 refuses a later request whose
// history carries that call without it (PROVIDERS.md §3 "echo thoughtSignature back verbatim").
// A gateway that translates or trims history must keep it, and the `signatures` directive lets a
// test prove it does.
//
// An issued signature is the base64 of `fake-signature:<n>:<check>`, where <check> is derived
// from <n>: the fake recognises its own signatures without remembering them (as Gemini does with
// its encrypted ones), so they stay valid across fake restarts, and an edited, truncated or
// foreign one is refused. Google documents two values that skip the check on purpose
// (kSkipSignatureValues); they are accepted too.
//
// Gemini's rule, mirrored here: the first functionCall part of each content must be signed
// (parallel calls after it may not be); any signature present must be a valid one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::fake {

inline constexpr std::array<std::string_view, 2> kSkipSignatureValues = {
    "skip_thought_signature_validator", "context_engineering_is_the_way_to_go"};

// A distinct, recognisable signature for each `n`.
std::string issue_thought_signature(std::uint64_t n);

// A functionCall part found in a request's `contents`.
struct HistoryCall {
  std::size_t position = 0;  // 1-based index of its content in `contents`, as Gemini counts
  std::string name;
  std::optional<std::string> signature;  // the part's thoughtSignature, when it has one
  bool leads_content = false;            // the first functionCall part of its content
};

enum class SignatureFault { Missing, Corrupted };

struct SignatureProblem {
  SignatureFault fault;
  const HistoryCall* call;  // the first offending call, pointing into the checked history
};

// The first call that breaks Gemini's rule (see above), or nullopt when the history is fine.
// `own_only` refuses the documented skip values as well: what a test needs to prove the fake's
// own signatures came back, since a gateway that lost them may send a skip value instead.
std::optional<SignatureProblem> check_thought_signatures(const std::vector<HistoryCall>& history,
                                                         bool own_only = false);

}  // namespace sb::fake
