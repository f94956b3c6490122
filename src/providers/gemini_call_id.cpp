#include "providers/gemini_call_id.h"

#include <array>
#include <optional>

#include "core/ascii.h"

namespace sb {

namespace {

constexpr std::string_view kSignatureMark = "__thought__";
constexpr std::string_view kRawSignatureMark = "__thoughtraw__";
constexpr std::string_view kEncodedIdHead = "gid__";
constexpr std::string_view kSynthesisedHead = "call__";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHex = "0123456789abcdef";

bool is_id_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

// Never ends in "_": the "__" after the head would then begin one character early.
bool is_plain(std::string_view id) {
  if (id.empty() || id.back() == '_' || id.find("__") != std::string_view::npos) return false;
  for (const char c : id) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

// Standard base64 with its padding: the only form whose base64url respelling maps back exactly.
bool is_padded_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t end = s.size();
  while (end > 0 && s[end - 1] == '=') --end;
  if (s.size() - end > 2) return false;
  for (const char c : s.substr(0, end)) {
    if (!is_alnum(c) && c != '+' && c != '/') return false;
  }
  return true;
}

std::string to_base64url_spelling(std::string_view padded) {
  std::string out;
  for (const char c : padded) {
    if (c == '=') break;
    out += c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

std::optional<std::string> from_base64url_spelling(std::string_view s) {
  if (s.empty() || s.size() % 4 == 1) return std::nullopt;
  std::string out;
  for (const char c : s) {
    if (!is_id_char(c)) return std::nullopt;
    out += c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (out.size() % 4 != 0) out += '=';
  return out;
}

std::string base64url(std::string_view bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (const int shift : {18, 12, 6, 0}) out += kBase64Url[(n >> shift) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64Url[(n >> 18) & 63];
    out += kBase64Url[(n >> 12) & 63];
    if (rest == 2) out += kBase64Url[(n >> 6) & 63];
  }
  return out;
}

// Strict: only the spelling base64url() produces, so each id has one reading.
std::optional<std::string> from_base64url(std::string_view s) {
  if (s.size() % 4 == 1) return std::nullopt;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : s) {
    const std::size_t v = kBase64Url.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (base64url(out) != s) return std::nullopt;  // stray low bits in the last character
  return out;
}

std::string hex(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const std::size_t hi = kHex.find(s[i]);
    const std::size_t lo = kHex.find(s[i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string with_signature(std::string head, std::string_view signature) {
  if (signature.empty()) return head;
  if (is_padded_base64(signature)) {
    head += kSignatureMark;
    head += to_base64url_spelling(signature);
  } else {
    head += kRawSignatureMark;
    head += base64url(signature);
  }
  return head;
}

std::optional<std::string> read_signature(std::string_view tail) {
  if (tail.empty()) return std::string();
  if (tail.starts_with(kRawSignatureMark)) {
    return from_base64url(tail.substr(kRawSignatureMark.size()));
  }
  if (tail.starts_with(kSignatureMark)) {
    return from_base64url_spelling(tail.substr(kSignatureMark.size()));
  }
  return std::nullopt;
}

}  // namespace

std::string gemini_call_id(std::string_view call_id, std::string_view signature) {
  std::string head =
      is_plain(call_id) ? std::string(call_id) : std::string(kEncodedIdHead) + hex(call_id);
  return with_signature(std::move(head), signature);
}

std::string synthesised_gemini_call_id(std::string_view response_id, int call,
                                       std::string_view signature) {
  // Letters and digits only: the head must hold no "__" past its own mark.
  std::string head(kSynthesisedHead);
  for (const char c : response_id) {
    if (is_alnum(c)) head += c;
  }
  head += '_';
  head += std::to_string(call);
  return with_signature(std::move(head), signature);
}

GeminiCallId split_gemini_call_id(std::string_view client_id) {
  const GeminiCallId foreign{std::string(client_id), ""};
  std::optional<std::string> id;
  std::size_t head_end = 0;
  if (client_id.starts_with(kEncodedIdHead)) {
    head_end = client_id.find("__", kEncodedIdHead.size());
    if (head_end == std::string_view::npos) head_end = client_id.size();
    id = from_hex(client_id.substr(kEncodedIdHead.size(), head_end - kEncodedIdHead.size()));
  } else if (client_id.starts_with(kSynthesisedHead)) {
    head_end = client_id.find("__", kSynthesisedHead.size());
    if (head_end == std::string_view::npos) head_end = client_id.size();
    id = std::string();
  } else {
    head_end = client_id.find("__");
    if (head_end == std::string_view::npos) head_end = client_id.size();
    if (is_plain(client_id.substr(0, head_end))) id = std::string(client_id.substr(0, head_end));
  }
  if (!id) return foreign;
  std::optional<std::string> signature = read_signature(client_id.substr(head_end));
  if (!signature) return foreign;
  return GeminiCallId{std::move(*id), std::move(*signature)};
}

}  // namespace sb
