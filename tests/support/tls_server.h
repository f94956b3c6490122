// A minimal HTTPS upstream for testing the gateway's TLS client: serves one canned Chat
// Completions answer to every request over TLS with the certificate it is given, and records the
// server name (SNI) each client asked for. Runs on a thread of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sb::test {

class TlsTestServer {
 public:
  TlsTestServer(const std::string& cert_pem_file, const std::string& key_pem_file);
  ~TlsTestServer();
  std::uint16_t port() const;
  std::vector<std::string> server_names() const;  // SNI of each completed handshake
  int requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Creates a throwaway CA and a certificate for `localhost` signed by it in `dir`
// (ca.pem, server.pem, server.key), using the openssl command. Returns false on failure.
bool make_test_certificates(const std::string& dir);

}  // namespace sb::test
