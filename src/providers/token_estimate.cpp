#include "providers/token_estimate.h"

#include <boost/json/serialize.hpp>
#include <type_traits>

namespace sb {

namespace {

constexpr std::int64_t kPerTurn = 4;
constexpr std::int64_t kPerTool = 8;
constexpr std::int64_t kPerImage = 1600;

std::int64_t text_tokens(std::size_t bytes) {
  return static_cast<std::int64_t>((bytes * 2 + 6) / 7);  // bytes / 3.5, rounded up
}

std::int64_t part_tokens(const Part& part) {
  return std::visit(
      [](const auto& p) -> std::int64_t {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, TextPart>) {
          return text_tokens(p.text.size());
        } else if constexpr (std::is_same_v<T, ImagePart>) {
          return kPerImage;
        } else if constexpr (std::is_same_v<T, ToolCallPart>) {
          return kPerTool + text_tokens(p.name.size() + p.arguments.size());
        } else if constexpr (std::is_same_v<T, ToolResultPart>) {
          return kPerTool + text_tokens(p.text.size());
        } else {
          return text_tokens(p.text.size());  // thinking sent back counts as input
        }
      },
      part);
}

}  // namespace

std::int64_t estimate_input_tokens(const Conversation& request) {
  std::int64_t total = 0;
  for (const auto& system : request.system) total += kPerTurn + text_tokens(system.size());
  for (const auto& turn : request.turns) {
    total += kPerTurn;
    for (const auto& part : turn.parts) total += part_tokens(part);
  }
  for (const auto& tool : request.tools) {
    total += kPerTool + text_tokens(tool.name.size() + tool.description.size() +
                                    boost::json::serialize(tool.parameters).size());
  }
  return total;
}

}  // namespace sb
