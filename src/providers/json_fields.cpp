#include "providers/json_fields.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return std::nullopt;
  return std::move(doc.as_object());
}

std::string text_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object* object_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

std::int64_t count_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && (v->is_int64() || v->is_uint64()) ? v->to_number<std::int64_t>() : 0;
}

const json::object* first_object(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array() || v->as_array().empty()) return nullptr;
  return v->as_array().front().if_object();
}

GatewayError invalid_request(std::string message, std::string param) {
  return make_error(ErrorKind::InvalidRequest, std::move(message), std::move(param));
}

Result<const json::array*> required_array(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) {
    return invalid_request(fmt::format("`{}` must be an array", key), std::string(key));
  }
  return &v->as_array();
}

const json::string* string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

std::string_view type_of(const json::object& o) {
  const auto* type = string_at(o, "type");
  return type ? std::string_view(*type) : std::string_view();
}

Result<std::optional<double>> optional_number(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) {
    return invalid_request(fmt::format("`{}` must be a number", key), std::string(key));
  }
  return std::optional<double>{v->to_number<double>()};
}

Result<std::optional<std::int64_t>> optional_whole_number(const json::object& body,
                                                          std::string_view key) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (!v->is_int64() && !v->is_uint64()) {
    return invalid_request(fmt::format("`{}` must be a whole number", key), std::string(key));
  }
  return std::optional<std::int64_t>{v->to_number<std::int64_t>()};
}

Result<std::string> joined_text(const json::array& parts, std::string_view part_type,
                                std::string_view separator, std::string_view refusal,
                                const std::string& param) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const json::object* part = parts[i].if_object();
    const json::string* text = part ? string_at(*part, "text") : nullptr;
    if (!part || type_of(*part) != part_type || !text) {
      return invalid_request(std::string(refusal), fmt::format("{}[{}]", param, i));
    }
    if (i > 0) out += separator;
    out += *text;
  }
  return out;
}

void log_dropped_fields(const json::object& body, std::span<const std::string_view> understood,
                        std::string_view what) {
  for (const auto& field : body) {
    if (std::find(understood.begin(), understood.end(), field.key()) == understood.end()) {
      spdlog::debug("{} request field `{}` has no equivalent upstream: dropped", what,
                    std::string_view(field.key()));
    }
  }
}

}  // namespace sb
