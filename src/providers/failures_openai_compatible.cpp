// The openai-compatible hosts' failure rows: OpenRouter, DeepSeek, Groq, Ollama (PROVIDERS.md §4,
// §5, §8, §12). They speak OpenAI's error shape, so an openai-compatible account gets every
// OpenAI rule (failures_openai.cpp) plus these, consulted first so a host's own meaning of a
// status wins (OpenRouter's 502 is a model that is down: overloaded, not a server bug).
//
// Which host answered is unknown here (one type covers them all), so a row must be safe for
// every host of the type: each says who sends it, and none contradicts another host's usage.
#include <array>

#include "providers/failure_rules.h"

namespace sb::failure_rules {
namespace {

using FC = FailureClass;

constexpr std::array<CodeRule, 1> kCompatibleCodes = {{
    {"capacity_exceeded", FC::Overloaded},  // Groq 498, flex tier out of capacity
}};

constexpr std::array<TextRule, 4> kCompatibleTexts = {{
    {"insufficient balance", FC::QuotaExhausted},  // DeepSeek 402 "Insufficient Balance"
    {"insufficient credits", FC::QuotaExhausted},  // OpenRouter 402
    {"reduce the length of the messages", FC::ContextTooLong},  // Groq context overflow
    {"too large for model with", FC::ContextTooLong},  // Mistral "… N maximum context length"
}};

constexpr std::array<StatusRule, 1> kCompatibleDecisive = {{
    // Groq "Request too large … please reduce your message size" (labelled
    // rate_limit_exceeded, yet no wait helps); Cerebras answers a context overflow with a bare
    // 413. Another deployment with a larger window may take it.
    {413, FC::ContextTooLong},
}};

constexpr std::array<StatusRule, 5> kCompatibleStatuses = {{
    // OpenRouter "insufficient credits", DeepSeek "Insufficient Balance", Ollama cloud billing.
    {402, FC::QuotaExhausted},
    // OpenRouter: the request timed out upstream. Not the request's fault: a server error.
    {408, FC::ServerError},
    {498, FC::Overloaded},  // Groq flex tier `capacity_exceeded`
    // OpenRouter: model down or bad upstream; Ollama: cloud model unreachable. Capacity, not a
    // bug: retry with backoff, then move on.
    {502, FC::Overloaded},
    {503, FC::Overloaded},  // DeepSeek "Server Overloaded"; OpenRouter no provider available
}};

constexpr OpenAiDialect kCompatible{
    kCompatibleDecisive,
    kCompatibleCodes,
    kCompatibleTexts,
    kCompatibleStatuses,
    /*moderation_is_content=*/true,        // OpenRouter 403 with metadata.reasons
    /*bare_stream_error_is_server=*/true,  // Ollama `{"error":"…"}`, OpenRouter finish "error"
};

}  // namespace

std::optional<Failure> classify_openai_compatible(const UpstreamOutcome& outcome, SysTime now) {
  return classify_openai_shaped(outcome, now, kCompatible);
}

}  // namespace sb::failure_rules
