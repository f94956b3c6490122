// The spokes of the translation hub (STYLE principle 2): what each dialect contributes, once,
// so that any client dialect can be served by any upstream dialect through the neutral model
// (core/conversation.h, core/stream_event.h) without a converter per pair.
//
//   client spoke    how a surface's requests are read and its answers written: parse a request
//                   into a Conversation; write a neutral Reply, StreamEvents and errors in the
//                   client's words
//   upstream spoke  how a deployment's dialect is spoken to and read: build its request from a
//                   Conversation; read its Reply, its stream (as StreamEvents) and its errors
//
// A dialect has a client spoke when it is a surface (Gemini is not) and an upstream spoke when a
// translated request can be sent in it (Responses is not: an `openai` deployment is sent Chat
// Completions unless the client itself speaks Responses, which then passes through).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/dialect.h"
#include "core/error.h"
#include "core/stream_event.h"
#include "providers/error_words.h"
#include "providers/sse.h"

namespace sb {

// An upstream stream, event by event, as neutral events.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  virtual std::vector<StreamEvent> decode(const SseEvent& event) = 0;
  // The upstream closed the stream cleanly: what that means (End for a dialect whose streams
  // end by closing, as Gemini's do; nothing for one with its own terminator).
  virtual std::vector<StreamEvent> finish() { return {}; }
};

// Neutral events as a client dialect's stream text (whole SSE events).
class StreamEncoder {
 public:
  virtual ~StreamEncoder() = default;
  virtual std::string encode(const StreamEvent& event) = 0;
};

struct ClientSpoke {
  Result<Conversation> (*parse)(std::string_view body);
  // What one of this dialect's stream events means to the relay's hold-back and end rules.
  ChatEventKind (*classify_event)(const SseEvent& event);
  // `created`: the Unix time an answer shows; `include_usage`: the client asked for usage in
  // its stream (OpenAI Chat's stream_options).
  std::unique_ptr<StreamEncoder> (*stream_encoder)(std::int64_t created, bool include_usage);
  std::string (*reply)(const Reply& reply, std::int64_t created);
  std::string (*error_body)(const ErrorWords& words);
};

// What a translated upstream request needs besides the conversation.
struct UpstreamBuild {
  std::string model;  // the deployment's model id
  // The limit on the answer's tokens to send, already decided (providers/translation.h); always
  // set for a dialect that requires_max_tokens; none: send no limit.
  std::optional<std::int64_t> max_tokens;
};

struct UpstreamSpoke {
  bool requires_max_tokens;  // the dialect refuses a request without a limit on the answer
  Result<std::string> (*build)(const Conversation& request, const UpstreamBuild& options);
  std::unique_ptr<StreamDecoder> (*stream_decoder)();
  // An UpstreamProtocol error when the body is not an answer of this dialect.
  Result<Reply> (*parse_reply)(std::string_view body);
  ErrorWords (*error_words)(std::string_view body);
};

// Null when the dialect has no such spoke.
const ClientSpoke* client_spoke(Dialect dialect);
const UpstreamSpoke* upstream_spoke(Dialect dialect);

}  // namespace sb
