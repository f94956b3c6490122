#include "http/response_writer.h"

namespace sb {

net::awaitable<bool> ResponseWriter::send(http::response<http::string_body> response) {
  response.version(version_);
  response.keep_alive(keep_alive());
  response.prepare_payload();
  committed_ = true;
  status_ = response.result_int();
  stream_.expires_after(timeout_);
  auto [ec, _] = co_await http::async_write(stream_, response, use_tuple);
  failed_ = failed_ || bool(ec);
  co_return !ec;
}

net::awaitable<bool> ResponseWriter::begin_stream(http::response<http::empty_body>& head) {
  head.version(version_);
  head.keep_alive(keep_alive());
  head.chunked(true);
  committed_ = true;
  status_ = head.result_int();
  http::response_serializer<http::empty_body> serializer(head);
  stream_.expires_after(timeout_);
  auto [ec, _] = co_await http::async_write_header(stream_, serializer, use_tuple);
  failed_ = failed_ || bool(ec);
  co_return !ec;
}

net::awaitable<bool> ResponseWriter::write_chunk(std::string_view data) {
  if (failed_) co_return false;
  if (data.empty()) co_return true;  // an empty chunk would end the body
  stream_.expires_after(timeout_);
  auto [ec, _] = co_await net::async_write(
      stream_, http::make_chunk(net::const_buffer(data.data(), data.size())), use_tuple);
  failed_ = failed_ || bool(ec);
  co_return !ec;
}

net::awaitable<bool> ResponseWriter::end_stream() {
  if (failed_) co_return false;
  stream_.expires_after(timeout_);
  auto [ec, _] = co_await net::async_write(stream_, http::make_chunk_last(), use_tuple);
  failed_ = failed_ || bool(ec);
  co_return !ec;
}

void ResponseWriter::abort_stream() {
  failed_ = true;
  boost::system::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace sb
