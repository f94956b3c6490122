#include "cli/models_command.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "catalog/catalog.h"
#include "cli/exit_code.h"
#include "cli/table.h"

namespace sb::cli {

namespace json = boost::json;

namespace {

constexpr std::string_view kNone = "-";

std::string count_cell(const std::optional<std::int64_t>& n) {
  return n ? format_token_count(*n) : std::string(kNone);
}

std::string price_cell(const std::optional<ModelPrice>& price, double ModelPrice::*field) {
  return price ? fmt::format("{:g}", (*price).*field) : std::string(kNone);
}

std::string capabilities_cell(const ModelInfo& m) {
  std::string out;
  for (auto [name, known] :
       {std::pair{"tools", m.tools}, {"vision", m.vision}, {"reasoning", m.reasoning}}) {
    if (known == true) out += (out.empty() ? "" : " ") + std::string(name);
  }
  return out.empty() ? std::string(kNone) : out;
}

}  // namespace

std::string format_token_count(std::int64_t n) {
  for (auto [unit, suffix] : {std::pair<std::int64_t, const char*>{1'000'000, "M"},
                              {1 << 20, "M"},
                              {1000, "k"},
                              {1024, "k"}}) {
    if (n >= unit && n % unit == 0) return fmt::format("{}{}", n / unit, suffix);
  }
  return fmt::format("{}", n);
}

std::optional<std::int64_t> parse_token_count(std::string_view text) {
  std::int64_t scale = 1;
  if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) scale = 1000;
  if (!text.empty() && text.back() == 'M') scale = 1'000'000;
  if (scale != 1) text.remove_suffix(1);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0) {
    return std::nullopt;
  }
  return n * scale;
}

std::string render_models(const std::vector<ModelRow>& rows) {
  Table table({"PROVIDER", "MODEL", "CONTEXT", "MAX OUT", "INPUT", "OUTPUT", "CACHE READ",
               "CACHE WRITE", "CAPABILITIES"},
              {false, false, true, true, true, true, true, true, false});
  for (const ModelRow& row : rows) {
    const ModelInfo& m = row.model;
    table.add({row.lister(), row.deployment ? m.id + " (config)" : m.id,
               count_cell(m.context_window), count_cell(m.max_output),
               price_cell(m.price, &ModelPrice::input), price_cell(m.price, &ModelPrice::output),
               price_cell(m.price, &ModelPrice::cache_read),
               price_cell(m.price, &ModelPrice::cache_write), capabilities_cell(m)});
  }
  return table.render() + "prices: USD per million tokens\n";
}

int run_models(const Config& config, const ModelQuery& query, bool as_json, std::ostream& out) {
  const std::vector<ModelRow> rows = query_models(Catalog::builtin(), config, query);
  if (!as_json) {
    out << (rows.empty() ? std::string("no model matches\n") : render_models(rows));
    return kOk;
  }
  json::array list;
  for (const ModelRow& row : rows) {
    json::object o{{"provider", row.model.provider}, {"id", row.model.id}};
    if (!row.model.name.empty()) o["name"] = row.model.name;
    for (auto& [key, value] : model_facts_json(row.model)) o[key] = value;
    if (row.deployment) o["deployment"] = row.deployment->id();
    list.emplace_back(std::move(o));
  }
  out << json::serialize(list) << '\n';
  return kOk;
}

}  // namespace sb::cli
