// files_test.cpp - attachments, dead-letter files and JSON context text.
//
// Limits: the directory fsync and a power loss are not simulated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "tattler/client.hpp"

namespace {

namespace fs = std::filesystem;

// TempDir - a fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (fs::temp_directory_path() / "tattler-client-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(tattler::base64_encode(""), "");
  EXPECT_EQ(tattler::base64_encode("f"), "Zg==");
  EXPECT_EQ(tattler::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(tattler::base64_encode("foo"), "Zm9v");
  EXPECT_EQ(tattler::base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(tattler::base64_encode(std::string("\xff\x00\xfe", 3)), "/wD+");
}

TEST(Attachments, FilesAreReadAndUrlsPassedOn) {
  TempDir dir;
  write_file(dir.path() / "invoice.pdf", "%PDF-1.4\n");

  tattler::Json out = tattler::translate_attachments(
      {{"invoice.pdf", dir.path() / "invoice.pdf"},
       {"logo@local", std::string("https://example.org/logo.png")}});

  EXPECT_EQ(out["invoice.pdf"].dump(), R"({"content_b64":"JVBERi0xLjQK"})");
  EXPECT_EQ(out["logo@local"].dump(),
            R"({"url":"https://example.org/logo.png"})");
}

TEST(Attachments, StringThatIsNotAUrlIsRefusedWithTattlersMessage) {
  try {
    tattler::translate_attachments({{"a.pdf", std::string("/etc/passwd")}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& err) {
    EXPECT_STREQ(err.what(),
                 "attachments['a.pdf']: str values must be an http(s):// "
                 "URL; got '/etc/passwd'");
  }
}

TEST(Attachments, MissingFileIsAnError) {
  EXPECT_THROW(tattler::translate_attachments(
                   {{"a.pdf", fs::path("/nonexistent/a.pdf")}}),
               std::invalid_argument);
}

tattler::DeadLetter sample_letter() {
  tattler::DeadLetter l;
  l.scope = "billing";
  l.mode = "staging";
  l.event = "invoice";
  l.recipient = "a.b@x.org";
  l.vectors = {"email", "sms"};
  l.context = {{"total", 12.5}, {"due", "^tattler^date^2024-05-01"}};
  l.priority = 2;
  l.correlation_id = "billing:abc";
  l.endpoint = "127.0.0.1:11503";
  l.error = "HTTP Error 503: busy";
  l.http_status = 503;
  return l;
}

TEST(DeadLetters, StoredLetterReadsBackWhole) {
  TempDir dir;

  fs::path file = [&] {
    std::string error;
    fs::path f =
        tattler::store_dead_letter(sample_letter(), dir.path(), &error);
    EXPECT_EQ(error, "");
    return f;
  }();
  tattler::DeadLetter back;
  std::string error;

  ASSERT_TRUE(tattler::load_dead_letter(file, &back, &error)) << error;
  EXPECT_EQ(tattler::to_json(back).dump(), [&] {
    tattler::DeadLetter expected = sample_letter();
    expected.time = back.time;
    return tattler::to_json(expected).dump();
  }());
  EXPECT_FALSE(back.time.empty());
  EXPECT_EQ(file.extension(), ".json");
}

TEST(DeadLetters, NoTemporaryFileIsLeftAndOnlyLettersAreListed) {
  TempDir dir;
  std::string error;
  tattler::store_dead_letter(sample_letter(), dir.path(), &error);
  tattler::store_dead_letter(sample_letter(), dir.path(), &error);
  write_file(dir.path() / ".half.json.tmp", "{");
  write_file(dir.path() / "notes.txt", "x");

  auto letters = tattler::list_dead_letters(dir.path());
  std::size_t entries = std::distance(fs::directory_iterator(dir.path()),
                                      fs::directory_iterator());

  EXPECT_EQ(letters.size(), 2u);
  EXPECT_EQ(entries, 4u);
}

TEST(DeadLetters, DirectoryIsCreatedAndComesFromTheEnvironment) {
  TempDir dir;
  setenv("TATTLER_DEADLETTER_PATH", (dir.path() / "sub").c_str(), 1);

  fs::path where = tattler::default_deadletter_dir();
  unsetenv("TATTLER_DEADLETTER_PATH");
  std::string error;
  fs::path file = tattler::store_dead_letter(sample_letter(), where, &error);

  EXPECT_EQ(where, dir.path() / "sub");
  EXPECT_TRUE(fs::exists(file)) << error;
  EXPECT_EQ(tattler::default_deadletter_dir(), "/tmp/tattler_deadletter");
}

TEST(DeadLetters, UnwritableDirectoryIsReportedNotThrown) {
  std::string error;

  fs::path file =
      tattler::store_dead_letter(sample_letter(), "/proc/nope", &error);

  EXPECT_TRUE(file.empty());
  EXPECT_NE(error, "");
}

TEST(DeadLetters, BrokenFilesAreReportedNotThrown) {
  TempDir dir;
  write_file(dir.path() / "a.json", "{\"scope\": 1}");
  write_file(dir.path() / "b.json", "not json");
  tattler::DeadLetter letter;
  std::string error;

  EXPECT_FALSE(
      tattler::load_dead_letter(dir.path() / "a.json", &letter, &error));
  EXPECT_EQ(error, "missing string field 'scope'");
  EXPECT_FALSE(
      tattler::load_dead_letter(dir.path() / "b.json", &letter, &error));
}

TEST(JsonText, LineCommentsOutsideStringsAreRemoved) {
  std::string text =
      "{ // greeting\n \"url\": \"http://x//y\", \"q\": \"a\\\"//b\" }// end";

  EXPECT_EQ(tattler::strip_json_comments(text),
            "{ \n \"url\": \"http://x//y\", \"q\": \"a\\\"//b\" }");
}

TEST(JsonText, ContextMustBeAnObject) {
  tattler::Json ctx;
  std::string error;

  EXPECT_TRUE(tattler::parse_context_text(
      "{\"when\": \"^tattler^date^2024-01-02\" // typed\n}", &ctx, &error));
  EXPECT_EQ(ctx["when"], "^tattler^date^2024-01-02");
  EXPECT_FALSE(tattler::parse_context_text("[1, 2]", &ctx, &error));
  EXPECT_EQ(error,
            "Context file must be a dictionary (JSON object), not <class "
            "'list'>");
}

}  // namespace
