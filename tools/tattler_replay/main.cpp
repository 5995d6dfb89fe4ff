// main.cpp - tattler_replay: send the client's dead letters again.
//
//   tattler_replay [DIR] [-s SERVER] [--dry-run] [--timeout S]
//
// DIR defaults to TATTLER_DEADLETTER_PATH, then /tmp/tattler_deadletter.
// Each letter is sent with its own scope, mode, event, recipient, vectors,
// context, priority and correlation id, to -s, else TATTLER_SERVER_ADDRESS,
// else the endpoint the letter failed on. A letter that is delivered is
// removed; the others are kept with their attempt count and last error
// updated. One progress line per letter: "[i/n] <file> sent|kept: ...".
// --dry-run only lists the letters. Clients are reused per (endpoint, scope,
// mode), so a replay of many letters uses few connections.
// Exit: 0 all delivered (or nothing to do), 1 some kept, 2 bad usage.
//
// Limits: no confirmation prompt (tattler's script asks); letters are sent
// one after the other; two replays of one directory at once may send a
// letter twice.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "tattler/client.hpp"

namespace {

struct ReplayArgs {
  std::string dir;
  std::string server;
  bool dry_run = false;
  double timeout_s = 30;
  double connect_timeout_s = 5;
};

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// choose_endpoint - -s, else the environment, else the letter's own.
tattler::Endpoint choose_endpoint(const ReplayArgs& args,
                                  const tattler::DeadLetter& letter) {
  if (!args.server.empty()) return tattler::parse_endpoint(args.server);
  const char* env = std::getenv("TATTLER_SERVER_ADDRESS");
  if (env != nullptr && *env != '\0') return tattler::endpoint_from_env();
  if (!letter.endpoint.empty()) return tattler::parse_endpoint(letter.endpoint);
  return tattler::Endpoint{tattler::kDefaultServerAddress,
                           tattler::kDefaultServerPort};
}

// Clients kept open for the whole replay, one per endpoint, scope and mode.
class ClientPool {
 public:
  explicit ClientPool(const ReplayArgs& args) : args_(args) {}

  // client_for - the client for this letter, created on first use.
  tattler::TattlerClientHTTP& client_for(const tattler::DeadLetter& letter) {
    tattler::Endpoint endpoint = choose_endpoint(args_, letter);
    std::string key = endpoint.address + ":" + std::to_string(endpoint.port) +
                      "/" + letter.scope + "/" + letter.mode;
    auto& slot = clients_[key];
    if (!slot) {
      slot = std::make_unique<tattler::TattlerClientHTTP>(
          letter.scope, endpoint.address, endpoint.port, letter.mode);
      slot->set_deadletter_dir(std::nullopt);
      slot->set_connect_timeout(to_ms(args_.connect_timeout_s));
      slot->set_request_timeout(to_ms(args_.timeout_s));
    }
    return *slot;
  }

 private:
  const ReplayArgs& args_;
  std::map<std::string, std::unique_ptr<tattler::TattlerClientHTTP>> clients_;
};

// summary - "email:success sms:error" for a progress line.
std::string summary(const std::vector<tattler::VectorResult>& results) {
  std::string out;
  for (const auto& r : results) {
    out += (out.empty() ? "" : " ") + r.vector + ":" + r.result;
  }
  return out;
}

// keep - records the failed attempt in the letter file.
void keep(const std::filesystem::path& file, tattler::DeadLetter letter,
          const std::string& error) {
  letter.attempts += 1;
  letter.last_error = error;
  std::string why;
  if (!tattler::rewrite_dead_letter(letter, file, &why)) {
    std::fprintf(stderr, "tattler_replay: %s\n", why.c_str());
  }
}

// replay_one - true when the letter was delivered and removed.
bool replay_one(ClientPool& pool, const std::filesystem::path& file,
                const std::string& progress) {
  tattler::DeadLetter letter;
  std::string error;
  if (!tattler::load_dead_letter(file, &letter, &error)) {
    std::printf("%s kept: unreadable: %s\n", progress.c_str(), error.c_str());
    return false;
  }
  try {
    auto results = pool.client_for(letter).send(
        letter.vectors, letter.event, letter.recipient, letter.context,
        letter.priority, letter.correlation_id);
    std::filesystem::remove(file);
    std::printf("%s sent: %s\n", progress.c_str(), summary(results).c_str());
    return true;
  } catch (const tattler::ClientError& err) {
    keep(file, letter, err.what());
    std::printf("%s kept: %s\n", progress.c_str(), err.what());
  } catch (const std::invalid_argument& err) {
    keep(file, letter, err.what());
    std::printf("%s kept: %s\n", progress.c_str(), err.what());
  }
  return false;
}

// list_only - the --dry-run listing, one letter per line.
int list_only(const std::vector<std::filesystem::path>& files) {
  for (const auto& file : files) {
    tattler::DeadLetter l;
    std::string error;
    if (!tattler::load_dead_letter(file, &l, &error)) {
      std::printf("%s\tunreadable: %s\n", file.filename().c_str(),
                  error.c_str());
      continue;
    }
    std::printf(
        "%s\t%s/%s\tuser=%s\tmode=%s\tcorrelationId=%s\ttime=%s\t"
        "attempts=%d\terror=%s\n",
        file.filename().c_str(), l.scope.c_str(), l.event.c_str(),
        l.recipient.c_str(), l.mode.c_str(), l.correlation_id.c_str(),
        l.time.c_str(), l.attempts, l.last_error.c_str());
  }
  std::printf("%zu dead letter(s)\n", files.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Send tattler dead letters again.", "tattler_replay"};
  ReplayArgs args;
  app.add_option("dir", args.dir,
                 "dead-letter directory (default: TATTLER_DEADLETTER_PATH "
                 "or /tmp/tattler_deadletter)");
  app.add_option("-s,--server", args.server,
                 "send to addr:port instead of the letter's endpoint");
  app.add_flag("-n,--dry-run", args.dry_run, "only list the letters");
  app.add_option("--timeout", args.timeout_s, "seconds per request")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--connect-timeout", args.connect_timeout_s,
                 "seconds to connect")
      ->check(CLI::NonNegativeNumber);
  try {
    app.parse(argc, argv);
    if (!args.server.empty()) tattler::parse_endpoint(args.server);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const std::exception& err) {
    std::fprintf(stderr, "tattler_replay: error: %s\n", err.what());
    return 2;
  }

  std::filesystem::path dir = args.dir.empty()
                                  ? tattler::default_deadletter_dir()
                                  : std::filesystem::path(args.dir);
  auto files = tattler::list_dead_letters(dir);
  std::printf("Found %zu dead letter(s) in %s\n", files.size(), dir.c_str());
  if (args.dry_run) return list_only(files);

  tattler::set_log_handler(nullptr);
  ClientPool pool(args);
  std::size_t sent = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string progress = "[" + std::to_string(i + 1) + "/" +
                           std::to_string(files.size()) + "] " +
                           files[i].filename().string();
    if (replay_one(pool, files[i], progress)) ++sent;
    std::fflush(stdout);
  }
  std::printf("sent=%zu kept=%zu\n", sent, files.size() - sent);
  return sent == files.size() ? 0 : 1;
}
