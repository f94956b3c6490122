// One row per request (issue: accounting): who asked, what served it, what it cost. Built by the
// request path when the request ends (http/usage_recorder.h) and written by the state writer
// (store/usage_rows.h), never on an I/O thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/conversation.h"

namespace sb {

struct UsageRecord {
  std::int64_t unix_ms = 0;        // when the request arrived
  std::string client_key;          // the client key's id; empty while client keys do not exist
  std::string surface;             // the client's dialect: openai_chat, anthropic_messages, ...
  std::string group;               // what `model` resolved to
  std::string deployment;          // who answered, or was tried last; empty when none was tried
  std::string provider;            // the deployment's catalog provider (docs/catalog.md)
  std::string model;               // the deployment's model id
  unsigned status = 0;             // the HTTP status the client got
  std::string failure_chain;       // what x-switchboard-failover said: ACCOUNT/MODEL=REASON,...
  std::optional<Usage> usage;      // as the upstream reported it; none when it reported nothing
  std::optional<double> cost_usd;  // none when there is no usage or the price is unknown
  std::int64_t latency_ms = 0;     // arrival to the last byte sent
  std::optional<std::int64_t> ttft_ms;  // arrival to the first byte of the answer's content
  bool streamed = false;
};

}  // namespace sb
