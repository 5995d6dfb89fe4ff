// mjml_test.cpp - templates::compile_mjml through the real node compiler.
//
// Limits: skipped when node or tools/mjml/node_modules is missing; each
// compile starts node, so the cases are few.
#include "templates/mjml.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace tattler::templates {
namespace {

// compiler_present - whether node and the mjml package can be found.
bool compiler_present() {
  std::filesystem::path dir = std::filesystem::path(__FILE__)
                                  .parent_path()
                                  .parent_path()
                                  .parent_path() /
                              "tools" / "mjml" / "node_modules" / "mjml";
  return std::filesystem::exists(dir) &&
         std::system("node -v >/dev/null 2>&1") == 0;
}

TEST(Mjml, CompilesAndKeepsJinjaTags) {
  if (!compiler_present()) GTEST_SKIP() << "no node or mjml package";

  auto html = compile_mjml(
      "<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ name }}"
      "{% if x %}!{% endif %}</mj-text></mj-column></mj-section>"
      "</mj-body></mjml>");

  ASSERT_TRUE(html.ok()) << html.error();
  EXPECT_NE(html->find("<!doctype html>"), std::string::npos);
  EXPECT_NE(html->find("Hi {{ name }}{% if x %}!{% endif %}"),
            std::string::npos);
}

TEST(Mjml, ErrorCarriesMjmlsMessage) {
  if (!compiler_present()) GTEST_SKIP() << "no node or mjml package";

  auto html = compile_mjml("<mjml><mj-body><mj-bogus/></mj-body></mjml>");

  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().rfind("Failed to compile MJML: ", 0), 0u);
  EXPECT_NE(html.error().find("mj-bogus"), std::string::npos);
}

TEST(Mjml, MissingCompilerSaysHowToInstallIt) {
  setenv("TATTLER_MJML_DIR", "/nonexistent/mjml", 1);

  auto html = compile_mjml("<mjml><mj-body></mj-body></mjml>");
  unsetenv("TATTLER_MJML_DIR");

  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().find("install-node-deps.sh"), std::string::npos);
}

}  // namespace
}  // namespace tattler::templates
