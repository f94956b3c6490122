#include "providers/json_fields.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sb {

namespace json = boost::json;

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

Result<std::optional<double>> optional_number(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) {
    return make_error(ErrorKind::InvalidRequest, fmt::format("`{}` must be a number", key),
                      std::string(key));
  }
  return std::optional<double>{v->to_number<double>()};
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
