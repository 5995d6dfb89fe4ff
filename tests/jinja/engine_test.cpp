// engine_test.cpp - unit tests of the Jinja2 engine's public API: values
// and their Python printing, JSON conversions, compile/render errors with
// positions, limits, loaders and thread safety.
//
// Limits: behaviour against Python Jinja2 is covered by the corpus
// (corpus.json), not here.

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "templates/jinja/engine.hpp"
#include "templates/jinja/json.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::jinja {
namespace {

// render_text - compile and render, "ERROR: ..." on failure.
std::string render_text(std::string_view src, const Dict& ctx = {},
                        const Options& options = {}) {
  auto t = compile(src, "t", options);
  if (!t.ok()) return "ERROR: " + t.error();
  auto out = render(*t.value(), ctx);
  return out.ok() ? out.value() : "ERROR: " + out.error();
}

TEST(Value, PrintsAsPythonStr) {
  Dict d;
  d.set("x", Value(1));
  d.set("s", Value("it's"));

  List l{Value("a"), Value(), Value(true), Value(1.0), Value(d)};

  EXPECT_EQ(Value(l).str(),
            "['a', None, True, 1.0, {'x': 1, 's': \"it's\"}]");
  EXPECT_EQ(Value::tuple({Value(1)}).str(), "(1,)");
  EXPECT_EQ(Value(3.3333333333333335).str(), "3.3333333333333335");
  EXPECT_EQ(Value(1e16).str(), "1e+16");
  EXPECT_EQ(Value().str(), "None");
}

TEST(Value, TruthinessFollowsPython) {
  EXPECT_FALSE(Value("").truthy());
  EXPECT_FALSE(Value(List{}).truthy());
  EXPECT_FALSE(Value(0.0).truthy());
  EXPECT_FALSE(Value::undefined("x").truthy());
  EXPECT_TRUE(Value("0").truthy());
  EXPECT_TRUE(Value(TimeDelta{0, 1, 0}).truthy());
}

TEST(Dict, KeepsInsertionOrderAndReplacesInPlace) {
  Dict d;
  for (int i = 0; i < 20; ++i) d.set("k" + std::to_string(i), Value(i));

  d.set("k3", Value("new"));
  d.erase("k0");

  ASSERT_EQ(d.size(), 19u);
  EXPECT_EQ(d.begin()->first, "k1");
  EXPECT_EQ(d.find("k3")->str(), "new");
  EXPECT_EQ(d.find("k0"), nullptr);
  EXPECT_EQ(d.find("k19")->as_int(), 19);
}

TEST(Json, WireJsonDecodesTypedStrings) {
  auto j = nlohmann::ordered_json::parse(
      R"({"t":"^tattler^time^11","d":"^tattler^timedelta^P123D128748S3u",
          "l":["^tattler^date^2024-01-02"],"u":"^tattler^other^x"})");

  auto v = from_wire_json(j);

  ASSERT_TRUE(v.ok()) << v.error();
  const Dict& d = v.value().as_dict();
  EXPECT_EQ(d.find("t")->str(), "11:00:00");
  EXPECT_EQ(d.find("d")->str(), "124 days, 11:45:48.000003");
  EXPECT_EQ(d.find("l")->as_list()[0].str(), "2024-01-02");
  EXPECT_EQ(d.find("u")->str(), "^tattler^other^x");
}

TEST(Json, WireJsonReportsPythonErrors) {
  auto bad_dt = from_wire_json(
      nlohmann::ordered_json::parse(R"({"a":"^tattler^datetime^nope"})"));
  auto bad_td = from_wire_json(
      nlohmann::ordered_json::parse(R"({"a":"^tattler^timedelta^P1D"})"));

  ASSERT_FALSE(bad_dt.ok());
  EXPECT_EQ(bad_dt.error(), "Invalid isoformat string: 'nope'");
  ASSERT_FALSE(bad_td.ok());
  EXPECT_EQ(bad_td.error(),
            "Not formatted as a valid tattler duration (invalid fields)");
}

TEST(Json, ToJsonKeepsOrder) {
  Dict d;
  d.set("b", Value(1));
  d.set("a", Value(List{Value(1.5), Value()}));

  EXPECT_EQ(to_json(Value(d)).dump(), R"({"b":1,"a":[1.5,null]})");
}

TEST(Compile, SyntaxErrorNamesTemplateLineAndColumn) {
  auto t = compile("line one\n{% if %}", "mail/body.txt");

  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().rfind("mail/body.txt:2:7: ", 0), 0u) << t.error();
}

TEST(Compile, UnknownFilterIsAnErrorAtCompileTime) {
  auto t = compile("\n  {{ x|nosuch }}", "t");

  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error(), "t:2:8: No filter named 'nosuch'.");
}

TEST(Render, UndefinedPrintsEmptyButAttributeAccessFails) {
  EXPECT_EQ(render_text("[{{ missing }}]"), "[]");
  EXPECT_EQ(render_text("{{ missing.x }}"), "ERROR: t:1:4: 'missing' is undefined");
}

TEST(Render, TrailingNewlineIsDroppedOnce) {
  EXPECT_EQ(render_text("a\n\n"), "a\n");
}

TEST(Render, HumanizeWorksInBaseTemplates) {
  auto base = compile("{% block b %}{{ 1234567|humanize('intcomma') }}"
                      "{% endblock %}",
                      "base");
  ASSERT_TRUE(base.ok());
  Dict ctx;
  ctx.set("base_template", Value(base.value()));

  EXPECT_EQ(render_text("{% extends base_template %}", ctx), "1,234,567");
}

TEST(Render, BaseTemplatePrintsItsName) {
  auto base = compile("x", "base");
  Dict ctx;
  ctx.set("base_template", Value(base.value()));

  EXPECT_EQ(render_text("{{ base_template }}", ctx), "<Template 'base'>");
}

TEST(Render, IncludeWithoutLoaderIsNotFound) {
  EXPECT_EQ(render_text("{% include 'x' %}"),
            "ERROR: t:1:4: template 'x' not found");
}

TEST(Render, LoaderResolvesIncludeAndExtends) {
  Options options;
  auto part = compile("part {{ v }}", "part");
  auto layout = compile("<{% block b %}{% endblock %}>", "layout");
  options.loader = [&](std::string_view name) -> Result<TemplatePtr> {
    if (name == "part") return part.value();
    if (name == "layout") return layout.value();
    return Err{"no " + std::string(name)};
  };
  Dict ctx;
  ctx.set("v", Value(7));

  EXPECT_EQ(render_text("{% extends 'layout' %}{% block b %}"
                        "{% include 'part' %}{% endblock %}",
                        ctx, options),
            "<part 7>");
}

TEST(Limits, OutputSizeIsReported) {
  Options options;
  options.max_output_bytes = 1000;

  std::string out =
      render_text("{% for i in range(500) %}abcd{% endfor %}", {}, options);

  EXPECT_NE(out.find("ERROR: t:1:"), std::string::npos) << out;
  EXPECT_NE(out.find("output exceeds"), std::string::npos) << out;
}

TEST(Limits, LoopIterationsAreReported) {
  Options options;
  options.max_loop_iterations = 100;

  std::string out = render_text(
      "{% for i in range(50) %}{% for j in range(50) %}{% endfor %}"
      "{% endfor %}",
      {}, options);

  EXPECT_NE(out.find("loop iterations"), std::string::npos) << out;
}

TEST(Limits, MacroRecursionDepthIsReported) {
  std::string out =
      render_text("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");

  EXPECT_NE(out.find("maximum nesting depth"), std::string::npos) << out;
}

TEST(Limits, IntegerOverflowIsAnErrorNotWrapAround) {
  std::string out = render_text("{{ 2 ** 63 }}");

  EXPECT_NE(out.find("integer overflow"), std::string::npos) << out;
}

TEST(Threads, SharedTemplateRendersConcurrently) {
  auto t = compile("{% for i in items %}{{ i * k }},{% endfor %}", "t");
  ASSERT_TRUE(t.ok());
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);

  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&, n] {
      Dict ctx;
      ctx.set("items", Value(List{Value(1), Value(2), Value(3)}));
      ctx.set("k", Value(n));
      for (int i = 0; i < 200; ++i) results[n] = render(*t.value(), ctx).value();
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_EQ(results[0], "0,0,0,");
  EXPECT_EQ(results[3], "3,6,9,");
}

}  // namespace
}  // namespace tattler::jinja
