#include "cli/table.h"

#include <fmt/format.h>

#include <algorithm>

namespace sb::cli {

std::string Table::render(std::string_view indent) const {
  std::vector<std::size_t> width(rows_.front().size(), 0);
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string out;
  for (const auto& row : rows_) {
    std::string line(indent);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += "  ";
      const bool last = i + 1 == row.size();
      if (right_[i]) {
        line += fmt::format("{:>{}}", row[i], width[i]);
      } else {
        line += last ? row[i] : fmt::format("{:<{}}", row[i], width[i]);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace sb::cli
