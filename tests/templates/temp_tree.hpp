// temp_tree.hpp - a template tree in a fresh temporary folder, for tests.
//
// Limits: test-only helper; files are written as given (no newline added).
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace tattler::templates::testing {

class TempTree {
 public:
  TempTree() {
    static int counter = 0;
    root_ = std::filesystem::temp_directory_path() /
            ("tattler-tree-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempTree() { std::filesystem::remove_all(root_); }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& root() const { return root_; }

  // write - creates rel (and its folders) with content.
  void write(const std::string& rel, const std::string& content) const {
    std::filesystem::path file = root_ / rel;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
  }

  // rewrite - writes rel again and moves its mtime forward, so a cache
  // sees the change even within one filesystem clock tick.
  void rewrite(const std::string& rel, const std::string& content) const {
    std::filesystem::path file = root_ / rel;
    auto before = std::filesystem::last_write_time(file);
    write(rel, content);
    std::filesystem::last_write_time(file, before + std::chrono::seconds(2));
  }

  // mkdir - creates the folder rel.
  void mkdir(const std::string& rel) const {
    std::filesystem::create_directories(root_ / rel);
  }

  // remove - deletes rel.
  void remove(const std::string& rel) const {
    std::filesystem::remove_all(root_ / rel);
  }

 private:
  std::filesystem::path root_;
};

}  // namespace tattler::templates::testing
