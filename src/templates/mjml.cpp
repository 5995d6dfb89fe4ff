// mjml.cpp - runs tools/mjml/compile.js under node.
//
// The child gets the MJML on a socket (so a child that exits early cannot
// raise SIGPIPE here), and its standard output and error are read while
// the input is written, so neither side can block the other.
//
// Limits: see mjml.hpp.
#include "templates/mjml.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

extern char** environ;

namespace tattler::templates {

namespace {

namespace fs = std::filesystem;

constexpr auto kCompileTimeout = std::chrono::seconds(30);

struct ChildOutput {
  int exit_code = -1;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// compiler_dir - where compile.js and its node_modules live.
fs::path compiler_dir() {
  if (const char* dir = std::getenv("TATTLER_MJML_DIR"); dir && *dir) {
    return dir;
  }

  // Compiled in by CMake (an absolute path; __FILE__ may be relative).
  return TATTLER_MJML_DIR;
}

// spawn_node - start node on script; fills the parent ends of the channels.
Result<pid_t> spawn_node(const fs::path& script, int& in, int& out, int& err) {
  int in_pair[2], out_pipe[2], err_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    return Err{"Failed to compile MJML: cannot create a socket"};
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(in_pair[0]);
    close(in_pair[1]);
    return Err{"Failed to compile MJML: cannot create a pipe"};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pair[1], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::string path = script.string();
  char node[] = "node";
  char* argv[] = {node, path.data(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, "node", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pair[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  in = in_pair[0];
  out = out_pipe[0];
  err = err_pipe[0];
  if (rc != 0) {
    close(in);
    close(out);
    close(err);
    return Err{
        "Failed to compile MJML: cannot run node (install nodejs and "
        "run scripts/install-node-deps.sh)"};
  }
  return pid;
}

// exchange - write input to the child and read its outputs until both
// close or the deadline passes.
void exchange(int in, int out, int err, std::string_view input,
              ChildOutput& result) {
  auto deadline = std::chrono::steady_clock::now() + kCompileTimeout;
  size_t written = 0;
  if (input.empty()) {
    close(in);
    in = -1;
  }
  std::array<char, 65536> buffer;
  while (out >= 0 || err >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[3] = {{in, POLLOUT, 0}, {out, POLLIN, 0}, {err, POLLIN, 0}};
    if (poll(fds, 3, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      break;
    }
    if (in >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = send(in, input.data() + written, input.size() - written,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) written = input.size();
      if (written == input.size()) {
        close(in);
        in = -1;
      }
    }
    for (int i = 1; i < 3; ++i) {
      int& fd = i == 1 ? out : err;
      if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n > 0) {
        (i == 1 ? result.out : result.err).append(buffer.data(), n);
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        close(fd);
        fd = -1;
      }
    }
  }
  for (int fd : {in, out, err}) {
    if (fd >= 0) close(fd);
  }
}

// run_compiler - the child's exit code and outputs for source.
Result<ChildOutput> run_compiler(const fs::path& script,
                                 std::string_view source) {
  int in = -1, out = -1, err = -1;
  Result<pid_t> pid = spawn_node(script, in, out, err);
  if (!pid.ok()) return Err{pid.error()};
  ChildOutput result;
  exchange(in, out, err, source, result);
  if (result.timed_out) kill(*pid, SIGKILL);
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// error_text - MJML's errors from the child's standard error, one line.
std::string error_text(const std::string& err) {
  auto json = nlohmann::json::parse(err, nullptr, false);
  if (json.is_discarded() || !json.contains("errors") ||
      !json["errors"].is_array()) {
    std::string text = err;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
      text.pop_back();
    }
    return text.empty() ? "the compiler failed without a message" : text;
  }
  std::string text;
  for (const auto& e : json["errors"]) {
    if (!text.empty()) text += "; ";
    std::string message = e.value("message", "");
    if (e.contains("line") && e["line"].is_number()) {
      text += fmt::format("line {}: {}", e["line"].get<int>(), message);
    } else {
      text += message;
    }
  }
  return text;
}

// Compiled documents by source text. Callers cache per file already; this
// keeps repeated compiles of the same text (several trees, previews) cheap.
class CompileCache {
 public:
  // find - the HTML compiled earlier from source, if any.
  std::optional<std::string> find(std::string_view source) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(std::string(source));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  // store - remember html for source; the cache is emptied when full.
  void store(std::string_view source, const std::string& html) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.emplace(std::string(source), html);
  }

 private:
  static constexpr size_t kMaxEntries = 64;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> entries_;
};

// cache - the process-wide compile cache.
CompileCache& cache() {
  static CompileCache instance;
  return instance;
}

}  // namespace

// compile_mjml - the HTML of the MJML source, from the cache or node.
Result<std::string> compile_mjml(std::string_view mjml_source) {
  if (auto hit = cache().find(mjml_source)) return *hit;

  fs::path dir = compiler_dir();
  std::error_code ec;
  if (!fs::exists(dir / "compile.js", ec) ||
      !fs::exists(dir / "node_modules" / "mjml", ec)) {
    return Err{fmt::format(
        "Failed to compile MJML: the compiler is not installed in {} (run "
        "scripts/install-node-deps.sh)",
        dir.string())};
  }
  Result<ChildOutput> run = run_compiler(dir / "compile.js", mjml_source);
  if (!run.ok()) return Err{run.error()};
  if (run->timed_out) {
    return Err{fmt::format("Failed to compile MJML: no answer within {} s",
                           kCompileTimeout.count())};
  }
  if (run->exit_code != 0) {
    return Err{fmt::format("Failed to compile MJML: {}", error_text(run->err))};
  }
  cache().store(mjml_source, run->out);
  return std::move(run->out);
}

}  // namespace tattler::templates
