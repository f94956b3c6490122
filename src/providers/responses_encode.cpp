#include "providers/responses_encode.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "providers/openai_chat_reply.h"
#include "providers/sse_write.h"

namespace sb {

namespace json = boost::json;

namespace {

// The upstream's id without the prefix its own dialect gives it.
std::string_view base_of(std::string_view upstream_id) {
  for (const std::string_view prefix : {"chatcmpl-", "msg_", "resp_"}) {
    if (upstream_id.starts_with(prefix)) return upstream_id.substr(prefix.size());
  }
  return upstream_id;
}

std::string item_id(std::string_view kind, std::string_view base, std::size_t output_index) {
  return fmt::format("{}_{}_{}", kind, base, output_index);
}

struct Outcome {
  std::string_view status;
  std::string_view incomplete_reason;  // empty unless status is incomplete
};

Outcome outcome_of(StopReason stop) {
  switch (stop) {
    case StopReason::Done:
    case StopReason::ToolUse: return {"completed", ""};
    case StopReason::Length:
    case StopReason::ContextFull: return {"incomplete", "max_output_tokens"};
    case StopReason::Filtered: return {"incomplete", "content_filter"};
    case StopReason::Error: return {"failed", ""};
  }
  return {"completed", ""};
}

constexpr std::string_view kUpstreamEndedWithError = "the upstream ended the answer with an error";

json::object usage_object(const Usage& u) {
  const std::int64_t input = u.prompt_total();
  return json::object{{"input_tokens", input},
                      {"input_tokens_details", json::object{{"cached_tokens", u.cache_read}}},
                      {"output_tokens", u.output},
                      {"output_tokens_details", json::object{{"reasoning_tokens", u.reasoning}}},
                      {"total_tokens", input + u.output}};
}

json::object output_text(std::string_view text) {
  return json::object{{"type", "output_text"}, {"text", text}, {"annotations", json::array{}}};
}

json::object message_item(std::string_view id, std::string_view status, json::array content) {
  return json::object{{"id", id},
                      {"type", "message"},
                      {"status", status},
                      {"role", "assistant"},
                      {"content", std::move(content)}};
}

json::object call_item(std::string_view id, std::string_view status, std::string_view call_id,
                       std::string_view name, std::string_view arguments) {
  return json::object{{"id", id},         {"type", "function_call"},
                      {"status", status}, {"call_id", call_id},
                      {"name", name},     {"arguments", arguments}};
}

// A call without arguments still has an object of them: clients parse the text as JSON.
std::string_view arguments_or_empty_object(std::string_view arguments) {
  return arguments.empty() ? std::string_view("{}") : arguments;
}

json::object error_field(std::string_view code, std::string_view message) {
  return json::object{{"code", code}, {"message", message}};
}

// The response object, its settings the defaults (the request is not known here).
json::object response_object(std::string_view id, std::int64_t created, const Outcome& outcome,
                             json::value error, std::string_view model, json::array output,
                             json::value usage) {
  json::value incomplete = nullptr;
  if (!outcome.incomplete_reason.empty()) {
    incomplete = json::object{{"reason", outcome.incomplete_reason}};
  }
  return json::object{{"id", id},
                      {"object", "response"},
                      {"created_at", created},
                      {"status", outcome.status},
                      {"background", false},
                      {"error", std::move(error)},
                      {"incomplete_details", std::move(incomplete)},
                      {"instructions", nullptr},
                      {"max_output_tokens", nullptr},
                      {"model", model},
                      {"output", std::move(output)},
                      {"parallel_tool_calls", true},
                      {"previous_response_id", nullptr},
                      {"reasoning", json::object{{"effort", nullptr}, {"summary", nullptr}}},
                      {"store", false},
                      {"temperature", nullptr},
                      {"text", json::object{{"format", json::object{{"type", "text"}}}}},
                      {"tool_choice", "auto"},
                      {"tools", json::array{}},
                      {"top_p", nullptr},
                      {"truncation", "disabled"},
                      {"usage", std::move(usage)},
                      {"user", nullptr},
                      {"metadata", json::object{}}};
}

// `response.failed` carrying `response`, plus the top-level `error` the SDKs raise on (see the
// header).
std::string failed_event(std::int64_t sequence_number, json::object response, std::string_view code,
                         std::string_view message) {
  json::object mirror =
      openai_error_object(message, "server_error", {}, code).at("error").as_object();
  return sse_event("response.failed", json::object{{"type", "response.failed"},
                                                   {"sequence_number", sequence_number},
                                                   {"response", std::move(response)},
                                                   {"error", std::move(mirror)}});
}

}  // namespace

std::string responses_id(std::string_view upstream_id) {
  return "resp_" + std::string(base_of(upstream_id));
}

std::string build_responses_object(const Reply& reply, std::int64_t created) {
  const std::string_view base = base_of(reply.id);
  json::array output;
  std::string text;  // the message item being gathered
  const auto flush_text = [&] {
    if (text.empty()) return;
    output.push_back(message_item(item_id("msg", base, output.size()), "completed",
                                  json::array{output_text(text)}));
    text.clear();
  };
  for (const auto& part : reply.parts) {
    if (const auto* t = std::get_if<TextPart>(&part)) {
      text += t->text;
    } else if (const auto* c = std::get_if<ToolCallPart>(&part)) {
      flush_text();
      output.push_back(call_item(item_id("fc", base, output.size()), "completed", c->id, c->name,
                                 arguments_or_empty_object(c->arguments)));
    }
  }
  flush_text();

  const Outcome outcome = outcome_of(reply.stop);
  // The item the model was writing when it stopped short is incomplete, as OpenAI marks it.
  if (outcome.status != "completed" && !output.empty()) {
    output.back().as_object()["status"] = "incomplete";
  }
  json::value error = nullptr;
  if (reply.stop == StopReason::Error) error = error_field("server_error", kUpstreamEndedWithError);
  return json::serialize(response_object(responses_id(reply.id), created, outcome, std::move(error),
                                         reply.model, std::move(output),
                                         usage_object(reply.usage.value_or(Usage{}))));
}

std::string responses_stream_error_event(std::string_view code, std::string_view message,
                                         std::int64_t sequence_number) {
  return failed_event(sequence_number,
                      response_object("", 0, {"failed", ""}, error_field(code, message), "",
                                      json::array{}, nullptr),
                      code, message);
}

std::string ResponsesStreamEncoder::event(std::string_view type, json::object fields) {
  json::object data{{"type", type}, {"sequence_number", sequence_++}};
  for (auto& field : fields) data.emplace(field.key(), std::move(field.value()));
  return sse_event(type, data);
}

json::object ResponsesStreamEncoder::response(std::string_view status) const {
  json::array output;
  for (const Item& item : items_) {
    const std::string_view s = item.status.empty() ? std::string_view("in_progress") : item.status;
    const std::string_view arguments =
        item.done ? arguments_or_empty_object(item.text) : std::string_view(item.text);
    output.push_back(item.is_call ? call_item(item.id, s, item.call_id, item.name, arguments)
                                  : message_item(item.id, s, json::array{output_text(item.text)}));
  }
  const Outcome outcome =
      status == "incomplete" ? outcome_of(stop_.value_or(StopReason::Length)) : Outcome{status, ""};
  // None while in progress, as OpenAI sends it; always at a clean end (zeros when the upstream
  // counted nothing); at a failure, only what the upstream counted.
  json::value usage = nullptr;
  const bool counted = status == "failed" ? saw_usage_ : status != "in_progress";
  if (counted) usage = usage_object(usage_);
  return response_object(id_, created_, outcome, nullptr, model_, std::move(output),
                         std::move(usage));
}

std::string ResponsesStreamEncoder::start(std::string_view id, std::string_view model) {
  started_ = true;
  id_ = responses_id(id);
  base_ = base_of(id);
  model_ = model;
  std::string out = event("response.created", {{"response", response("in_progress")}});
  out += event("response.in_progress", {{"response", response("in_progress")}});
  return out;
}

std::string ResponsesStreamEncoder::open_item(Item item) {
  const std::size_t index = items_.size();
  open_ = index;
  items_.push_back(std::move(item));
  const Item& it = items_.back();
  if (it.is_call) {
    return event("response.output_item.added",
                 {{"output_index", index},
                  {"item", call_item(it.id, "in_progress", it.call_id, it.name, "")}});
  }
  std::string out =
      event("response.output_item.added",
            {{"output_index", index}, {"item", message_item(it.id, "in_progress", json::array{})}});
  out += event("response.content_part.added", {{"item_id", it.id},
                                               {"output_index", index},
                                               {"content_index", 0},
                                               {"part", output_text("")}});
  return out;
}

std::string ResponsesStreamEncoder::close_open_item(std::string_view status) {
  if (!open_) return {};
  const std::size_t index = *open_;
  open_.reset();
  Item& it = items_[index];
  it.done = true;
  it.status = status;
  if (it.is_call) {
    const std::string_view arguments = arguments_or_empty_object(it.text);
    std::string out = event(
        "response.function_call_arguments.done",
        {{"item_id", it.id}, {"output_index", index}, {"name", it.name}, {"arguments", arguments}});
    out += event("response.output_item.done",
                 {{"output_index", index},
                  {"item", call_item(it.id, status, it.call_id, it.name, arguments)}});
    return out;
  }
  std::string out = event("response.output_text.done", {{"item_id", it.id},
                                                        {"output_index", index},
                                                        {"content_index", 0},
                                                        {"text", it.text},
                                                        {"logprobs", json::array{}}});
  out += event("response.content_part.done", {{"item_id", it.id},
                                              {"output_index", index},
                                              {"content_index", 0},
                                              {"part", output_text(it.text)}});
  out += event("response.output_item.done",
               {{"output_index", index},
                {"item", message_item(it.id, status, json::array{output_text(it.text)})}});
  return out;
}

std::string ResponsesStreamEncoder::fail(std::string_view message) {
  ended_ = true;
  // The item being written stays as far as it came: no .done events, status incomplete.
  if (open_) items_[*open_].status = "incomplete";
  open_.reset();
  json::object failed = response("failed");
  failed["error"] = error_field("server_error", message);
  return failed_event(sequence_++, std::move(failed), "server_error", message);
}

std::string ResponsesStreamEncoder::encode(const StreamEvent& e) {
  using Kind = StreamEvent::Kind;
  if (ended_) return {};
  // A failure may end a stream that never started: it needs no response.created before it.
  std::string out = started_ || e.kind == Kind::Start || e.kind == Kind::Error ? "" : start("", "");
  switch (e.kind) {
    case Kind::Start:
      if (!started_) out += start(e.id, e.model);
      break;
    case Kind::Text:
      if (e.text.empty()) break;
      if (!open_ || items_[*open_].is_call) {
        out += close_open_item("completed");
        Item message;
        message.id = item_id("msg", base_, items_.size());
        out += open_item(std::move(message));
      }
      items_[*open_].text += e.text;
      out += event("response.output_text.delta", {{"item_id", items_[*open_].id},
                                                  {"output_index", *open_},
                                                  {"content_index", 0},
                                                  {"delta", e.text},
                                                  {"logprobs", json::array{}}});
      break;
    case Kind::CallStart: {
      out += close_open_item("completed");
      Item call;
      call.is_call = true;
      call.id = item_id("fc", base_, items_.size());
      call.call_id = e.id;
      call.name = e.name;
      item_of_call_[e.call] = items_.size();
      out += open_item(std::move(call));
      break;
    }
    case Kind::ArgsDelta: {
      const auto it = item_of_call_.find(e.call);
      if (e.text.empty() || it == item_of_call_.end()) break;
      if (open_ != it->second) {
        spdlog::debug("arguments for tool call {} after its item closed: dropped", e.call);
        break;
      }
      items_[it->second].text += e.text;
      out += event(
          "response.function_call_arguments.delta",
          {{"item_id", items_[it->second].id}, {"output_index", it->second}, {"delta", e.text}});
      break;
    }
    case Kind::Stop: stop_ = e.stop; break;
    case Kind::UsageUpdate:
      usage_ = e.usage;
      saw_usage_ = true;
      break;
    case Kind::End: {
      if (stop_ == StopReason::Error) {
        out += fail(kUpstreamEndedWithError);
        break;
      }
      ended_ = true;
      const Outcome outcome = outcome_of(stop_.value_or(StopReason::Done));
      out += close_open_item(outcome.status == "completed" ? "completed" : "incomplete");
      out += event(fmt::format("response.{}", outcome.status),
                   {{"response", response(outcome.status)}});
      break;
    }
    case Kind::Error:
      out += fail(e.error_message.empty() ? "the upstream stream failed" : e.error_message);
      break;
    case Kind::Thinking: break;
  }
  return out;
}

}  // namespace sb
