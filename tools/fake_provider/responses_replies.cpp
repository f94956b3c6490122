// Builders for the fake provider's Responses wire text (see responses_replies.h). Field sets and
// their order follow what OpenAI sends, so that a client's typed decoder accepts every event.
#include "fake_provider/responses_replies.h"

#include <algorithm>
#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

constexpr std::string_view kServerErrorMessage =
    "An error occurred while processing your request. You can retry your request, or contact us "
    "through our help center at help.openai.com if the error persists.";

json::object usage_object(const ResponsesAnswer& a) {
  return {{"input_tokens", a.input_tokens},
          {"input_tokens_details", {{"cached_tokens", 0}}},
          {"output_tokens", a.output_tokens},
          {"output_tokens_details", {{"reasoning_tokens", a.reasoning_tokens}}},
          {"total_tokens", a.input_tokens + a.output_tokens}};
}

json::object reasoning_item(const ResponsesAnswer& a) {
  return {{"id", a.reasoning_id},
          {"type", "reasoning"},
          {"summary", json::array()},
          {"encrypted_content", a.encrypted_reasoning}};
}

json::object output_text_part(std::string_view text) {
  return {{"type", "output_text"},
          {"annotations", json::array()},
          {"logprobs", json::array()},
          {"text", text}};
}

// The answer's item, as it stands before its first delta or once complete.
json::object answer_item(const ResponsesAnswer& a, bool done) {
  const std::string_view status = done ? "completed" : "in_progress";
  if (a.tool_call) {
    return {{"id", a.item_id},      {"type", "function_call"},
            {"status", status},     {"arguments", done ? a.tool_call->arguments : ""},
            {"call_id", a.call_id}, {"name", a.tool_call->name}};
  }
  json::array content;
  if (done) content.push_back(output_text_part(a.text));
  return {{"id", a.item_id},
          {"type", "message"},
          {"status", status},
          {"content", std::move(content)},
          {"role", "assistant"}};
}

json::array output_items(const ResponsesAnswer& a) {
  json::array output;
  if (a.blocked) return output;
  if (!a.reasoning_id.empty()) output.push_back(reasoning_item(a));
  output.push_back(answer_item(a, true));
  return output;
}

// The response object at a stage of its life: in_progress (no output yet), completed,
// incomplete (blocked) or failed.
json::object response_object(const ResponsesAnswer& a, std::string_view status) {
  const bool finished = status == "completed" || status == "incomplete";
  json::object r{{"id", a.id},
                 {"object", "response"},
                 {"created_at", a.created_at},
                 {"status", status},
                 {"background", false},
                 {"error", nullptr},
                 {"incomplete_details", nullptr}};
  if (status == "incomplete") r["incomplete_details"] = {{"reason", "content_filter"}};
  if (status == "failed") r["error"] = {{"code", "server_error"}, {"message", kServerErrorMessage}};
  r["model"] = a.model;
  r["output"] = finished ? output_items(a) : json::array();
  for (const auto& [key, value] : a.echoed) r[key] = value;
  r["service_tier"] = "default";
  r["text"] = {{"format", {{"type", "text"}}}, {"verbosity", "medium"}};
  r["truncation"] = "disabled";
  r["usage"] = finished ? json::value(usage_object(a)) : json::value(nullptr);
  r["user"] = nullptr;
  return r;
}

// `first`'s fields, then `more`'s, in that order (the order clients see them in).
json::object joined(json::object first, json::object more) {
  for (auto& [key, value] : more) first[key] = std::move(value);
  return first;
}

// Numbers events as they are added: sequence_number is the event's position in the stream.
class EventNumbering {
 public:
  explicit EventNumbering(std::size_t first = 0) : n_(first) {}

  std::string next(std::string_view type, json::object fields) {
    json::object head{{"type", type}, {"sequence_number", n_++}};
    return named_event(type, joined(std::move(head), std::move(fields)));
  }

 private:
  std::size_t n_;
};

std::string_view final_status(const ResponsesAnswer& a) {
  return a.blocked ? "incomplete" : "completed";
}

void add_reasoning_events(const ResponsesAnswer& a, EventNumbering& events, StreamScript& s) {
  s.head.push_back(events.next("response.output_item.added",
                               {{"output_index", 0}, {"item", reasoning_item(a)}}));
  s.head.push_back(
      events.next("response.output_item.done", {{"output_index", 0}, {"item", reasoning_item(a)}}));
}

void add_function_call_events(const ResponsesAnswer& a, std::size_t index, unsigned pieces,
                              EventNumbering& events, StreamScript& s) {
  // Clients must reassemble the arguments from fragments, so always send at least two.
  for (const auto& piece : split_pieces(a.tool_call->arguments, std::max(pieces, 2u))) {
    s.content.push_back(
        events.next("response.function_call_arguments.delta",
                    {{"item_id", a.item_id}, {"output_index", index}, {"delta", piece}}));
  }
  s.tail.push_back(events.next(
      "response.function_call_arguments.done",
      {{"item_id", a.item_id}, {"output_index", index}, {"arguments", a.tool_call->arguments}}));
}

void add_text_events(const ResponsesAnswer& a, std::size_t index, unsigned pieces,
                     EventNumbering& events, StreamScript& s) {
  const auto at = [&](json::object fields) {
    json::object located{{"item_id", a.item_id}, {"output_index", index}, {"content_index", 0}};
    return joined(std::move(located), std::move(fields));
  };
  s.head.push_back(
      events.next("response.content_part.added", at({{"part", output_text_part("")}})));
  for (const auto& piece : split_pieces(a.text, pieces)) {
    s.content.push_back(events.next("response.output_text.delta",
                                    at({{"delta", piece}, {"logprobs", json::array()}})));
  }
  s.tail.push_back(events.next("response.output_text.done",
                               at({{"text", a.text}, {"logprobs", json::array()}})));
  s.tail.push_back(
      events.next("response.content_part.done", at({{"part", output_text_part(a.text)}})));
}

}  // namespace

std::string response_body(const ResponsesAnswer& a) {
  return json::serialize(response_object(a, final_status(a)));
}

StreamScript response_stream_script(const ResponsesAnswer& a, unsigned pieces) {
  StreamScript s;
  EventNumbering events;
  const json::object in_progress = response_object(a, "in_progress");
  s.head.push_back(events.next("response.created", {{"response", in_progress}}));
  s.head.push_back(events.next("response.in_progress", {{"response", in_progress}}));
  if (!a.blocked) {
    std::size_t index = 0;
    if (!a.reasoning_id.empty()) {
      add_reasoning_events(a, events, s);
      ++index;
    }
    s.head.push_back(events.next("response.output_item.added",
                                 {{"output_index", index}, {"item", answer_item(a, false)}}));
    if (a.tool_call)
      add_function_call_events(a, index, pieces, events, s);
    else
      add_text_events(a, index, pieces, events, s);
    s.tail.push_back(events.next("response.output_item.done",
                                 {{"output_index", index}, {"item", answer_item(a, true)}}));
  }
  const std::string_view status = final_status(a);
  s.tail.push_back(events.next(a.blocked ? "response.incomplete" : "response.completed",
                               {{"response", response_object(a, status)}}));
  return s;
}

std::string response_failed_event(const ResponsesAnswer& a, std::size_t sequence_number) {
  EventNumbering events(sequence_number);
  return events.next("response.failed", {{"response", response_object(a, "failed")}});
}

}  // namespace sb::fake
