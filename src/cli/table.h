// A plain-text table for the CLI's human-readable output.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::cli {

// Columns padded to their widest cell, two spaces apart; the last column is never padded so no
// line carries trailing blanks.
class Table {
 public:
  explicit Table(std::vector<std::string> header, std::vector<bool> right_aligned)
      : right_(std::move(right_aligned)) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  std::string render(std::string_view indent = {}) const;
  std::size_t rows() const { return rows_.size() - 1; }  // not counting the header

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_;
};

}  // namespace sb::cli
