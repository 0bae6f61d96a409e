// Tests for ingest: text decoding (UTF-8, Windows-1252, binary and UTF-16 refusal), HTML
// pages read with Gumbo, JSON Lines records, and the DocumentReader over files and directories.
#include "depeche/ingest/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace depeche::ingest {
namespace {
namespace fs = std::filesystem;

// A fresh directory per test, removed at the end.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("depeche_ingest_test_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  // Writes `bytes` at dir/rel (creating parent directories) and returns the full path.
  std::string Write(const std::string& rel, std::string_view bytes) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

// Every result of a reader: documents and errors in order.
std::vector<Result<Document>> ReadAll(std::vector<std::string> inputs,
                                      Format format = Format::kAuto) {
  DocumentReader reader(std::move(inputs), format);
  std::vector<Result<Document>> out;
  while (auto next = reader.Next()) out.push_back(std::move(*next));
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- Plain text and decoding ----

TEST(IngestText, KeepsValidUtf8AndSetsIdAndSource) {
  auto doc = FromText("Le Premier ministre s’est rendu à Genève.", "art-1", "in.txt");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->id, "art-1");
  EXPECT_EQ(doc->source, "in.txt");
  EXPECT_EQ(doc->text, "Le Premier ministre s’est rendu à Genève.");
}

TEST(IngestText, DropsUtf8ByteOrderMark) {
  auto doc = FromText("\xEF\xBB\xBFThe talks resumed on Monday.", "x", "x.txt");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "The talks resumed on Monday.");
}

TEST(IngestText, ReadsInvalidUtf8AsWindows1252) {
  // 0x93/0x94 are curly quotes and 0x80 the euro sign in Windows-1252, not in Latin-1.
  auto doc = FromText("\x93Paix\x94 \xE0 Gen\xE8ve pour 5 \x80.", "x", "x.txt");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "“Paix” à Genève pour 5 €.");
}

TEST(IngestText, ReadsLatin1Accents) {
  auto doc = FromText("Fran\xE7ois a re\xE7u l'\xE9missaire \xE0 No\xEBl.", "x", "x.txt");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "François a reçu l'émissaire à Noël.");
}

TEST(IngestText, RefusesBytesWithNul) {
  const std::string bytes("PK\x03\x04\0\0\x14\0binary", 14);
  auto doc = FromText(bytes, "x", "archive.zip");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kDataError);
  EXPECT_TRUE(Contains(doc.status().message(), "archive.zip")) << doc.status().message();
  EXPECT_TRUE(Contains(doc.status().message(), "binary")) << doc.status().message();
}

TEST(IngestText, RefusesMostlyControlCharacters) {
  std::string bytes;
  for (int i = 0; i < 200; ++i) bytes += (i % 3 == 0) ? 'a' : static_cast<char>(1 + i % 20);
  auto doc = FromText(bytes, "x", "noise.bin");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kDataError);
}

TEST(IngestText, TabsAndCarriageReturnsAreText) {
  auto doc = FromText("Col1\tCol2\r\nThe envoy arrived.\r\n", "x", "x.txt");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(Contains(doc->text, "The envoy arrived."));
}

TEST(IngestText, RefusesUtf16WithAClearMessage) {
  const std::string le("\xFF\xFEH\0i\0", 6);
  auto doc = FromText(le, "x", "utf16.txt");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(Contains(doc.status().message(), "UTF-16")) << doc.status().message();
  EXPECT_TRUE(Contains(doc.status().message(), "utf16.txt"));
  const std::string be("\xFE\xFF\0H\0i", 6);
  EXPECT_FALSE(FromText(be, "x", "utf16be.txt").ok());
}

TEST(IngestText, DecodeTextPassesAsciiThrough) {
  auto t = DecodeText("Plain ASCII, 2024.", "w");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value(), "Plain ASCII, 2024.");
}

// ---- HTML ----

TEST(IngestHtml, ReadsTitleAndDropsScriptStyleNavFooter) {
  const char* html =
      "<!DOCTYPE html><html><head><title>Ceasefire agreed in the north</title>"
      "<style>p { color: red; }</style><script>var tracker = 1;</script></head>"
      "<body><nav>Home | World | Sport</nav>"
      "<h1>Ceasefire agreed in the north</h1>"
      "<p>The two sides signed the agreement on Tuesday.</p>"
      "<script>console.log('ad');</script>"
      "<footer>Copyright notice</footer></body></html>";
  auto doc = FromHtml(html, "p1", "p1.html");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->given.title, "Ceasefire agreed in the north");
  EXPECT_EQ(doc->text,
            "Ceasefire agreed in the north\nThe two sides signed the agreement on Tuesday.");
  EXPECT_FALSE(Contains(doc->text, "tracker"));
  EXPECT_FALSE(Contains(doc->text, "Home | World"));
  EXPECT_FALSE(Contains(doc->text, "Copyright"));
  EXPECT_FALSE(Contains(doc->text, "color"));
}

TEST(IngestHtml, PrependsTitleMissingFromBody) {
  auto doc = FromHtml("<html><head><title>Summit opens</title></head>"
                      "<body><p>Leaders met in the capital.</p></body></html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "Summit opens\nLeaders met in the capital.");
}

TEST(IngestHtml, ReadsMetaDatesAuthorOutletAndLang) {
  const char* html =
      "<html lang=\"fr-FR\"><head><title>T</title>"
      "<meta property=\"article:published_time\" content=\"2021-03-14T08:30:00+01:00\">"
      "<meta name=\"author\" content=\"Claire Martin\">"
      "<meta property=\"og:site_name\" content=\"Le Quotidien\">"
      "</head><body><p>Le ministre a démissionné.</p></body></html>";
  auto doc = FromHtml(html, "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->given.pubdate, "2021-03-14");
  EXPECT_EQ(doc->given.author, "Claire Martin");
  EXPECT_EQ(doc->given.outlet, "Le Quotidien");
  EXPECT_EQ(doc->given.lang, "fr");
}

TEST(IngestHtml, ReadsOtherDateMetaNames) {
  for (const char* key : {"name=\"date\"", "itemprop=\"datePublished\"", "name=\"DC.date.issued\"",
                          "name=\"pubdate\""}) {
    const std::string html = std::string("<html><head><meta ") + key +
                             " content=\"2019-11-02\"></head><body><p>Text.</p></body></html>";
    auto doc = FromHtml(html, "p", "p.html");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->given.pubdate, "2019-11-02") << key;
  }
}

TEST(IngestHtml, OgTitleWinsOverTitleElement) {
  auto doc = FromHtml("<html><head><title>Site | Breaking</title>"
                      "<meta property=\"og:title\" content=\"Envoy recalled\"></head>"
                      "<body><p>Envoy recalled</p><p>The ministry recalled its envoy.</p></body>"
                      "</html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->given.title, "Envoy recalled");
}

TEST(IngestHtml, CanonicalUrlWinsOverOgUrl) {
  // Whatever the order in the head, the canonical link is the URL.
  for (bool canonical_first : {true, false}) {
    const std::string canon = "<link rel=\"canonical\" href=\"https://news.example/a/1\">";
    const std::string og = "<meta property=\"og:url\" content=\"https://m.news.example/a/1\">";
    const std::string html = "<html><head>" + (canonical_first ? canon + og : og + canon) +
                             "</head><body><p>Body.</p></body></html>";
    auto doc = FromHtml(html, "p", "p.html");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->given.url, "https://news.example/a/1") << canonical_first;
  }
}

TEST(IngestHtml, OgUrlUsedWithoutCanonical) {
  auto doc = FromHtml("<html><head><meta property=\"og:url\" content=\"https://x.example/b\">"
                      "</head><body><p>Body.</p></body></html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->given.url, "https://x.example/b");
}

TEST(IngestHtml, BlocksEndLinesInlineElementsDoNot) {
  auto doc = FromHtml("<html><body><div>The <b>president</b> said <a href=\"#\">so</a>.</div>"
                      "<ul><li>First point</li><li>Second point</li></ul>"
                      "<p>Last<br>line</p></body></html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "The president said so.\nFirst point\nSecond point\nLast\nline");
}

TEST(IngestHtml, CollapsesWhitespaceAndDecodesEntities) {
  auto doc = FromHtml("<html><body><p>  Le   pr&eacute;sident\n\n  a&nbsp;parl&#233; "
                      "&laquo;&#160;longuement&#160;&raquo;.  </p></body></html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "Le président a\u00A0parlé «\u00A0longuement\u00A0».");
}

TEST(IngestHtml, DecodesWindows1252Pages) {
  auto doc = FromHtml("<html><body><p>L'arm\xE9" "e a quitt\xE9 la r\xE9gion.</p></body></html>",
                      "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "L'armée a quitté la région.");
}

TEST(IngestHtml, SurvivesUnclosedTags) {
  auto doc = FromHtml("<html><body><p>One<p>Two<div>Three", "p", "p.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "One\nTwo\nThree");
}

// ---- JSON Lines ----

TEST(IngestJson, ReadsAllFields) {
  auto doc = FromJsonLine(
      R"({"id": "afp-42", "text": "Rebels seized the town.", "pubdate": "2020-05-17",)"
      R"( "url": "https://wire.example/42", "lang": "en", "outlet": "Wire",)"
      R"( "title": "Town falls", "author": "J. Doe"})",
      "in.jsonl:3");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->id, "afp-42");
  EXPECT_EQ(doc->text, "Rebels seized the town.");
  EXPECT_EQ(doc->source, "in.jsonl:3");
  EXPECT_EQ(doc->given.pubdate, "2020-05-17");
  EXPECT_EQ(doc->given.url, "https://wire.example/42");
  EXPECT_EQ(doc->given.lang, "en");
  EXPECT_EQ(doc->given.outlet, "Wire");
  EXPECT_EQ(doc->given.title, "Town falls");
  EXPECT_EQ(doc->given.author, "J. Doe");
}

TEST(IngestJson, NumericIdAndEscapes) {
  auto doc = FromJsonLine(R"({"id": 1234, "text": "\u00ab Non \u00bb, a-t-il dit.\nFin."})",
                          "w:1");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->id, "1234");
  EXPECT_EQ(doc->text, "« Non », a-t-il dit.\nFin.");
}

TEST(IngestJson, HtmlFieldIsParsedAndRecordMetadataWins) {
  auto doc = FromJsonLine(
      R"({"id": "h1", "html": "<html><head><title>Page title</title>)"
      R"(<meta name=\"author\" content=\"Page Author\"></head>)"
      R"(<body><p>Troops withdrew.</p><script>x()</script></body></html>", "title": "Given"})",
      "w:1");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(Contains(doc->text, "Troops withdrew."));
  EXPECT_FALSE(Contains(doc->text, "x()"));
  EXPECT_EQ(doc->given.title, "Given");
  EXPECT_EQ(doc->given.author, "Page Author");
}

TEST(IngestJson, MalformedJsonNamesWhere) {
  auto doc = FromJsonLine(R"({"id": "a", "text": "unterminated)", "feed.jsonl:7");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kDataError);
  EXPECT_TRUE(Contains(doc.status().message(), "feed.jsonl:7")) << doc.status().message();
}

TEST(IngestJson, MissingIdIsAnError) {
  auto doc = FromJsonLine(R"({"text": "No identifier here."})", "feed.jsonl:2");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(Contains(doc.status().message(), "feed.jsonl:2"));
  EXPECT_TRUE(Contains(doc.status().message(), "id"));
}

TEST(IngestJson, RecordWithoutTextOrHtmlIsAnError) {
  auto doc = FromJsonLine(R"({"id": "empty", "title": "Only a title"})", "feed.jsonl:5");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(Contains(doc.status().message(), "feed.jsonl:5"));
  EXPECT_TRUE(Contains(doc.status().message(), "empty"));
}

TEST(IngestJson, NonObjectIsAnError) {
  auto doc = FromJsonLine(R"(["id", "text"])", "feed.jsonl:1");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(Contains(doc.status().message(), "object"));
}

TEST(IngestJson, TextWithNulIsRefused) {
  auto doc = FromJsonLine(R"({"id": "n", "text": "abc\u0000def"})", "feed.jsonl:9");
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(Contains(doc.status().message(), "feed.jsonl:9"));
}

// ---- DocumentReader ----

TEST(IngestReader, DirectoryIdsAreRelativePathsWithoutExtension) {
  TempDir dir;
  dir.Write("b.txt", "Second file.");
  dir.Write("a.txt", "First file.");
  dir.Write("fr/2020/c.html", "<html><body><p>Troisième.</p></body></html>");
  dir.Write("notes.md", "Not an article.");
  dir.Write(".hidden.txt", "Hidden.");
  auto all = ReadAll({dir.str()});
  ASSERT_EQ(all.size(), 3u);
  for (const auto& r : all) ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(all[0]->id, "a");
  EXPECT_EQ(all[1]->id, "b");
  EXPECT_EQ(all[2]->id, "fr/2020/c");
  EXPECT_EQ(all[2]->text, "Troisième.");
  EXPECT_EQ(all[0]->text, "First file.");
}

TEST(IngestReader, SingleFileIdIsItsStem) {
  TempDir dir;
  const std::string path = dir.Write("sub/report-2021.txt", "The council met.");
  auto all = ReadAll({path});
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].ok());
  EXPECT_EQ(all[0]->id, "report-2021");
  EXPECT_EQ(all[0]->source, path);
}

TEST(IngestReader, JsonLinesErrorNamesFileAndLineAndGoesOn) {
  TempDir dir;
  const std::string path = dir.Write(
      "feed.jsonl",
      "{\"id\": \"one\", \"text\": \"First record.\"}\n"
      "\n"
      "{\"id\": \"two\", \"text\": broken}\r\n"
      "{\"id\": \"three\", \"text\": \"Third record.\"}\r\n");
  auto all = ReadAll({path});
  ASSERT_EQ(all.size(), 3u);
  ASSERT_TRUE(all[0].ok());
  EXPECT_EQ(all[0]->id, "one");
  EXPECT_EQ(all[0]->source, path + ":1");
  ASSERT_FALSE(all[1].ok());
  EXPECT_TRUE(Contains(all[1].status().message(), path + ":3")) << all[1].status().message();
  ASSERT_TRUE(all[2].ok());
  EXPECT_EQ(all[2]->id, "three");
  EXPECT_EQ(all[2]->text, "Third record.");
}

TEST(IngestReader, MissingInputIsReportedAndOthersRead) {
  TempDir dir;
  const std::string ok = dir.Write("ok.txt", "Readable.");
  auto all = ReadAll({dir.str() + "/absent.txt", ok});
  ASSERT_EQ(all.size(), 2u);
  ASSERT_FALSE(all[0].ok());
  EXPECT_EQ(all[0].status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(all[0].status().message(), "absent.txt"));
  ASSERT_TRUE(all[1].ok());
  EXPECT_EQ(all[1]->text, "Readable.");
}

TEST(IngestReader, EmptyAndBinaryFilesAreErrorsNamingTheFile) {
  TempDir dir;
  dir.Write("a_empty.txt", "");
  dir.Write("b_binary.txt", std::string("\x7F" "ELF\0\0\0\x01\x02", 9));
  dir.Write("c_good.txt", "Good text.");
  auto all = ReadAll({dir.str()});
  ASSERT_EQ(all.size(), 3u);
  ASSERT_FALSE(all[0].ok());
  EXPECT_TRUE(Contains(all[0].status().message(), "a_empty.txt"));
  EXPECT_TRUE(Contains(all[0].status().message(), "empty"));
  ASSERT_FALSE(all[1].ok());
  EXPECT_TRUE(Contains(all[1].status().message(), "b_binary.txt"));
  ASSERT_TRUE(all[2].ok());
  EXPECT_EQ(all[2]->id, "c_good");
}

TEST(IngestReader, SniffsHtmlWithoutExtension) {
  TempDir dir;
  const std::string path =
      dir.Write("page", "\n  <!DOCTYPE html><html><body><p>Sniffed.</p></body></html>");
  auto all = ReadAll({path});
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].ok());
  EXPECT_EQ(all[0]->text, "Sniffed.");
}

TEST(IngestReader, ForcedFormatOverridesExtension) {
  TempDir dir;
  const std::string path = dir.Write("page.txt", "<p>Forced <i>HTML</i>.</p>");
  auto as_html = ReadAll({path}, Format::kHtml);
  ASSERT_EQ(as_html.size(), 1u);
  ASSERT_TRUE(as_html[0].ok());
  EXPECT_EQ(as_html[0]->text, "Forced HTML.");
  auto as_text = ReadAll({path});
  ASSERT_TRUE(as_text[0].ok());
  EXPECT_EQ(as_text[0]->text, "<p>Forced <i>HTML</i>.</p>");
}

TEST(IngestReader, Windows1252FileIsDecoded) {
  TempDir dir;
  const std::string path = dir.Write("cp.txt", "Le d\xE9put\xE9 a \x93refus\xE9\x94.");
  auto all = ReadAll({path});
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].ok());
  EXPECT_EQ(all[0]->text, "Le député a “refusé”.");
}

TEST(IngestReader, MixedInputsKeepOrder) {
  TempDir dir;
  const std::string j = dir.Write("x.jsonl", "{\"id\": \"j1\", \"text\": \"J one.\"}\n"
                                             "{\"id\": \"j2\", \"text\": \"J two.\"}\n");
  const std::string t = dir.Write("y.txt", "Plain.");
  auto all = ReadAll({t, j, t});
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0]->id, "y");
  EXPECT_EQ(all[1]->id, "j1");
  EXPECT_EQ(all[2]->id, "j2");
  EXPECT_EQ(all[3]->id, "y");
}

TEST(IngestIds, IdFromPath) {
  EXPECT_EQ(IdFromPath("corpus/fr/2020/a.txt", "corpus"), "fr/2020/a");
  EXPECT_EQ(IdFromPath("corpus/fr/a.b.html", "corpus"), "fr/a.b");
  EXPECT_EQ(IdFromPath("/tmp/x/story.txt", ""), "story");
}

}  // namespace
}  // namespace depeche::ingest
