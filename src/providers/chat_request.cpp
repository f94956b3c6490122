#include "providers/chat_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

namespace sb {
namespace {

namespace json = boost::json;

// SAX handler. Tracks the container stack so it knows when a value belongs to a top-level key
// (stack depth 1) or to a key of the top-level `stream_options` object (depth 2).
class ScanHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  ScanHandler(std::string_view body, std::string_view history_key)
      : body_(body), history_key_(history_key) {}

  ChatRequestFacts facts;
  std::string problem;  // first shape problem found, with its field in problem_param
  std::string problem_param;
  bool saw_model = false;
  bool saw_history = false;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code& ec) {
    if (stack_.empty()) {
      stack_.push_back('o');
      return true;
    }
    if (at_top()) {
      check_top_value(Kind::Object);
      in_stream_options_ = (top_key_ == "stream_options");
    }
    stack_.push_back('o');
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    stack_.pop_back();
    if (at_top()) in_stream_options_ = false;
    return true;
  }
  bool on_array_begin(json::error_code& ec) {
    if (stack_.empty()) return fail_shape("the request body must be a JSON object", "", ec);
    if (at_top()) check_top_value(Kind::Array);
    stack_.push_back('a');
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack_.pop_back();
    if (at_top() && top_key_ == "tools") facts.has_tools = n > 0;
    return true;
  }

  bool on_key_part(std::string_view s, std::size_t, json::error_code&) {
    key_buf_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, json::error_code&) {
    key_buf_.append(s);
    if (stack_.size() == 1) {
      top_key_ = std::move(key_buf_);
      if (top_key_ == "stream_options") facts.has_stream_options = true;
      if (top_key_ == "model" && saw_model) {
        problem = "the key \"model\" appears more than once";
        problem_param = "model";
      }
    } else if (stack_.size() == 2 && in_stream_options_) {
      sub_key_ = std::move(key_buf_);
    } else if (top_key_ == history_key_) {
      // A content part {"type":"image_url","image_url":{...}} (Responses: input_image's).
      if (key_buf_ == "image_url") facts.has_images = true;
      in_call_id_ = key_buf_ == "id" || key_buf_ == "tool_call_id" || key_buf_ == "call_id" ||
                    key_buf_ == "tool_use_id";
    }
    key_buf_.clear();
    return true;
  }

  bool on_string_part(std::string_view s, std::size_t, json::error_code&) {
    if (at_top() && top_key_ == "model") {
      model_split_ = true;
      facts.model.append(s);
    }
    return true;
  }
  bool on_string(std::string_view s, std::size_t n, json::error_code&) {
    if (!at_top()) {
      if (in_call_id_) facts.longest_call_id = std::max(facts.longest_call_id, n);
      in_call_id_ = false;
      return scalar(Kind::String);
    }
    if (top_key_ == "model") {
      saw_model = true;
      facts.model.append(s);
      record_model_span(s, n);
    } else {
      check_top_value(Kind::String);
    }
    return true;
  }

  bool on_number_part(std::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, json::error_code&) { return scalar(Kind::Number); }
  bool on_uint64(std::uint64_t, std::string_view, json::error_code&) {
    return scalar(Kind::Number);
  }
  bool on_double(double, std::string_view, json::error_code&) { return scalar(Kind::Number); }
  bool on_bool(bool b, json::error_code&) {
    if (stack_.empty()) return scalar(Kind::Bool);
    if (at_top()) {
      check_top_value(Kind::Bool);
      if (top_key_ == "stream") facts.stream = b;
    } else if (in_stream_options_ && stack_.size() == 2 && sub_key_ == "include_usage") {
      facts.include_usage = b;
    }
    return true;
  }
  bool on_null(json::error_code&) { return scalar(Kind::Null); }
  bool on_comment_part(std::string_view, json::error_code&) { return true; }
  bool on_comment(std::string_view, json::error_code&) { return true; }

 private:
  enum class Kind { Object, Array, String, Number, Bool, Null };

  bool at_top() const { return stack_.size() == 1; }

  bool scalar(Kind k) {
    if (stack_.empty()) set_problem("the request body must be a JSON object", "");
    if (at_top()) check_top_value(k);
    return true;
  }

  bool fail_shape(std::string message, std::string param, json::error_code& ec) {
    problem = std::move(message);
    problem_param = std::move(param);
    ec = json::error::syntax;  // stop parsing; `problem` tells the real reason
    return false;
  }

  // Type rules for the top-level fields the gateway depends on. Other fields are the
  // upstream's business and pass through unchecked.
  void check_top_value(Kind k) {
    if (!problem.empty()) return;
    if (top_key_ == "model") {
      saw_model = true;
      if (k != Kind::String) set_problem("`model` must be a string", "model");
    } else if (top_key_ == history_key_) {
      saw_history = true;
      // Responses also takes its input as one string.
      const bool string_ok = history_key_ == "input" && k == Kind::String;
      if (k != Kind::Array && !string_ok) {
        set_problem(fmt::format("`{}` must be an array{}", history_key_,
                                history_key_ == "input" ? " or a string" : ""),
                    std::string(history_key_));
      }
    } else if (top_key_ == "stream") {
      if (k != Kind::Bool && k != Kind::Null) set_problem("`stream` must be a boolean", "stream");
    } else if (top_key_ == "tools") {
      if (k != Kind::Array && k != Kind::Null) set_problem("`tools` must be an array", "tools");
    }
  }
  void set_problem(std::string message, std::string param) {
    problem = std::move(message);
    problem_param = std::move(param);
  }

  void record_model_span(std::string_view last_piece, std::size_t total) {
    // Unescaped strings arrive as one view into the input; anything else is rewritten the slow
    // way, so the span is only trusted when it provably brackets the token.
    const char* begin = body_.data();
    const char* end = begin + body_.size();
    if (model_split_ || last_piece.size() != total || last_piece.data() <= begin ||
        last_piece.data() + last_piece.size() >= end) {
      facts.exact_span = false;
      return;
    }
    std::size_t offset = std::size_t(last_piece.data() - begin) - 1;
    std::size_t length = last_piece.size() + 2;
    facts.exact_span = body_[offset] == '"' && body_[offset + length - 1] == '"';
    facts.model_offset = offset;
    facts.model_length = length;
  }

  std::string_view body_;
  std::string_view history_key_;
  std::string stack_;
  std::string top_key_;
  std::string sub_key_;
  std::string key_buf_;
  bool in_stream_options_ = false;
  bool model_split_ = false;
  bool in_call_id_ = false;  // the next string is a tool-call id
};

}  // namespace

Result<ChatRequestFacts> scan_chat_request(std::string_view body, std::string_view history_key) {
  json::basic_parser<ScanHandler> parser(json::parse_options{}, body, history_key);
  json::error_code ec;
  std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
  auto& h = parser.handler();
  if (!h.problem.empty()) return make_error(ErrorKind::InvalidRequest, h.problem, h.problem_param);
  if (ec || used != body.size()) {
    return make_error(ErrorKind::InvalidRequest,
                      fmt::format("the request body is not valid JSON ({} at byte {})",
                                  ec ? ec.message() : "trailing data", used));
  }
  if (!h.saw_history) {
    return make_error(ErrorKind::InvalidRequest, fmt::format("`{}` is required", history_key),
                      std::string(history_key));
  }
  if (!h.saw_model || h.facts.model.empty()) {
    return make_error(ErrorKind::ModelNotFound, "`model` is required", "model");
  }
  return std::move(h.facts);
}

std::string rewrite_model(std::string_view body, const ChatRequestFacts& facts,
                          std::string_view model, bool ask_stream_usage) {
  // Exact splices when they are safe: the model token's span, and a `stream_options` member
  // added before the closing brace when the client sent none.
  const bool splice_usage = ask_stream_usage && !facts.has_stream_options;
  if (facts.exact_span && (!ask_stream_usage || splice_usage)) {
    constexpr std::string_view kAskUsage = R"(,"stream_options":{"include_usage":true})";
    std::string out;
    std::string quoted = json::serialize(json::string_view(model.data(), model.size()));
    out.reserve(body.size() + quoted.size() + (splice_usage ? kAskUsage.size() : 0));
    out.append(body.substr(0, facts.model_offset));
    out.append(quoted);
    const std::string_view rest = body.substr(facts.model_offset + facts.model_length);
    if (!splice_usage) {
      out.append(rest);
      return out;
    }
    // The body is a valid JSON object: its last '}' closes it, whitespace at most after it.
    const std::size_t close = rest.rfind('}');
    out.append(rest.substr(0, close));
    out.append(kAskUsage);
    out.append(rest.substr(close));
    return out;
  }
  json::value doc = json::parse(json::string_view(body.data(), body.size()));
  json::object& o = doc.as_object();
  o["model"] = json::string(model.data(), model.size());
  if (ask_stream_usage) {
    json::value& options = o["stream_options"];
    if (!options.is_object()) options = json::object{};
    options.as_object()["include_usage"] = true;
  }
  return json::serialize(doc);
}

}  // namespace sb
