// settings_test.cpp - specification of config::Settings.
#include "config/settings.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace tattler::config {
namespace {

namespace fs = std::filesystem;

// TempDir - a folder removed at the end of the test.
struct TempDir {
  TempDir() {
    path = fs::temp_directory_path() /
           ("tattler-config-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
  }
  fs::path path;
  static inline int counter = 0;
};

TEST(Settings, EmptyEnvironmentGivesTattlersDefaults) {
  auto s = load_settings({});

  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->listen.host, "127.0.0.1");
  EXPECT_EQ(s->listen.port, 11503);
  EXPECT_EQ(s->master_mode, "debug");
  EXPECT_EQ(s->template_type, "jinja");
  EXPECT_FALSE(s->template_base);
  EXPECT_EQ(s->smtp_address, "127.0.0.1");
  EXPECT_EQ(s->smtp_timeout.count(), 30);
  EXPECT_EQ(s->log_level, "info");
  EXPECT_NE(s->email_sender.find('@'), std::string::npos);
}

TEST(Settings, EmptyEnvironmentGivesOurDefaults) {
  auto s = load_settings({});

  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->transport, TransportKind::kSmtp);
  EXPECT_EQ(s->capture_dir, "var/outbox");
  EXPECT_TRUE(s->smtp_verify);
  EXPECT_FALSE(s->attachment_guard);
  EXPECT_EQ(s->queue_dir, "var");
  EXPECT_FALSE(s->queue_url);
  EXPECT_EQ(s->retry_first_delay.count(), 30);
  EXPECT_EQ(s->retry_max_delay.count(), 3600);
  EXPECT_EQ(s->retry_max_age.count(), 86400);
  EXPECT_EQ(s->retention.count(), 604800);
  EXPECT_EQ(s->lease.count(), 60);
  EXPECT_EQ(s->answer_timeout.count(), 30);
  EXPECT_EQ(s->delivery_workers, 8u);
  EXPECT_EQ(s->log_format, LogFormat::kText);
  EXPECT_EQ(s->max_connections, 1024u);
  EXPECT_EQ(s->read_timeout.count(), 30);
  EXPECT_EQ(s->idle_timeout.count(), 60);
}

TEST(Settings, MasterModeIsTrimmedAndLowerCased) {
  auto s = load_settings({{"TATTLER_MASTER_MODE", "  Production "}});

  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->master_mode, "production");
}

TEST(Settings, Ipv6ListenAddressInBracketsIsAccepted) {
  auto s = load_settings({{"TATTLER_LISTEN_ADDRESS", "[::1]:11504"}});

  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->listen.host, "::1");
  EXPECT_EQ(s->listen.port, 11504);
}

TEST(Settings, ListenAddressWithHostAndPortIsSplit) {
  auto s = load_settings({{"TATTLER_LISTEN_ADDRESS", "1.2.3.4:45"}});

  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->listen.host, "1.2.3.4");
  EXPECT_EQ(s->listen.port, 45);
}

TEST(Settings, LocalhostIsAValidSmtpHost) {
  auto s = load_settings({{"TATTLER_SMTP_ADDRESS", "localhost:2525"}});

  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->smtp_address, "localhost:2525");
}

TEST(Settings, EveryProblemIsListedAtOnce) {
  Environment env{{"TATTLER_LISTEN_ADDRESS", "nohost"},
                  {"TATTLER_MASTER_MODE", "loud"},
                  {"TATTLER_TRANSPORT", "pigeon"},
                  {"TATTLER_LEASE", "-3"},
                  {"TATTLER_SMTP_ADDRESS", "a b:99999"}};

  auto s = load_settings(env);

  ASSERT_FALSE(s.ok());
  auto problems = problems_of(s.error());
  EXPECT_EQ(problems.size(), 5u) << s.error();
  EXPECT_NE(s.error().find("TATTLER_LISTEN_ADDRESS"), std::string::npos);
  EXPECT_NE(s.error().find("TATTLER_MASTER_MODE"), std::string::npos);
  EXPECT_NE(s.error().find("TATTLER_TRANSPORT"), std::string::npos);
  EXPECT_NE(s.error().find("TATTLER_LEASE"), std::string::npos);
  EXPECT_NE(s.error().find("TATTLER_SMTP_ADDRESS"), std::string::npos);
}

TEST(Settings, EmptyValuesCountAsUnset) {
  auto s = load_settings({{"TATTLER_TEMPLATE_BASE", ""},
                          {"TATTLER_MASTER_MODE", ""}});

  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->template_base);
  EXPECT_EQ(s->master_mode, "debug");
}

TEST(Settings, MissingTemplateBaseIsAProblem) {
  auto s = load_settings({{"TATTLER_TEMPLATE_BASE", "/nonexistent/x"}});

  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("not a directory"), std::string::npos);
}

TEST(Settings, PerVectorRecipientsAndSendersAreRead) {
  auto s = load_settings({{"TATTLER_DEBUG_RECIPIENT_EMAIL", "d@x.org"},
                          {"TATTLER_SUPERVISOR_RECIPIENT_SMS", "+4179"},
                          {"TATTLER_EMAIL_SENDER", " Me@Example.ORG "}});

  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->debug_recipient("email"), "d@x.org");
  EXPECT_FALSE(s->debug_recipient("sms"));
  EXPECT_EQ(s->supervisor_recipient("sms"), "+4179");
  // Trimmed only: compose lower-cases the address when it builds From.
  EXPECT_EQ(s->sender("email"), "Me@Example.ORG");
}

TEST(Settings, EmailSenderKeepsTheCaseOfItsDisplayName) {
  auto s = load_settings({{"TATTLER_EMAIL_SENDER",
                           "Shop Z\u00fcrich <noreply@shop.ch> "}});

  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->sender("email"), "Shop Z\u00fcrich <noreply@shop.ch>");
}

TEST(Settings, OurChoicesAreParsed) {
  auto s = load_settings({{"TATTLER_TRANSPORT", "capture"},
                          {"TATTLER_LOG_FORMAT", "JSON"},
                          {"TATTLER_SMTP_VERIFY", "no"},
                          {"TATTLER_ATTACHMENT_GUARD", "on"},
                          {"TATTLER_DELIVERY_WORKERS", "3"}});

  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->transport, TransportKind::kCapture);
  EXPECT_EQ(s->log_format, LogFormat::kJson);
  EXPECT_FALSE(s->smtp_verify);
  EXPECT_TRUE(s->attachment_guard);
  EXPECT_EQ(s->delivery_workers, 3u);
}

TEST(Settings, PluginPathThatIsNotADirectoryIsOnlyAWarning) {
  auto s = load_settings({{"TATTLER_PLUGIN_PATH", "/nonexistent/plugins"}});

  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].find("not a directory"), std::string::npos);
}

TEST(Envdir, FirstLineWithTrailingBlanksStrippedOverridesEnvironment) {
  TempDir dir;
  dir.write("TATTLER_MASTER_MODE", "staging  \t\nignored\n");
  dir.write("KEEP", "x");

  auto env = read_envdir(dir.path, {{"TATTLER_MASTER_MODE", "debug"}});

  ASSERT_TRUE(env.ok()) << env.error();
  EXPECT_EQ(env->at("TATTLER_MASTER_MODE"), "staging");
  EXPECT_EQ(env->at("KEEP"), "x");
}

TEST(Envdir, EmptyFileRemovesTheVariable) {
  TempDir dir;
  dir.write("TATTLER_SMTP_TLS", "");

  auto env = read_envdir(dir.path, {{"TATTLER_SMTP_TLS", "yes"}});

  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->count("TATTLER_SMTP_TLS"), 0u);
}

TEST(Envdir, MissingFolderIsAnError) {
  auto env = read_envdir("/nonexistent/envdir", {});

  EXPECT_FALSE(env.ok());
}

}  // namespace
}  // namespace tattler::config
