#include "http/usage_recorder.h"

#include <spdlog/spdlog.h>

#include "store/usage_rows.h"
#include "usage/cost.h"

namespace sb {

namespace {

std::int64_t milliseconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string header_value(const http::fields& head, std::string_view name) {
  const auto it = head.find(name);
  return it == head.end() ? std::string() : std::string(it->value());
}

// nginx's word for a client that closed the connection before any answer.
constexpr unsigned kClientClosedRequest = 499;

}  // namespace

void UsageRecorder::record(UsageRecord record) {
  if (observer_) observer_->request(record);
  if (budgets_) budgets_->spent(record, std::chrono::system_clock::now());
  bool taken = false;
  bool hand_over = false;
  if (writer_) {
    std::lock_guard lock(pending_->mutex);
    if (pending_->rows.size() < limit_) {
      pending_->rows.push_back(std::move(record));
      taken = true;
      hand_over = !pending_->write_queued;
      pending_->write_queued = true;
    }
  }
  if (hand_over) {
    // When the writer loses the batch without running this write (BEGIN failed, a savepoint
    // failed), the guard lets the next row hand over a new one, so rows are not held forever.
    struct HandOver {
      std::shared_ptr<Pending> pending;
      bool ran = false;
      ~HandOver() {
        if (ran) return;
        std::lock_guard lock(pending->mutex);
        pending->write_queued = false;
      }
    };
    auto guard = std::make_shared<HandOver>(HandOver{pending_});
    writer_->submit([guard](StateStore& store) {
      std::vector<UsageRecord> rows;
      {
        std::lock_guard lock(guard->pending->mutex);
        rows.swap(guard->pending->rows);
        guard->pending->write_queued = false;
        guard->ran = true;
      }
      insert_usage(store, rows);
    });
  }
  if (taken) return;
  const std::uint64_t dropped = ++dropped_;
  // The first, then one line per thousand: a store that cannot keep up must not also flood
  // the log.
  if (writer_ && (dropped == 1 || dropped % 1000 == 0)) {
    spdlog::warn("usage queue full ({} rows waiting): {} usage row(s) dropped so far", limit_,
                 dropped);
  }
}

std::size_t UsageRecorder::waiting() const {
  std::lock_guard lock(pending_->mutex);
  return pending_->rows.size();
}

UsageDraft::UsageDraft(UsageRecorder* recorder, Dialect surface, const ResponseWriter& out,
                       const http::fields& head)
    : recorder_(recorder), out_(out), head_(head), arrived_(std::chrono::steady_clock::now()) {
  record_.unix_ms = unix_ms(std::chrono::system_clock::now());
  record_.surface = std::string(to_string(surface));
}

void UsageDraft::attempted(const Deployment& deployment, std::string_view deployment_id,
                           std::string_view provider, const ModelInfo* model,
                           const AttemptResult& result) {
  record_.deployment = deployment_id;
  record_.provider = std::string(provider);
  record_.model = deployment.model;
  record_.usage = result.usage;
  record_.cost_usd = std::nullopt;
  if (result.usage && model && model->price) {
    record_.cost_usd = cost_usd(*result.usage, *model->price);
  }
  record_.streamed = result.streamed;
  first_content_ = result.first_content;
}

UsageDraft::~UsageDraft() {
  if (!recorder_) return;
  const auto now = std::chrono::steady_clock::now();
  record_.status = out_.status() != 0 ? out_.status() : kClientClosedRequest;
  record_.group = header_value(head_, "x-switchboard-group");
  record_.failure_chain = header_value(head_, "x-switchboard-failover");
  record_.latency_ms = milliseconds(now - arrived_);
  if (first_content_) record_.ttft_ms = milliseconds(*first_content_ - arrived_);
  try {
    recorder_->record(std::move(record_));
  } catch (const std::exception& e) {
    // Out of memory copying a row: losing it beats ending the process from a destructor.
    spdlog::error("usage row lost: {}", e.what());
  }
}

}  // namespace sb
