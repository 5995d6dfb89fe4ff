// capture_transport_test.cpp - messages written to the capture folder.
#include "delivery/capture_transport.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tattler::delivery {
namespace {

namespace fs = std::filesystem;

// TempDir - a fresh folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string name = "tattler-capture-" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter_++);
    path_ = fs::temp_directory_path() / name;
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

compose::Message email() {
  compose::Message m;
  m.vector = "email";
  m.sender = "noreply@example.com";
  m.recipients = {"a@example.com", "b@example.com"};
  m.message_id = "abc123@example.com";
  m.data = "Subject: hi\r\n\r\nbody\r\n";
  return m;
}

TEST(CaptureTransport, EmailIsWrittenAsEmlWithEnvelopeSidecar) {
  TempDir dir;
  CaptureTransport transport(dir.path() / "outbox");

  Outcome outcome = transport.send(email());

  ASSERT_TRUE(outcome.delivered()) << outcome.detail;
  fs::path eml = dir.path() / "outbox" / "abc123@example.com.eml";
  fs::path envelope =
      dir.path() / "outbox" / "abc123@example.com.envelope.json";
  EXPECT_EQ(read_file(eml), "Subject: hi\r\n\r\nbody\r\n");
  auto json = nlohmann::json::parse(read_file(envelope));
  EXPECT_EQ(json["vector"], "email");
  EXPECT_EQ(json["sender"], "noreply@example.com");
  EXPECT_EQ(json["recipients"],
            nlohmann::json::array({"a@example.com", "b@example.com"}));
  EXPECT_EQ(json["message_id"], "abc123@example.com");
}

TEST(CaptureTransport, OtherVectorsAreWrittenAsJson) {
  TempDir dir;
  CaptureTransport transport(dir.path());
  compose::Message sms;
  sms.vector = "sms";
  sms.sender = "Acme";
  sms.recipients = {"+15550001"};
  sms.message_id = "sms-1";
  sms.data = R"({"to": "+15550001", "body": "hi"})";

  Outcome outcome = transport.send(sms);

  ASSERT_TRUE(outcome.delivered()) << outcome.detail;
  EXPECT_EQ(read_file(dir.path() / "sms-1.json"), sms.data);
  EXPECT_TRUE(fs::exists(dir.path() / "sms-1.envelope.json"));
}

TEST(CaptureTransport, NoTemporaryFilesAreLeftBehind) {
  TempDir dir;
  CaptureTransport transport(dir.path());

  for (int i = 0; i < 3; ++i) transport.send(email());

  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_NE(entry.path().filename().string().front(), '.');
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST(CaptureTransport, MessageIdCannotEscapeTheFolder) {
  EXPECT_EQ(CaptureTransport::file_stem("../../etc/passwd"),
            "_.._.._etc_passwd");
  EXPECT_EQ(CaptureTransport::file_stem(""), "_");
  EXPECT_EQ(CaptureTransport::file_stem("a b@c.d"), "a_b@c.d");
}

TEST(CaptureTransport, UnwritableFolderIsATemporaryFailureNamingIt) {
  TempDir dir;
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "file") << "not a folder";
  CaptureTransport transport(dir.path() / "file" / "outbox");

  Outcome outcome = transport.send(email());

  EXPECT_TRUE(outcome.temporary());
  EXPECT_NE(outcome.detail.find("outbox"), std::string::npos) << outcome.detail;
}

}  // namespace
}  // namespace tattler::delivery
