// Robustness under ASan + UBSan: hostile or degenerate inputs (empty, binary, bad encodings,
// a 50 MB line, malformed JSON, 10,000-deep HTML, UTF-16, runaway quotes and punctuation,
// digits only) through ingest and the whole pipeline. Each must end in a clear error or a
// well-formed document, never a crash or a hang.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "depeche/core/knowledge.h"
#include "depeche/core/unicode.h"
#include "depeche/ingest/ingest.h"
#include "depeche/pipeline/pipeline.h"

namespace depeche {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Wall-clock bound for one input under the sanitizers: far above the expected time, low
// enough to call an accidental quadratic a failure instead of a hang.
constexpr double kMaxSeconds = 60;

// The pipelines are loaded once for the whole binary (loading is the slow part under ASan).
struct Engines {
  std::unique_ptr<Pipeline> full;  // up to events
  std::unique_ptr<Pipeline> text;  // clean + text only
  std::string error;
};

const Engines& E() {
  static const Engines* e = [] {
    auto* en = new Engines;
    auto full = Pipeline::Load(KnowledgePaths::Default(), Stage::kEvents);
    if (full.ok()) en->full = std::move(full).value();
    else en->error = full.status().message();
    auto text = Pipeline::Load(KnowledgePaths::Default(), Stage::kText);
    if (text.ok()) en->text = std::move(text).value();
    else if (en->error.empty()) en->error = text.status().message();
    return en;
  }();
  return *e;
}

#define REQUIRE_FULL_PIPELINE() \
  if (!E().full) GTEST_SKIP() << "knowledge did not load: " << E().error
#define REQUIRE_TEXT_PIPELINE() \
  if (!E().text) GTEST_SKIP() << "knowledge did not load: " << E().error

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() / ("depeche_robust_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, std::string_view bytes) const {
    const fs::path p = path_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }

 private:
  fs::path path_;
};

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Every annotation must point inside the text, and the text must be UTF-8.
void ExpectWellFormed(const Document& d) {
  const uint32_t n = static_cast<uint32_t>(d.text.size());
  EXPECT_TRUE(IsValidUtf8(d.text)) << d.source;
  auto in = [n](const Span& s) { return s.start <= s.end && s.end <= n; };
  for (const Line& l : d.lines) EXPECT_TRUE(in(l.span)) << d.source << " line " << l.number;
  for (const Token& t : d.tokens) EXPECT_TRUE(in(t.span)) << d.source << " token";
  for (const Sentence& s : d.sentences) {
    EXPECT_TRUE(in(s.span)) << d.source << " sentence";
    EXPECT_LE(s.first_token, s.end_token);
    EXPECT_LE(s.end_token, d.tokens.size());
  }
  for (const TimeExpr& t : d.times) EXPECT_TRUE(in(t.span)) << d.source << " time";
  for (const PlaceRef& p : d.places) EXPECT_TRUE(in(p.span)) << d.source << " place";
  for (const Mention& m : d.mentions) EXPECT_TRUE(in(m.span)) << d.source << " mention";
  for (const Event& e : d.events)
    for (const Span& s : e.evidence) EXPECT_TRUE(in(s)) << d.source << " evidence";
}

// Runs `p` on an ingested document and checks the result.
void RunAndCheck(const Pipeline& p, Document& doc) {
  const auto t0 = Clock::now();
  Status st = p.Run(doc);
  const double secs = Since(t0);
  EXPECT_LT(secs, kMaxSeconds) << doc.source << " took " << secs << " s";
  if (st.ok()) ExpectWellFormed(doc);
  else EXPECT_FALSE(st.message().empty()) << doc.source;
}

struct ReadResult {
  std::vector<Document> docs;
  std::vector<Status> errors;
};

// Reads `inputs` with the DocumentReader and runs the full pipeline on each document.
ReadResult ReadAndRun(const std::vector<std::string>& inputs) {
  ReadResult out;
  ingest::DocumentReader reader(inputs);
  while (auto next = reader.Next()) {
    if (!next->ok()) {
      out.errors.push_back(next->status());
      continue;
    }
    out.docs.push_back(std::move(*next).value());
    RunAndCheck(*E().full, out.docs.back());
  }
  return out;
}

std::string RandomBytes(size_t n, uint32_t seed, bool allow_nul) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) {
    unsigned v = rng() & 0xFF;
    if (!allow_nul && v == 0) v = 0xFF;
    c = static_cast<char>(v);
  }
  return s;
}

std::string Repeat(std::string_view unit, size_t total_bytes) {
  std::string s;
  s.reserve(total_bytes + unit.size());
  while (s.size() < total_bytes) s.append(unit);
  return s;
}

// Sentences written for these tests, French and English.
constexpr std::string_view kFrSentence =
    "Le ministre des Affaires étrangères a reçu mardi à Alger son homologue tunisien pour "
    "évoquer la crise régionale. ";
constexpr std::string_view kEnSentence =
    "The army withdrew from the northern town on Friday after talks with the rebels in Geneva. ";

// ---- Empty ----

TEST(Robust, EmptyFile) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  auto r = ReadAndRun({dir.Write("empty.txt", "")});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message().find("empty.txt"), std::string::npos) << r.errors[0].message();

  // The functions themselves on empty input: an empty document or an error, never a crash.
  auto t = ingest::FromText("", "e", "e");
  ASSERT_TRUE(t.ok());
  RunAndCheck(*E().full, *t);
  EXPECT_TRUE(t->sentences.empty());
  auto h = ingest::FromHtml("", "e", "e");
  ASSERT_TRUE(h.ok());
  RunAndCheck(*E().full, *h);
  EXPECT_FALSE(ingest::FromJsonLine("", "e:1").ok());
  EXPECT_FALSE(ingest::FromJsonLine("{}", "e:1").ok());
  auto ws = ingest::FromText("\n\n   \n\t\n", "ws", "ws");
  ASSERT_TRUE(ws.ok());
  RunAndCheck(*E().full, *ws);
}

// ---- Binary ----

TEST(Robust, BinaryFileWithNuls) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  const std::string bytes = RandomBytes(256 * 1024, 7, true);
  auto r = ReadAndRun({dir.Write("random.txt", bytes), dir.Write("random.html", bytes),
                       dir.Write("random.bin.jsonl", bytes)});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_GE(r.errors.size(), 2u);
  for (const Status& s : r.errors) EXPECT_NE(s.message().find("random"), std::string::npos);
  EXPECT_FALSE(ingest::FromText(bytes, "b", "b").ok());
  EXPECT_FALSE(ingest::FromHtml(bytes, "b", "b").ok());
  EXPECT_FALSE(ingest::FromJsonLine(bytes, "b:1").ok());
}

TEST(Robust, RandomBytesWithoutNuls) {
  REQUIRE_FULL_PIPELINE();
  // No NUL: may pass as Windows-1252 text or be refused as binary; both are fine.
  for (uint32_t seed : {1u, 2u, 3u}) {
    const std::string bytes = RandomBytes(64 * 1024, seed, false);
    for (auto* fn : {&ingest::FromText, &ingest::FromHtml}) {
      auto d = fn(bytes, "r", "r");
      if (d.ok()) RunAndCheck(*E().full, *d);
      else EXPECT_FALSE(d.status().message().empty());
    }
  }
}

// ---- Encodings ----

TEST(Robust, InvalidUtf8IsReadAsWindows1252) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  // Valid UTF-8 French text spoiled by stray bytes, a truncated sequence at the very end.
  std::string bytes = std::string(kFrSentence) + "\xC3\x28 \xA0\xA1 \xE2\x82 fin \xF0\x9F\x98";
  auto r = ReadAndRun({dir.Write("bad.txt", bytes)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(IsValidUtf8(r.docs[0].text));
  // Read as Windows-1252, the valid "é" (C3 A9) becomes "Ã©".
  EXPECT_NE(r.docs[0].text.find("Ã©"), std::string::npos);
}

TEST(Robust, Latin1Text) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  const std::string latin1 =
      "Le pr\xE9sident fran\xE7" "ais a re\xE7u \xE0 l'\xC9lys\xE9" "e le chef de l'\xC9tat "
      "malien, a annonc\xE9 la pr\xE9sidence jeudi. Les deux dirigeants ont \xE9voqu\xE9 "
      "la s\xE9" "curit\xE9 au Sahel.\n";
  auto r = ReadAndRun({dir.Write("latin1.txt", latin1)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_NE(r.docs[0].text.find("président français a reçu à l'Élysée"), std::string::npos)
      << r.docs[0].text;
  EXPECT_GE(r.docs[0].sentences.size(), 2u);
}

TEST(Robust, Utf16File) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  std::string le = "\xFF\xFE", be = "\xFE\xFF", nobom;
  for (char c : std::string_view("The talks ended.")) {
    le += c, le += '\0';
    be += '\0', be += c;
    nobom += c, nobom += '\0';
  }
  auto r = ReadAndRun({dir.Write("le.txt", le), dir.Write("be.html", be),
                       dir.Write("nobom.txt", nobom)});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_NE(r.errors[0].message().find("UTF-16"), std::string::npos) << r.errors[0].message();
  EXPECT_NE(r.errors[0].message().find("le.txt"), std::string::npos);
  EXPECT_NE(r.errors[1].message().find("UTF-16"), std::string::npos) << r.errors[1].message();
  EXPECT_NE(r.errors[2].message().find("nobom.txt"), std::string::npos);
}

// ---- Size ----

// A 50 MB line through ingest, clean and text; the full pipeline gets 5 MB of it (the whole
// pipeline on 50 MB takes minutes under ASan; see bench/ for the optimised figures).
TEST(Robust, FiftyMegabyteLineThroughIngestCleanText) {
  REQUIRE_TEXT_PIPELINE();
  TempDir dir;
  std::string unit = std::string(kEnSentence) + std::string(kFrSentence);
  const std::string path = dir.Write("huge.txt", Repeat(unit, 50u << 20));
  ingest::DocumentReader reader({path});
  auto next = reader.Next();
  ASSERT_TRUE(next && next->ok()) << (next ? next->status().message() : "no document");
  Document doc = std::move(*next).value();
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_GE(doc.text.size(), 50u << 20);
  const auto t0 = Clock::now();
  RunAndCheck(*E().text, doc);
  std::cerr << "[ info ] clean+text on " << (doc.text.size() >> 20) << " MB: " << Since(t0)
            << " s, " << doc.sentences.size() << " sentences\n";
}

TEST(Robust, FiveMegabyteLineThroughFullPipeline) {
  REQUIRE_FULL_PIPELINE();
  std::string unit = std::string(kFrSentence) + std::string(kEnSentence);
  auto doc = ingest::FromText(Repeat(unit, 5u << 20), "big", "big");
  ASSERT_TRUE(doc.ok());
  const auto t0 = Clock::now();
  RunAndCheck(*E().full, *doc);
  std::cerr << "[ info ] full pipeline on 5 MB: " << Since(t0) << " s, "
            << doc->sentences.size() << " sentences, " << doc->events.size() << " events\n";
  EXPECT_GT(doc->sentences.size(), 1000u);
}

TEST(Robust, OneMegabyteWordWithoutSpaces) {
  REQUIRE_FULL_PIPELINE();
  auto doc = ingest::FromText(std::string(1u << 20, 'a'), "word", "word");
  ASSERT_TRUE(doc.ok());
  RunAndCheck(*E().full, *doc);
}

TEST(Robust, ManyShortLines) {
  REQUIRE_FULL_PIPELINE();
  auto doc = ingest::FromText(Repeat("Paris.\n\n-\n", 1u << 20), "lines", "lines");
  ASSERT_TRUE(doc.ok());
  RunAndCheck(*E().full, *doc);
}

// ---- JSON Lines ----

TEST(Robust, MalformedJsonLineAmongGoodOnes) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  std::string jsonl;
  jsonl += R"({"id": "a", "lang": "en", "text": "The army withdrew from the town."})" "\n";
  jsonl += R"({"id": "b", "lang": "fr", "pubdate": "2020-05-17", "text": "Le )"
           R"(ministre a démissionné hier."})" "\n";
  jsonl += R"({"id": "c", "text": "missing the closing quote and brace)" "\n";
  jsonl += R"({"id": "d", "html": "<p>Les rebelles ont attaqué la ville.</p>"})" "\n";
  jsonl += R"({"id": "e", "text": "Talks resumed in Geneva on Monday."})";  // no final newline
  const std::string path = dir.Write("feed.jsonl", jsonl);
  auto r = ReadAndRun({path});
  ASSERT_EQ(r.docs.size(), 4u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message().find(path + ":3"), std::string::npos)
      << r.errors[0].message();
  EXPECT_EQ(r.docs[3].id, "e");
}

TEST(Robust, HostileJsonLines) {
  REQUIRE_FULL_PIPELINE();
  const std::vector<std::string> lines = {
      "{", "}", "null", "42", "\"text\"", "[[[[[[[[[[", R"({"id": null, "text": "x"})",
      R"({"id": {}, "text": "x"})", R"({"id": "x", "text": 12})",
      R"({"id": "x", "text": "", "html": ""})", R"({"id": "x", "text": "\ud800"})",
      R"({"id": "x", "text": "ok", "pubdate": "not a date at all"})",
      R"({"id": "x", "text": "ok", "pubdate": "9999-99-99"})",
      R"({"id": "x", "text": "ok", "lang": "zz"})",
      std::string(10000, '[') + std::string(10000, ']')};
  for (const std::string& line : lines) {
    auto d = ingest::FromJsonLine(line, "hostile:1");
    if (d.ok()) RunAndCheck(*E().full, *d);
    else EXPECT_NE(d.status().message().find("hostile:1"), std::string::npos) << line;
  }
}

// ---- HTML ----

TEST(Robust, HtmlNestedTenThousandDeep) {
  REQUIRE_FULL_PIPELINE();
  TempDir dir;
  for (const char* tag : {"div", "span", "b", "table", "blockquote"}) {
    std::string html = "<html><body>";
    for (int i = 0; i < 10000; ++i) html += std::string("<") + tag + ">";
    html += "Deep inside, the minister resigned.";
    for (int i = 0; i < 10000; ++i) html += std::string("</") + tag + ">";
    html += "</body></html>";
    const auto t0 = Clock::now();
    auto r = ReadAndRun({dir.Write(std::string("deep_") + tag + ".html", html)});
    EXPECT_LT(Since(t0), kMaxSeconds) << tag;
    ASSERT_EQ(r.docs.size() + r.errors.size(), 1u) << tag;
    if (!r.docs.empty() && std::string_view(tag) != "table") {
      EXPECT_NE(r.docs[0].text.find("the minister resigned"), std::string::npos) << tag;
    }
  }
  // Unclosed, too.
  std::string open;
  for (int i = 0; i < 10000; ++i) open += "<div><p>x";
  auto d = ingest::FromHtml(open, "open", "open");
  if (d.ok()) RunAndCheck(*E().full, *d);
}

// ---- Degenerate text ----

TEST(Robust, UnterminatedQuotes) {
  REQUIRE_FULL_PIPELINE();
  std::string body;
  for (int i = 0; i < 2000; ++i) body += kFrSentence;
  for (const char* open : {"« ", "\"", "“", "(", "'"}) {
    auto d = ingest::FromText(std::string("Le porte-parole a déclaré : ") + open + body, "q", "q");
    ASSERT_TRUE(d.ok());
    RunAndCheck(*E().full, *d);
    EXPECT_GE(d->sentences.size(), 1u) << open;
  }
}

// Disabled until fixed: the event coder scans each sentence once per trigger
// (events::SentenceCoder::ScanSubject), so its cost grows with the square of the sentence
// length, and a text without full stops, or with a quote never closed, is one sentence.
// The coder once scanned each sentence from its start for every trigger (720 KB took 26 s);
// its scans are bounded now. A ratio, not a time limit: four times the text, at most about
// eight times the time.
TEST(Robust, LongSentencesStayLinear) {
  REQUIRE_FULL_PIPELINE();
  auto run = [](size_t bytes) {
    auto d = ingest::FromText(
        Repeat("The army attacked the rebels near the northern town on Friday, ", bytes), "s",
        "s");
    EXPECT_TRUE(d.ok());
    const auto t0 = Clock::now();
    RunAndCheck(*E().full, *d);
    return Since(t0);
  };
  const double small = run(64 << 10), large = run(256 << 10);
  // Linear: four times the text, about four times the time (8x leaves room for noise).
  EXPECT_LT(large, 8 * small + 0.5) << "64 KB: " << small << " s, 256 KB: " << large << " s";
}

TEST(Robust, HundredThousandPunctuationMarks) {
  REQUIRE_FULL_PIPELINE();
  const std::string marks = ".,;:!?…«»—–-()[]\"'’/";
  std::string packed, spaced;
  for (size_t i = 0; packed.size() < 100000; ++i) packed += marks[i % marks.size()];
  for (size_t i = 0; spaced.size() < 200000; ++i) (spaced += marks[(i * 7) % marks.size()]) += ' ';
  // Multi-byte marks only.
  std::string guillemets;
  for (int i = 0; i < 100000; ++i) guillemets += (i % 2) ? "»" : "«";
  for (const std::string* s : {&packed, &spaced, &guillemets}) {
    auto d = ingest::FromText(*s, "p", "p");
    ASSERT_TRUE(d.ok());
    RunAndCheck(*E().full, *d);
    EXPECT_TRUE(d->events.empty());
  }
}

TEST(Robust, OnlyDigits) {
  REQUIRE_FULL_PIPELINE();
  std::string packed(1u << 20, '0');
  for (size_t i = 0; i < packed.size(); ++i) packed[i] = static_cast<char>('0' + i * 7 % 10);
  std::string years;
  for (int i = 0; years.size() < 500000; ++i) years += std::to_string(1000 + i % 9000) + " ";
  std::string dated;
  for (int i = 0; dated.size() < 500000; ++i)
    dated += std::to_string(1 + i % 31) + "/" + std::to_string(1 + i % 12) + "/" +
             std::to_string(1990 + i % 40) + "\n";
  for (const std::string* s : {&packed, &years, &dated}) {
    auto d = ingest::FromText(*s, "digits", "digits");
    ASSERT_TRUE(d.ok());
    RunAndCheck(*E().full, *d);
    EXPECT_TRUE(d->events.empty());
    EXPECT_TRUE(d->mentions.empty());
  }
}

}  // namespace
}  // namespace depeche
