// Stream translation into the OpenAI Responses dialect (providers/responses_encode.h): every
// recorded stream translated for a Responses client (tests/fixtures/translate_streams/
// *_to_responses, whose exact bytes translate_stream_golden_test checks) is a well-formed
// Responses event sequence (PROVIDERS.md §1 "Responses streaming"), checked here independently
// of the encoder, whatever the chunking; the relay's rules (classify_responses_event) read it as
// they read OpenAI's own; and the encoder and classifier rules the recordings do not reach.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>

#include "providers/responses_encode.h"
#include "providers/responses_stream.h"
#include "providers/sse.h"
#include "recorded_streams.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace sb::testing;

const fs::path kStreams = fs::path(SB_FIXTURES_DIR) / "translate_streams";

// Every recorded stream a Responses client is served from that ends (cases named `cut` do not):
// FOLDER/CASE, FOLDER naming the upstream dialect (UPSTREAM_to_responses).
std::vector<std::string> all_cases() {
  std::vector<std::string> out;
  for (const std::string folder :
       {"anthropic_to_responses", "openai_chat_to_responses", "gemini_to_responses"}) {
    for (const auto& name : recorded_cases(kStreams / folder)) {
      // A cut upstream has no end for the encoder to write: the relay ends it (with an error).
      if (name.find("cut") == std::string::npos) out.push_back(folder + "/" + name);
    }
  }
  return out;
}

std::string direction_of(const std::string& c) { return c.substr(0, c.find('/')); }
std::string name_of(const std::string& c) { return c.substr(c.find('/') + 1); }

std::string translate_case(const std::string& c, const std::vector<std::string_view>& pieces) {
  static const std::map<std::string, Dialect> kUpstreams = {
      {"anthropic_to_responses", Dialect::AnthropicMessages},
      {"openai_chat_to_responses", Dialect::OpenAIChat},
      {"gemini_to_responses", Dialect::Gemini}};
  const auto t = find_translation(Dialect::OpenAIResponses, kUpstreams.at(direction_of(c)));
  return translate_pieces(*t, 1700000000, false, pieces);
}

std::string translate_case(const std::string& c) {
  return translate_case(c, {recorded_input(kStreams / direction_of(c), name_of(c))});
}

// Empty when `out` is a well-formed Responses stream, else what is wrong with it, checked as
// openai-node's accumulator reads it: `event:` names the data's type; sequence numbers count
// from 0; response.created then response.in_progress open it; items are added at the next
// output index, one at a time, and every delta and .done names the open item by id and index;
// the .done events carry exactly what the deltas added up to; the end is response.completed or
// response.incomplete whose output is every item as done, or response.failed, and nothing follows.
std::string responses_sequence_problem(const std::string& out) {
  SseFramer framer;
  const auto events = framer.feed(out);
  if (events.empty()) return "no events";
  json::array done_items;
  std::string open_id, open_type, text;
  long long open_index = -1;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    const std::string at = "event " + std::to_string(i) + ": ";
    json::error_code ec;
    const json::value v = json::parse(e.data, ec);
    if (ec || !v.is_object()) return at + "data is not an object";
    const json::object& o = v.as_object();
    const std::string type(o.at("type").as_string());
    if (type != e.event) return at + "event line `" + e.event + "` but data type " + type;
    if (o.at("sequence_number").to_number<std::size_t>() != i) return at + "sequence out of order";
    const bool last = i + 1 == events.size();
    const auto names_open_item = [&] {
      return open_index >= 0 && o.at("item_id").as_string() == open_id &&
             o.at("output_index").to_number<long long>() == open_index;
    };
    if (i == 0 && type != "response.created" && type != "response.failed") {
      return at + "first event is " + type;
    }
    if (type == "response.created" || type == "response.in_progress") {
      if (i != (type == "response.created" ? 0u : 1u)) return at + type + " out of place";
      if (o.at("response").at("status") != "in_progress") return at + "not in_progress";
    } else if (type == "response.output_item.added") {
      if (open_index >= 0) return at + "item added while another is open";
      open_index = o.at("output_index").to_number<long long>();
      if (open_index != static_cast<long long>(done_items.size())) return at + "bad output_index";
      const json::object& item = o.at("item").as_object();
      open_id = item.at("id").as_string();
      open_type = item.at("type").as_string();
      if (item.at("status") != "in_progress") return at + "item added not in_progress";
      text.clear();
    } else if (type == "response.content_part.added") {
      if (!names_open_item() || open_type != "message") return at + "part outside its message";
    } else if (type == "response.output_text.delta") {
      if (!names_open_item() || open_type != "message") return at + "text outside its message";
      if (o.at("content_index") != 0) return at + "content_index";
      text += o.at("delta").as_string();
    } else if (type == "response.function_call_arguments.delta") {
      if (!names_open_item() || open_type != "function_call") return at + "arguments outside";
      text += o.at("delta").as_string();
    } else if (type == "response.output_text.done") {
      if (!names_open_item() || o.at("text").as_string() != text) return at + "text.done differs";
    } else if (type == "response.content_part.done") {
      if (!names_open_item() || o.at("part").at("text").as_string() != text) {
        return at + "content_part.done differs";
      }
    } else if (type == "response.function_call_arguments.done") {
      const std::string arguments(o.at("arguments").as_string());
      if (!names_open_item() || (arguments != text && !(text.empty() && arguments == "{}"))) {
        return at + "arguments.done differs";
      }
      json::parse(arguments, ec);
      if (ec) return at + "arguments are not JSON: " + arguments;
    } else if (type == "response.output_item.done") {
      const json::object& item = o.at("item").as_object();
      if (o.at("output_index").to_number<long long>() != open_index ||
          item.at("id").as_string() != open_id) {
        return at + "done names another item";
      }
      const bool message = open_type == "message";
      const json::value& got = message ? item.at("content").at(0).at("text") : item.at("arguments");
      if (got.as_string() != text && !(text.empty() && got == "{}")) return at + "item differs";
      done_items.push_back(item);
      open_index = -1;
    } else if (type == "response.completed" || type == "response.incomplete") {
      if (!last) return at + "events after the end";
      if (open_index >= 0) return at + "ends with an item open";
      const json::object& response = o.at("response").as_object();
      if (response.at("output") != json::value(done_items)) return at + "output differs";
      if (!response.at("usage").is_object()) return at + "no usage";
      return {};
    } else if (type == "response.failed") {
      if (!last) return at + "events after the failure";
      if (!o.at("response").at("error").at("message").is_string()) return at + "no error";
      if (!o.at("error").at("message").is_string()) return at + "no top-level error";
      return {};
    } else {
      return at + "unknown event " + type;
    }
  }
  return "the stream ends without response.completed, response.incomplete or response.failed";
}

class ToResponsesStream : public ::testing::TestWithParam<std::string> {};

TEST_P(ToResponsesStream, IsAWellFormedResponsesStream) {
  const std::string out = translate_case(GetParam());
  EXPECT_EQ(responses_sequence_problem(out), "") << out;
}

TEST_P(ToResponsesStream, TheRelaysHoldBackAndEndRulesReadIt) {
  // At least the two lifecycle events are held back before the first content; a failure or a
  // clean end only as the very last event.
  SseFramer framer;
  const auto events = framer.feed(translate_case(GetParam()));
  ASSERT_GE(events.size(), 2u);
  std::size_t i = 0;
  while (i < events.size() && classify_responses_event(events[i]) == ChatEventKind::Preamble) ++i;
  ASSERT_LT(i, events.size()) << "nothing but preamble";
  EXPECT_GE(i, 2u) << "response.created and response.in_progress are held back";
  for (; i + 1 < events.size(); ++i) {
    const auto kind = classify_responses_event(events[i]);
    EXPECT_TRUE(kind == ChatEventKind::Content || kind == ChatEventKind::Preamble)
        << events[i].event;
  }
  const auto last = classify_responses_event(events.back());
  const bool failed = events.back().event == "response.failed";
  EXPECT_EQ(last, failed ? ChatEventKind::Error : ChatEventKind::Done);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ToResponsesStream, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

RC_GTEST_PROP(ToResponsesStreamProperty, WellFormedWhateverTheChunking, ()) {
  static const std::vector<std::string> kCases = all_cases();
  RC_PRE(!kCases.empty());
  const std::string& c = *rc::gen::elementOf(kCases);
  const std::string in = recorded_input(kStreams / direction_of(c), name_of(c));
  RC_ASSERT(responses_sequence_problem(translate_case(c, random_pieces(in))).empty());
}

// ---- Rules the recorded streams do not all reach ----------------------------------------------

std::vector<SseEvent> frame(const std::string& text) {
  SseFramer framer;
  return framer.feed(text);
}

TEST(ResponsesStreamEncoder, NothingIsWrittenAfterTheEnd) {
  ResponsesStreamEncoder encoder(1700000000);
  encoder.encode(StreamEvent::of(StreamEvent::Kind::Start));
  EXPECT_NE(encoder.encode(StreamEvent::of(StreamEvent::Kind::End)), "");
  StreamEvent text = StreamEvent::of(StreamEvent::Kind::Text);
  text.text = "late";
  EXPECT_EQ(encoder.encode(text), "");
  EXPECT_EQ(encoder.encode(StreamEvent::of(StreamEvent::Kind::End)), "");
  EXPECT_EQ(encoder.encode(StreamEvent::of(StreamEvent::Kind::Error)), "");
}

TEST(ResponsesStreamEncoder, AnErrorBeforeAnyEventIsTheWholeStream) {
  ResponsesStreamEncoder encoder(1700000000);
  StreamEvent error = StreamEvent::of(StreamEvent::Kind::Error);
  error.error_message = "Overloaded";
  const auto events = frame(encoder.encode(error));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "response.failed");
  EXPECT_EQ(classify_responses_event(events[0]), ChatEventKind::Error);
  const json::value data = json::parse(events[0].data);
  EXPECT_EQ(data.at("sequence_number"), 0);
  EXPECT_EQ(data.at("response").at("error"),
            json::parse(R"({"code":"server_error","message":"Overloaded"})"));
}

TEST(ResponsesStreamEncoder, AnEventBeforeStartOpensTheStreamFirst) {
  ResponsesStreamEncoder encoder(1700000000);
  StreamEvent text = StreamEvent::of(StreamEvent::Kind::Text);
  text.text = "Hi";
  const auto events = frame(encoder.encode(text));
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0].event, "response.created");
  EXPECT_EQ(events[1].event, "response.in_progress");
}

TEST(ResponsesStreamEncoder, ThinkingWritesNothing) {
  ResponsesStreamEncoder encoder(1700000000);
  encoder.encode(StreamEvent::of(StreamEvent::Kind::Start));
  StreamEvent thinking = StreamEvent::of(StreamEvent::Kind::Thinking);
  thinking.text = "hmm";
  EXPECT_EQ(encoder.encode(thinking), "");
}

TEST(ResponsesStreamEncoder, ArgumentsForACallWhoseItemClosedAreDropped) {
  ResponsesStreamEncoder encoder(1700000000);
  encoder.encode(StreamEvent::of(StreamEvent::Kind::Start));
  StreamEvent call = StreamEvent::of(StreamEvent::Kind::CallStart);
  call.id = "call_1";
  call.name = "f";
  encoder.encode(call);
  StreamEvent text = StreamEvent::of(StreamEvent::Kind::Text);
  text.text = "between";
  encoder.encode(text);
  StreamEvent late = StreamEvent::of(StreamEvent::Kind::ArgsDelta);
  late.text = "{}";
  EXPECT_EQ(encoder.encode(late), "");
}

TEST(ResponsesStreamEncoder, AFailureAfterTextKeepsTheItemAsFarAsItCame) {
  ResponsesStreamEncoder encoder(1700000000);
  StreamEvent start = StreamEvent::of(StreamEvent::Kind::Start);
  start.id = "msg_9";
  start.model = "m";
  encoder.encode(start);
  StreamEvent text = StreamEvent::of(StreamEvent::Kind::Text);
  text.text = "Par";
  encoder.encode(text);
  const auto events = frame(encoder.encode(StreamEvent::of(StreamEvent::Kind::Error)));
  ASSERT_EQ(events.size(), 1u);
  const json::value data = json::parse(events[0].data);
  EXPECT_EQ(data.at("sequence_number"), 5);
  const json::value& response = data.at("response");
  EXPECT_EQ(response.at("id"), "resp_9");
  EXPECT_EQ(response.at("status"), "failed");
  EXPECT_EQ(response.at("output").at(0).at("status"), "incomplete");
  EXPECT_EQ(response.at("output").at(0).at("content").at(0).at("text"), "Par");
  EXPECT_EQ(data.at("error").at("code"), "server_error");
}

TEST(ResponsesStreamErrorEvent, IsAFailureTheSdkRaisesOn) {
  const auto events =
      frame(responses_stream_error_event("upstream_stream_failed", "the upstream broke", 12));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "response.failed");
  EXPECT_EQ(classify_responses_event(events[0]), ChatEventKind::Error);
  const json::value data = json::parse(events[0].data);
  EXPECT_EQ(data.at("type"), "response.failed");
  EXPECT_EQ(data.at("sequence_number"), 12);
  EXPECT_EQ(data.at("response").at("status"), "failed");
  EXPECT_EQ(data.at("response").at("output"), json::array{});
  EXPECT_EQ(data.at("response").at("error"),
            json::parse(R"({"code":"upstream_stream_failed","message":"the upstream broke"})"));
  // openai-node throws an APIError for any event whose data has a top-level `error`.
  EXPECT_EQ(data.at("error"), json::parse(R"({"message":"the upstream broke",)"
                                          R"("type":"server_error","param":null,)"
                                          R"("code":"upstream_stream_failed"})"));
}

TEST(BuildResponsesObject, IdsDropTheUpstreamPrefix) {
  Reply reply;
  reply.parts = {TextPart{"a"}};
  for (const auto& [upstream, expected] :
       std::vector<std::pair<std::string, std::string>>{{"chatcmpl-abc", "resp_abc"},
                                                        {"msg_01X", "resp_01X"},
                                                        {"resp_7", "resp_7"},
                                                        {"gen-1", "resp_gen-1"}}) {
    reply.id = upstream;
    const json::value out = json::parse(build_responses_object(reply, 1));
    EXPECT_EQ(out.at("id").as_string(), expected);
    EXPECT_EQ(out.at("output").at(0).at("id").as_string(), "msg_" + expected.substr(5) + "_0");
  }
}

TEST(BuildResponsesObject, NoUsageReadsAsZeros) {
  Reply reply;
  reply.id = "x";
  const json::value out = json::parse(build_responses_object(reply, 1));
  EXPECT_EQ(out.at("usage").at("total_tokens"), 0);
  EXPECT_EQ(out.at("output"), json::array{});
  EXPECT_EQ(out.at("object"), "response");
}

// ---- classify_responses_event, on events as OpenAI sends them ---------------------------------

SseEvent responses_event(std::string type, std::string data) {
  SseEvent e;
  e.event = std::move(type);
  e.data = std::move(data);
  e.has_data = true;
  return e;
}

ChatEventKind classified(std::string type, std::string data) {
  return classify_responses_event(responses_event(std::move(type), std::move(data)));
}

TEST(ClassifyResponsesEvent, TheLifecycleBeforeTheAnswerIsPreamble) {
  SseEvent comment;
  comment.comment_only = true;
  EXPECT_EQ(classify_responses_event(comment), ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.created", R"({"type":"response.created","sequence_number":0,)"
                                           R"("response":{"status":"in_progress","output":[]}})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.in_progress", R"({"type":"response.in_progress"})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.queued", R"({"type":"response.queued"})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("keepalive", R"({"type":"keepalive","sequence_number":3})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.output_item.added",
                       R"({"type":"response.output_item.added","output_index":0,"item":)"
                       R"({"id":"msg_1","type":"message","status":"in_progress","content":[],)"
                       R"("role":"assistant"}})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.output_item.added",
                       R"({"type":"response.output_item.added","output_index":0,"item":)"
                       R"({"id":"rs_1","type":"reasoning","summary":[]}})"),
            ChatEventKind::Preamble);
  EXPECT_EQ(classified("response.content_part.added",
                       R"({"type":"response.content_part.added","item_id":"msg_1",)"
                       R"("output_index":0,"content_index":0,"part":{"type":"output_text",)"
                       R"("text":"","annotations":[]}})"),
            ChatEventKind::Preamble);
}

TEST(ClassifyResponsesEvent, DeltasAndCallsAreContent) {
  EXPECT_EQ(classified("response.output_text.delta",
                       R"({"type":"response.output_text.delta","item_id":"msg_1",)"
                       R"("output_index":0,"content_index":0,"delta":"Hi"})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("response.refusal.delta", R"({"type":"response.refusal.delta"})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("response.output_item.added",
                       R"({"type":"response.output_item.added","output_index":0,"item":)"
                       R"({"id":"fc_1","type":"function_call","call_id":"call_1",)"
                       R"("name":"f","arguments":""}})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("response.function_call_arguments.delta",
                       R"({"type":"response.function_call_arguments.delta","delta":"{"})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("response.reasoning_summary_text.delta",
                       R"({"type":"response.reasoning_summary_text.delta","delta":"x"})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("response.web_search_call.searching",
                       R"({"type":"response.web_search_call.searching"})"),
            ChatEventKind::Content);
  EXPECT_EQ(classified("", "[DONE]"), ChatEventKind::Content);
}

TEST(ClassifyResponsesEvent, FailuresAreErrors) {
  // The documented flat shape, and the nested one OpenAI really sends.
  EXPECT_EQ(classified("error", R"({"type":"error","code":"server_error","message":"x",)"
                                R"("param":null,"sequence_number":2})"),
            ChatEventKind::Error);
  EXPECT_EQ(classified("error", R"({"type":"error","error":{"type":"insufficient_quota",)"
                                R"("code":"credit_balance_exhausted","message":"x"},)"
                                R"("sequence_number":2})"),
            ChatEventKind::Error);
  EXPECT_EQ(
      classified("response.failed", R"({"type":"response.failed","response":{"status":"failed",)"
                                    R"("error":{"code":"server_error","message":"x"}}})"),
      ChatEventKind::Error);
  EXPECT_EQ(classified("error", "not json"), ChatEventKind::Error);
}

TEST(ClassifyResponsesEvent, CompletedAndIncompleteAreCleanEnds) {
  EXPECT_EQ(classified("response.completed", R"({"type":"response.completed",)"
                                             R"("response":{"status":"completed"}})"),
            ChatEventKind::Done);
  EXPECT_EQ(classified("response.incomplete",
                       R"({"type":"response.incomplete","response":{"status":"incomplete",)"
                       R"("incomplete_details":{"reason":"max_output_tokens"}}})"),
            ChatEventKind::Done);
}

TEST(ClassifyResponsesEvent, TheDataTypeWinsOverTheEventLine) {
  EXPECT_EQ(classified("", R"({"type":"response.completed"})"), ChatEventKind::Done);
  EXPECT_EQ(classified("message", R"({"type":"response.failed"})"), ChatEventKind::Error);
  EXPECT_EQ(classified("response.completed", R"({"sequence_number":9})"), ChatEventKind::Done);
}

}  // namespace
}  // namespace sb
