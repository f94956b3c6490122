// Short names for the networking libraries, shared by every file that does I/O.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace sb {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

// Boost 1.81 has no bare `as_tuple`: the completion token must name use_awaitable.
inline constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
}  // namespace sb
