#include "store/usage_rows.h"

#include <fmt/format.h>

namespace sb {

namespace {

constexpr std::string_view kColumns =
    "unix_ms, client_key, surface, group_name, deployment, provider, model, status, "
    "failure_chain, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
    "reasoning_tokens, cost_usd, latency_ms, ttft_ms, streamed";

// Rows are bound without copies: they outlive the statement's step.
Stmt& bind_optional_text(Stmt& s, int index, const std::string& text) {
  return text.empty() ? s.bind_null(index) : s.bind_text_unowned(index, text);
}

std::optional<std::int64_t> optional_int(const Stmt& s, int index) {
  if (s.column_is_null(index)) return std::nullopt;
  return s.column_int64(index);
}

// The SQL expression each grouping sums by.
std::string_view grouping_key(UsageGrouping by) {
  switch (by) {
    case UsageGrouping::kNone: return "''";
    case UsageGrouping::kProvider: return "provider";
    case UsageGrouping::kModel: return "model";
    case UsageGrouping::kDeployment: return "deployment";
    case UsageGrouping::kGroup: return "group_name";
    case UsageGrouping::kDay: return "strftime('%Y-%m-%d', unix_ms / 1000, 'unixepoch')";
  }
  return "''";
}

void add_into(UsageTotals& total, const UsageTotals& row) {
  total.requests += row.requests;
  total.errors += row.errors;
  total.failovers += row.failovers;
  total.input_tokens += row.input_tokens;
  total.cache_read_tokens += row.cache_read_tokens;
  total.cache_write_tokens += row.cache_write_tokens;
  total.output_tokens += row.output_tokens;
  total.reasoning_tokens += row.reasoning_tokens;
  total.cost_usd += row.cost_usd;
  total.unpriced += row.unpriced;
  total.latency_ms_total += row.latency_ms_total;
}

}  // namespace

namespace {

constexpr int kUsageColumns = 18;
// Rows per INSERT for a batch: one statement step for many rows is most of the saving, and 16 x
// 18 parameters stay far below SQLite's limit.
constexpr std::size_t kRowsPerInsert = 16;

// "INSERT INTO usage(...) VALUES (?,...), (?,...)" for `rows` rows.
std::string insert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO usage(" + std::string(kColumns) + ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < kUsageColumns; ++c) sql += c == 0 ? "?" : ", ?";
    sql += ")";
  }
  return sql;
}

// Binds one row's columns at parameters first + 0 ... first + 17.
void bind_row(Stmt& s, int first, const UsageRecord& r) {
  int i = first;
  s.bind_int64(i++, r.unix_ms);
  bind_optional_text(s, i++, r.client_key);
  s.bind_text_unowned(i++, r.surface);
  bind_optional_text(s, i++, r.group);
  bind_optional_text(s, i++, r.deployment);
  bind_optional_text(s, i++, r.provider);
  bind_optional_text(s, i++, r.model);
  s.bind_int64(i++, r.status);
  bind_optional_text(s, i++, r.failure_chain);
  if (r.usage) {
    s.bind_int64(i, r.usage->input)
        .bind_int64(i + 1, r.usage->output)
        .bind_int64(i + 2, r.usage->cache_read)
        .bind_int64(i + 3, r.usage->cache_write)
        .bind_int64(i + 4, r.usage->reasoning);
  } else {
    for (int k = 0; k < 5; ++k) s.bind_null(i + k);
  }
  i += 5;
  if (r.cost_usd) {
    s.bind_double(i++, *r.cost_usd);
  } else {
    s.bind_null(i++);
  }
  s.bind_int64(i++, r.latency_ms);
  if (r.ttft_ms) {
    s.bind_int64(i++, *r.ttft_ms);
  } else {
    s.bind_null(i++);
  }
  s.bind_int64(i, r.streamed ? 1 : 0);
}

}  // namespace

void insert_usage(StateStore& store, const UsageRecord& r) { insert_usage(store, {&r, 1}); }

void insert_usage(StateStore& store, std::span<const UsageRecord> rows) {
  static const std::string kOne = insert_sql(1);
  static const std::string kMany = insert_sql(kRowsPerInsert);
  while (!rows.empty()) {
    const std::size_t n = rows.size() >= kRowsPerInsert ? kRowsPerInsert : 1;
    Stmt& s = store.db().cached(n == 1 ? kOne : kMany);
    for (std::size_t r = 0; r < n; ++r)
      bind_row(s, 1 + static_cast<int>(r) * kUsageColumns, rows[r]);
    s.step();
    s.reset();  // the bindings point into `rows`: none may outlive them
    rows = rows.subspan(n);
  }
}

std::vector<UsageRecord> load_usage(StateStore& store, std::int64_t since_ms,
                                    std::int64_t until_ms) {
  Stmt s = store.db().prepare("SELECT " + std::string(kColumns) +
                              " FROM usage WHERE unix_ms >= ?1 AND unix_ms < ?2 ORDER BY id");
  s.bind_int64(1, since_ms).bind_int64(2, until_ms);
  std::vector<UsageRecord> rows;
  while (s.step()) {
    UsageRecord r;
    r.unix_ms = s.column_int64(0);
    r.client_key = s.column_text(1);
    r.surface = s.column_text(2);
    r.group = s.column_text(3);
    r.deployment = s.column_text(4);
    r.provider = s.column_text(5);
    r.model = s.column_text(6);
    r.status = static_cast<unsigned>(s.column_int64(7));
    r.failure_chain = s.column_text(8);
    if (!s.column_is_null(9)) {
      r.usage = Usage{s.column_int64(9), s.column_int64(11), s.column_int64(12), s.column_int64(10),
                      s.column_int64(13)};
    }
    if (!s.column_is_null(14)) r.cost_usd = s.column_double(14);
    r.latency_ms = s.column_int64(15);
    r.ttft_ms = optional_int(s, 16);
    r.streamed = s.column_int64(17) != 0;
    rows.push_back(std::move(r));
  }
  return rows;
}

UsageReport usage_report(StateStore& store, const UsageReportQuery& query) {
  const std::string sql = fmt::format(
      "SELECT coalesce({}, ''), count(*), coalesce(sum(status >= 400), 0), "
      "coalesce(sum(failure_chain IS NOT NULL), 0), coalesce(sum(input_tokens), 0), "
      "coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0), "
      "coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0), total(cost_usd), "
      "coalesce(sum(status < 400 AND cost_usd IS NULL), 0), coalesce(sum(latency_ms), 0) "
      "FROM usage WHERE unix_ms >= ?1 AND unix_ms < ?2 GROUP BY 1 ORDER BY 1",
      grouping_key(query.by));
  Stmt s = store.db().prepare(sql);
  s.bind_int64(1, query.since_ms).bind_int64(2, query.until_ms);
  UsageReport report{query, {}, {}};
  while (s.step()) {
    UsageTotals row;
    row.key = s.column_text(0);
    row.requests = s.column_int64(1);
    row.errors = s.column_int64(2);
    row.failovers = s.column_int64(3);
    row.input_tokens = s.column_int64(4);
    row.cache_read_tokens = s.column_int64(5);
    row.cache_write_tokens = s.column_int64(6);
    row.output_tokens = s.column_int64(7);
    row.reasoning_tokens = s.column_int64(8);
    row.cost_usd = s.column_double(9);
    row.unpriced = s.column_int64(10);
    row.latency_ms_total = s.column_int64(11);
    add_into(report.total, row);
    if (query.by != UsageGrouping::kNone) report.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace sb
