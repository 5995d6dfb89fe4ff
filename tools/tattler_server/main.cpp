// main.cpp - tattler_server: start-up, checks and the serving loop.
//
// Reads the configuration (environment, optionally an envdir), checks it
// and every template of every scope, and refuses to start with one message
// listing every problem. Then serves tattler's API until SIGTERM/SIGINT
// and exits 0 once requests in flight are answered.
//
// Limits: addressbook and context plug-ins are not loaded (only the
// pass-through addressbook).
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "api/metrics.hpp"
#include "config/settings.hpp"
#include "delivery/capture_transport.hpp"
#include "delivery/outbox_service.hpp"
#include "delivery/smtp_options.hpp"
#include "delivery/smtp_transport.hpp"
#include "http/server.hpp"
#include "logging.hpp"
#include "recipients/addressbook.hpp"
#include "templates/template_tree.hpp"

namespace {

using namespace tattler;

// Startup - what the checks produced.
struct Startup {
  std::optional<config::Settings> settings;
  std::filesystem::path template_base;
  // The tree that was validated is the tree that serves, so its compiled
  // templates (and MJML compilations) are not done twice.
  std::shared_ptr<const templates::TemplateTree> tree;
  std::vector<std::string> problems;
};

// check_all - settings and templates, every problem collected.
Startup check_all(const config::Environment& env) {
  Startup s;
  auto settings = config::load_settings(env);
  if (settings.ok()) {
    s.settings = std::move(settings.value());
  } else {
    s.problems = config::problems_of(settings.error());
  }
  std::optional<std::string> base_setting;
  if (auto it = env.find("TATTLER_TEMPLATE_BASE"); it != env.end()) {
    base_setting = it->second;
  }
  s.template_base = templates::TemplateTree::base_from_setting(base_setting);
  if (s.settings && s.settings->transport == config::TransportKind::kSmtp) {
    auto smtp = delivery::parse_smtp_address(s.settings->smtp_address);
    if (!smtp.ok()) s.problems.push_back("TATTLER_SMTP_ADDRESS: " +
                                         smtp.error());
  }
  std::error_code ec;
  if (std::filesystem::is_directory(s.template_base, ec)) {
    s.tree = std::make_shared<const templates::TemplateTree>(s.template_base);
    for (auto& p : s.tree->validate()) s.problems.push_back("template " + p);
  } else if (!base_setting || base_setting->empty()) {
    s.problems.push_back(fmt::format(
        "built-in demo templates not found at '{}'",
        s.template_base.string()));
  } else {
    s.problems.push_back(fmt::format(
        "TATTLER_TEMPLATE_BASE: cannot access templates at path '{}'",
        s.template_base.string()));
  }
  return s;
}

// make_transport - the transport chosen by TATTLER_TRANSPORT.
std::shared_ptr<delivery::Transport> make_transport(
    const config::Settings& settings) {
  if (settings.transport == config::TransportKind::kCapture) {
    return std::make_shared<delivery::CaptureTransport>(settings.capture_dir);
  }
  auto options = delivery::parse_smtp_address(settings.smtp_address);
  delivery::SmtpOptions smtp = options.ok() ? options.value()
                                            : delivery::SmtpOptions{};
  smtp.timeout = settings.smtp_timeout;
  smtp.starttls = smtp.starttls || settings.smtp_tls;
  smtp.verify_certificates = settings.smtp_verify;
  smtp.auth = settings.smtp_auth;
  // One pooled connection per delivery worker, so no worker waits.
  smtp.pool_size = settings.delivery_workers;
  return std::make_shared<delivery::SmtpTransport>(std::move(smtp));
}

// outbox_options - the durable queue's settings.
outbox::OutboxOptions outbox_options(const config::Settings& settings) {
  outbox::OutboxOptions o;
  o.queue_dir = settings.queue_dir.string();
  o.queue_url = settings.queue_url.value_or("");
  o.retry_first_delay = settings.retry_first_delay;
  o.retry_max_delay = settings.retry_max_delay;
  o.retry_max_age = settings.retry_max_age;
  o.retention = settings.retention;
  o.lease = settings.lease;
  o.answer_timeout = settings.answer_timeout;
  o.delivery_workers = static_cast<int>(settings.delivery_workers);
  return o;
}

// server_options - the HTTP server's limits from the settings; the errors
// the server answers itself (before any route) are counted as "other".
http::ServerOptions server_options(const config::Settings& settings,
                                   std::shared_ptr<api::Metrics> metrics) {
  http::ServerOptions o;
  o.host = settings.listen.host;
  o.port = settings.listen.port;
  o.max_connections = settings.max_connections;
  o.read_timeout = settings.read_timeout;
  o.idle_timeout = settings.idle_timeout;
  o.error_response = [metrics](int status, std::string message) {
    metrics->count_request(api::RouteId::kOther, "", status);
    return api::make_error(status, std::move(message));
  };
  return o;
}

// serve - run the server until a signal; the process exit code.
int serve(const config::Settings& settings,
          std::shared_ptr<const templates::TemplateTree> tree) {
  server::setup_logging(settings);
  for (const auto& w : settings.warnings) spdlog::warn("- config {}", w);
  spdlog::info("- server.templates base={}", tree->base().string());

  // Every accepted notification goes through the durable outbox: stored
  // before the answer, delivered by the workers, retried when it fails for
  // a temporary reason.
  auto metrics = std::make_shared<api::Metrics>();
  auto outbox = delivery::OutboxService::Start(
      outbox_options(settings), make_transport(settings),
      [metrics](const delivery::AttemptReport& r) {
        metrics->observe_attempt(r);
      });
  if (!outbox.ok()) {
    std::fprintf(stderr, "tattler_server: outbox: %s\n",
                 outbox.error().c_str());
    return 1;
  }
  metrics->attach_store(&outbox.value()->store());
  std::shared_ptr<delivery::OutboxDispatcher> dispatcher =
      outbox.value()->dispatcher();
  // The dispatcher outlives the Api that holds this (the Api holds it too).
  api::SubmitOnce submit_once =
      [once = dispatcher.get()](
          const outbox::IdempotencyRecord& record,
          std::vector<delivery::Job> jobs, delivery::Wait wait,
          delivery::SubmitDone done,
          std::function<void(outbox::IdempotencyRecord)> replay) {
        once->submit_once(record, std::move(jobs), wait, std::move(done),
                          std::move(replay));
      };
  auto chain = std::make_shared<recipients::AddressbookChain>();
  chain->add(std::make_shared<recipients::PassThroughAddressbook>());
  auto api = std::make_unique<api::Api>(api::ApiDeps{
      std::make_shared<const config::Settings>(settings),
      std::move(tree), chain, std::move(dispatcher),
      &outbox.value()->store(), std::move(submit_once), metrics});

  http::Server server(server_options(settings, metrics), api->handler());
  if (Status st = server.listen(); !st.ok()) {
    std::fprintf(stderr, "tattler_server: %s\n", st.message().c_str());
    return 1;
  }
  spdlog::info("- server.listening address={}:{} mode={} transport={}",
               settings.listen.host, server.port(), settings.master_mode,
               settings.transport == config::TransportKind::kCapture
                   ? "capture" : "smtp");
  server.run(true);

  // Deliveries still running finish before the server goes away.
  api.reset();
  spdlog::info("- server.stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tattler_server - notification server compatible with "
               "tattler's REST API, environment and template trees."};
  bool version = false;
  bool check = false;
  std::string envdir;
  app.add_flag("--version", version, "print the version and exit");
  app.add_flag("--check", check,
               "check the configuration and every template, print every "
               "problem, exit 1 if there is any");
  app.add_option("--envdir", envdir,
                 "read variables from DIR (one file per variable, first "
                 "line), on top of the environment")
      ->type_name("DIR");
  CLI11_PARSE(app, argc, argv);

  if (version) {
    std::printf("tattler_server %s\n", TATTLER_VERSION);
    return 0;
  }
  config::Environment env = config::process_environment();
  if (!envdir.empty()) {
    auto read = config::read_envdir(envdir, std::move(env));
    if (!read.ok()) {
      std::fprintf(stderr, "tattler_server: %s\n", read.error().c_str());
      return 1;
    }
    env = std::move(read.value());
  }

  Startup startup = check_all(env);
  if (check || !startup.problems.empty()) {
    FILE* out = startup.problems.empty() ? stdout : stderr;
    if (!startup.problems.empty()) {
      std::fprintf(out, "tattler_server: %zu problem(s) %s:\n",
                   startup.problems.size(),
                   check ? "found" : "prevent start-up");
      for (const auto& p : startup.problems) {
        std::fprintf(out, "  - %s\n", p.c_str());
      }
      return 1;
    }
    std::fprintf(out, "tattler_server: configuration and templates at '%s' "
                 "are valid\n", startup.template_base.string().c_str());
    return 0;
  }
  return serve(*startup.settings, std::move(startup.tree));
}
