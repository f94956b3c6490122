// The fake provider as a process, for scripts and benchmarks:
//   fake_provider [--listen HOST:PORT] [--threads N]
// Once listening it prints exactly one line, `listening on http://HOST:PORT`, and flushes it:
// scripts read that line to learn the port when they asked for port 0. SIGINT/SIGTERM stop it
// cleanly (exit status 0). The signal handlers are installed before that line is printed, so a
// script may signal as soon as it has read it.
#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <optional>

#include "core/net.h"
#include "fake_provider/fake_provider.h"

namespace {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// HOST:PORT, with an IPv6 host in brackets ([::1]:8080).
std::optional<ListenAddress> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const auto digits = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port > 65535)
    return std::nullopt;
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "fake_provider: an OpenAI (Chat, Responses), Anthropic and Gemini server with scriptable "
      "failures"};
  std::string listen = "127.0.0.1:0";
  unsigned threads = 1;
  app.add_option("--listen", listen, "HOST:PORT to listen on; port 0 picks a free port")
      ->capture_default_str();
  app.add_option("--threads", threads, "worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  app.set_version_flag("--version", std::string(SWITCHBOARD_VERSION));
  CLI11_PARSE(app, argc, argv);

  const auto address = parse_listen(listen);
  if (!address) {
    std::fprintf(stderr, "fake_provider: --listen wants HOST:PORT, got '%s'\n", listen.c_str());
    return 2;
  }

  sb::net::io_context signals_context;
  sb::net::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});

  sb::fake::FakeProviderPtr provider;
  try {
    provider = sb::fake::FakeProvider::start(address->host, address->port, threads);
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "fake_provider: cannot listen on %s: %s\n", listen.c_str(),
                 e.code().message().c_str());
    return 1;
  }
  const bool v6 = address->host.find(':') != std::string::npos;
  std::printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", address->host.c_str(),
              v6 ? "]" : "", static_cast<unsigned>(provider->port()));
  std::fflush(stdout);

  signals_context.run();
  provider->stop();
  return 0;
}
