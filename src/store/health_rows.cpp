#include "store/health_rows.h"

#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

namespace {

void read_classes(std::string_view text, HealthSummary& s) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  for (const auto& [key, count] : v.as_object()) {
    const auto cls = parse_failure_class(key);
    if (cls && count.is_int64()) {
      s.errors_by_class[static_cast<std::size_t>(*cls)] = count.as_int64();
    }
  }
}

void bind_percentiles(Stmt& s, int first_index, const LogHistogram& h) {
  int i = first_index;
  for (double q : {0.5, 0.95, 0.99}) {
    if (h.empty()) {
      s.bind_null(i++);
    } else {
      s.bind_double(i++, h.quantile(q));
    }
  }
}

LogHistogram histogram_or_empty(const std::string& text) {
  auto h = LogHistogram::decode(text);
  return h ? std::move(*h) : LogHistogram{};
}

}  // namespace

void insert_health_minute(StateStore& store, const DeploymentMinute& row) {
  const HealthSummary& h = row.minute.summary;
  Stmt& s = store.db().cached(
      "INSERT OR REPLACE INTO health_minutes (deployment, minute, requests, errors, unavailable, "
      "errors_by_class, latency_p50_ms, latency_p95_ms, latency_p99_ms, ttft_p50_ms, "
      "ttft_p95_ms, ttft_p99_ms, output_tokens, generation_ms, latency_histogram, "
      "ttft_histogram) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16)");
  s.bind_text(1, row.deployment)
      .bind_int64(2, row.minute.minute)
      .bind_int64(3, h.requests)
      .bind_int64(4, h.errors)
      .bind_int64(5, h.unavailable)
      .bind_text(6, json::serialize(errors_by_class_json(h)));
  bind_percentiles(s, 7, h.latency_ms);
  bind_percentiles(s, 10, h.ttft_ms);
  s.bind_int64(13, h.output_tokens)
      .bind_double(14, h.generation_ms)
      .bind_text(15, h.latency_ms.encode())
      .bind_text(16, h.ttft_ms.encode());
  s.step();
}

std::vector<DeploymentMinute> load_health_minutes(StateStore& store, std::int64_t since_minute) {
  Stmt s = store.db().prepare(
      "SELECT deployment, minute, requests, errors, unavailable, errors_by_class, output_tokens, "
      "generation_ms, latency_histogram, ttft_histogram FROM health_minutes WHERE minute >= ?1 "
      "ORDER BY deployment, minute");
  s.bind_int64(1, since_minute);
  std::vector<DeploymentMinute> rows;
  while (s.step()) {
    DeploymentMinute row;
    row.deployment = s.column_text(0);
    row.minute.minute = s.column_int64(1);
    HealthSummary& h = row.minute.summary;
    h.requests = s.column_int64(2);
    h.errors = s.column_int64(3);
    h.unavailable = s.column_int64(4);
    read_classes(s.column_text(5), h);
    h.output_tokens = s.column_int64(6);
    h.generation_ms = s.column_double(7);
    h.latency_ms = histogram_or_empty(s.column_text(8));
    h.ttft_ms = histogram_or_empty(s.column_text(9));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::int64_t prune_health_minutes(StateStore& store, std::int64_t before_minute) {
  Stmt s = store.db().prepare("DELETE FROM health_minutes WHERE minute < ?1");
  s.bind_int64(1, before_minute);
  s.step();
  return store.db().changes();
}

}  // namespace sb
