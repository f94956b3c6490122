// Incremental Server-Sent Events framer. Bytes arrive in arbitrary pieces from the network;
// feed() returns every event completed by this piece, each with its raw bytes (to relay
// untouched) and its parsed fields (to inspect). The split points never change the result: the
// same stream cut anywhere yields the same events (a property test holds it to that).
//
// Follows the WHATWG event-stream rules that matter to LLM APIs: lines end in LF, CRLF or CR;
// an empty line ends an event; `:` lines are comments (keep-alives such as
// `: OPENROUTER PROCESSING`); multiple `data:` lines join with LF; one leading space after the
// colon is dropped. A comment-only block is reported too (as an event with no fields), so a relay
// can pass keep-alives through in order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

// What one event of an answer's stream means to the relay, whatever the dialect (each dialect's
// classifier says which: openai_stream.h, anthropic_stream.h). The relay holds Preamble back
// until the first Content, ends cleanly on Done, and treats Error as a failure.
enum class ChatEventKind { Preamble, Content, Error, Done };

struct SseEvent {
  std::string raw;    // the exact bytes of the event, through its terminating blank line
  std::string event;  // `event:` field, empty when absent
  std::string data;   // `data:` lines joined by LF
  std::string id;
  bool has_data = false;
  bool comment_only = false;  // only `:` lines: a keep-alive

  bool operator==(const SseEvent&) const = default;
};

class SseFramer {
 public:
  // Appends the bytes and returns the events they complete, in order.
  std::vector<SseEvent> feed(std::string_view bytes);
  // At the end of the stream: a final CR is a line end after all (it was held back in case an LF
  // followed). Returns what that completes.
  std::vector<SseEvent> finish();
  // True when the bytes so far end inside an event: a stream that closes here was cut.
  bool mid_event() const;
  // Upper bound on one event; a larger one is a protocol error (see overflowed()).
  void set_max_event_bytes(std::size_t n) { max_event_bytes_ = n; }
  bool overflowed() const { return overflowed_; }

 private:
  void scan(bool at_end, std::vector<SseEvent>& out);
  void take_line(std::string_view line);

  // buffer_ holds the bytes from the start of the unfinished event; blank lines that precede an
  // event belong to its raw bytes, so raw is the same wherever the stream was split.
  std::string buffer_;
  std::size_t line_start_ = 0;  // where the line being read begins
  std::size_t pos_ = 0;         // next byte to examine (never re-reads a line's bytes)
  std::size_t max_event_bytes_ = 16u * 1024 * 1024;
  bool overflowed_ = false;
  SseEvent current_;
  bool current_has_field_ = false;
  bool current_has_comment_ = false;
};

}  // namespace sb
