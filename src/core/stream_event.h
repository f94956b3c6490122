// One event of an answer being streamed, in neutral terms (the stream half of
// core/conversation.h): what a provider's stream decoder produces and a client dialect's stream
// encoder consumes, so any upstream stream can be relayed in any client dialect, event by event.
//
// Order, as decoders guarantee it: Start first; then text, thinking and tool-call events as they
// come (a tool call's ArgsDelta only after its CallStart); Stop when the model says why it ended;
// Usage whenever counts arrive (cumulative: the latest replaces the earlier); End last, only when
// the upstream finished cleanly. Error ends the stream instead of End.
#pragma once

#include <string>

#include "core/conversation.h"

namespace sb {

struct StreamEvent {
  enum class Kind { Start, Text, Thinking, CallStart, ArgsDelta, Stop, UsageUpdate, Error, End };
  Kind kind = Kind::Text;
  std::string id;     // Start: the answer's id; CallStart: the tool call's id
  std::string model;  // Start
  std::string name;   // CallStart: the tool's name
  int call = 0;       // CallStart, ArgsDelta: which tool call of the answer (0, 1, ...)
  std::string text;   // Text, Thinking; ArgsDelta: a piece of the arguments' JSON text
  StopReason stop = StopReason::Done;  // Stop
  Usage usage;                         // UsageUpdate
  std::string error_json;     // Error: the upstream's error event as it sent it (for classifying)
  std::string error_message;  // Error: what it says, for the client

  // An event of `kind` with every other field empty, for a decoder to fill in.
  static StreamEvent of(Kind kind) {
    StreamEvent e;
    e.kind = kind;
    return e;
  }
};

}  // namespace sb
