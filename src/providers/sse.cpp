#include "providers/sse.h"

namespace sb {

std::vector<SseEvent> SseFramer::feed(std::string_view bytes) {
  std::vector<SseEvent> out;
  if (overflowed_) return out;
  buffer_.append(bytes);
  scan(false, out);
  if (buffer_.size() > max_event_bytes_) overflowed_ = true;
  return out;
}

std::vector<SseEvent> SseFramer::finish() {
  std::vector<SseEvent> out;
  if (!overflowed_) scan(true, out);
  return out;
}

bool SseFramer::mid_event() const {
  return current_has_field_ || current_has_comment_ || line_start_ < buffer_.size();
}

void SseFramer::scan(bool at_end, std::vector<SseEvent>& out) {
  std::size_t event_start = 0;
  std::size_t i = pos_;
  while (i < buffer_.size()) {
    char c = buffer_[i];
    if (c != '\n' && c != '\r') {
      ++i;
      continue;
    }
    std::size_t next = i + 1;
    if (c == '\r') {
      // CRLF is one line end. A CR that ends the buffer waits for the next byte, so that where
      // the network split the stream never changes what is framed.
      if (next == buffer_.size() && !at_end) break;
      if (next < buffer_.size() && buffer_[next] == '\n') ++next;
    }
    std::string_view line(buffer_.data() + line_start_, i - line_start_);
    line_start_ = i = next;
    if (!line.empty()) {
      take_line(line);
    } else if (current_has_field_ || current_has_comment_) {
      current_.raw.assign(buffer_, event_start, next - event_start);
      current_.comment_only = !current_has_field_;
      out.push_back(std::move(current_));
      current_ = SseEvent{};
      current_has_field_ = current_has_comment_ = false;
      event_start = next;
    }
  }
  pos_ = i;
  if (event_start > 0) {  // drop finished events: the buffer holds one event at most
    buffer_.erase(0, event_start);
    line_start_ -= event_start;
    pos_ -= event_start;
  }
}

void SseFramer::take_line(std::string_view line) {
  if (line.front() == ':') {
    current_has_comment_ = true;
    return;
  }
  std::string_view name = line, value;
  if (auto colon = line.find(':'); colon != std::string_view::npos) {
    name = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  current_has_field_ = true;
  if (name == "data") {
    if (current_.has_data) current_.data.push_back('\n');
    current_.data.append(value);
    current_.has_data = true;
  } else if (name == "event") {
    current_.event.assign(value);
  } else if (name == "id") {
    current_.id.assign(value);
  }
  // `retry:` and unknown fields are ignored, as the standard says.
}

}  // namespace sb
