// Tests for the table writers and store exports: every format is read back by a real
// reader (Python's csv, json and xml.etree, SQLite) run as a subprocess.
#include "depeche/export/formats.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "depeche/store/test_util.h"

namespace depeche::exporter {
namespace {

using store::testing::EventSpec;
using store::testing::kErdogan;
using store::testing::kMacron;
using store::testing::kMitsotakis;
using store::testing::MakeDoc;
using store::testing::OpenOrDie;
using store::testing::PutAll;
using store::testing::TempPath;

bool HavePython() { return std::system("python3 -c 'import csv, json, xml.etree.ElementTree' 2>/dev/null") == 0; }

std::string Capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(FormatsTest, CsvAndXmlEscaping) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(TsvField("a\tb\nc"), "a b c");
  EXPECT_EQ(XmlEscape("<a href=\"x\">Tom & Jerry's</a>\x01"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
}

TEST(FormatsTest, CameoFacts) {
  EXPECT_EQ(DefaultCameo("CONSULT"), "040");
  EXPECT_EQ(GoldsteinForCameo("0411"), 1.0);
  EXPECT_EQ(GoldsteinForCameo("190"), -10.0);
  EXPECT_EQ(QuadClassForCameo("112"), 3);
  EXPECT_EQ(QuadClassForCameo("061"), 2);
  EXPECT_STREQ(CameoRootName("173"), "Coerce");
  EXPECT_EQ(GoldsteinForCameo(""), 0.0);
}

TEST(FormatsTest, TableFormats) {
  store::Table t;
  t.columns = {"name", "n"};
  t.rows = {{std::string("Élysée, \"Paris\""), int64_t{12}}, {std::monostate{}, 2.5}};
  std::ostringstream csv, jsonl, text;
  WriteTable(t, TableFormat::kCsv, csv);
  EXPECT_EQ(csv.str(), "name,n\r\n\"Élysée, \"\"Paris\"\"\",12\r\n,2.5\r\n");
  WriteTable(t, TableFormat::kJsonl, jsonl);
  EXPECT_EQ(jsonl.str(), "{\"name\":\"Élysée, \\\"Paris\\\"\",\"n\":12}\n{\"name\":null,\"n\":2.5}\n");
  WriteTable(t, TableFormat::kTable, text);
  EXPECT_EQ(text.str(),
            "name             n\n---------------  ---\nÉlysée, \"Paris\"   12\n                 2.5\n");
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempPath("export.db");
    s_ = OpenOrDie(path_);
    // Names and evidence with the characters that break careless writers.
    ActorRef odd = store::testing::Actor("", "Front <uni>, \"dit\" & Cie", "LBY", "REB");
    PutAll(*s_,
           {MakeDoc("a", "Le Monde, Paris", "2021-03-10",
                    "Le président turc a rencontré mardi le Premier ministre grec à Ankara, "
                    "\"en tête-à-tête\".\nSuite\tici.",
                    {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "Ankara", "TUR", "", ""}}),
            MakeDoc("b", "Le Figaro", "2021-03-10", "Kyriakos Mitsotakis a vu Erdogan à Ankara.",
                    {{"CONSULT", kMitsotakis, kErdogan, "2021-03-09", "Ankara", "TUR", "", ""}}),
            MakeDoc("c", "L'Orient", "2021-06-01", "Le front a attaqué une position à Syrte.",
                    {{"ASSAULT", odd, kMacron, "2021-05-31", "Sirte", "LBY", "firearms", ""}})});
  }
  std::string ExportToFile(const std::string& format) {
    std::ostringstream out;
    Status st = Export(s_->db(), format, {}, out);
    EXPECT_TRUE(st.ok()) << st.message();
    const std::string file = TempPath("export." + format);
    std::ofstream(file, std::ios::binary) << out.str();
    return file;
  }
  std::string path_;
  std::unique_ptr<store::Store> s_;
};

TEST_F(ExportTest, JsonlAndPlover) {
  if (!HavePython()) GTEST_SKIP() << "python3 not available to read the exports back";
  const std::string jsonl = ExportToFile("jsonl");
  EXPECT_EQ(Capture("python3 -c \"import json,sys\nrows=[json.loads(l) for l in open(sys.argv[1])]\n"
                "print(len(rows), [(r['type'], r['num_sources'], r['num_articles'], "
                "len(r['mentions'])) for r in rows])\" " + jsonl),
            "2 [('CONSULT', 2, 2, 2), ('ASSAULT', 1, 1, 1)]\n");
  const std::string plover = ExportToFile("plover");
  EXPECT_EQ(Capture("python3 -c \"import json,sys\nrows=[json.loads(l) for l in open(sys.argv[1])]\n"
                "r=rows[1]\nprint(r['event'], r['mode'], r['actor']['entity_text'], "
                "r['recipient']['code'], r['date'], len(rows[0]['cite_info']))\" " + plover),
            "ASSAULT firearms Front <uni>, \"dit\" & Cie FRA 2021-05-31 2\n");
}

TEST_F(ExportTest, CsvAndTsvFormats) {
  if (!HavePython()) GTEST_SKIP() << "python3 not available to read the exports back";
  const std::string acled = ExportToFile("acled");
  EXPECT_EQ(Capture("python3 -c \"import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1], "
                "newline='')))\nprint(len(rows), rows[0]['source'], '|', rows[1]['actor1'], '|', "
                "rows[1]['event_type'], '|', repr(rows[0]['notes'][-20:]))\" " + acled),
            "2 Le Monde, Paris; Le Figaro | Front <uni>, \"dit\" & Cie | Battles | "
            "'-à-tête\".\\nSuite\\tici.'\n");
  const std::string gdelt = ExportToFile("gdelt");
  EXPECT_EQ(Capture("python3 -c \"import csv,sys\nrows=list(csv.reader(open(sys.argv[1], "
                "newline=''), delimiter='\\t', quoting=csv.QUOTE_NONE))\n"
                "h=rows[0]\nprint(len(h), set(len(r) for r in rows), "
                "[dict(zip(h,r))[k] for r in rows[1:] for k in ('SQLDATE','EventCode','QuadClass',"
                "'GoldsteinScale','NumSources','NumArticles','ActionGeo_CountryCode')])\" " + gdelt),
            "58 {58} ['20210309', '040', '1', '1', '2', '2', 'TUR', '20210531', '180', '4', '-9', "
            "'1', '1', 'LBY']\n");
  const std::string icews = ExportToFile("icews");
  EXPECT_EQ(Capture("python3 -c \"import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1], "
                "newline=''), delimiter='\\t', quoting=csv.QUOTE_NONE))\n"
                "print(len(rows[0]), rows[1]['Event Text'], rows[1]['Intensity'], "
                "rows[1]['City'], rows[1]['Source Sectors'])\" " + icews),
            "20 Assault -9 Sirte REB\n");
}

TEST_F(ExportTest, GraphFormatsParseAsXml) {
  if (!HavePython()) GTEST_SKIP() << "python3 not available to read the exports back";
  const std::string graphml = ExportToFile("graphml");
  EXPECT_EQ(Capture("python3 -c \"import sys,xml.etree.ElementTree as E\nns={'g':'http://graphml."
                "graphdrawing.org/xmlns'}\nr=E.parse(sys.argv[1]).getroot()\n"
                "nodes=r.findall('.//g:node',ns)\nedges=r.findall('.//g:edge',ns)\n"
                "print(len(nodes), len(edges), sorted(d.text for n in nodes for d in n "
                "if d.get('key')=='label')[1])\" " + graphml),
            "4 2 Front <uni>, \"dit\" & Cie\n");
  const std::string gexf = ExportToFile("gexf");
  EXPECT_EQ(Capture("python3 -c \"import sys,xml.etree.ElementTree as E\nns={'x':'http://gexf.net/1.3'}\n"
                "r=E.parse(sys.argv[1]).getroot()\nprint(len(r.findall('.//x:node',ns)), "
                "[(e.get('kind'), e.get('weight')) for e in r.findall('.//x:edge',ns)])\" " + gexf),
            "4 [('CONSULT', '1'), ('ASSAULT', '1')]\n");
}

TEST_F(ExportTest, DatabaseReadsBackInSqlite) {
  if (std::system("python3 -c 'import sqlite3' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3 sqlite3 not available";
  s_.reset();  // closes the store
  EXPECT_EQ(Capture("python3 -c \"import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\n"
                "print(c.execute('PRAGMA integrity_check').fetchone()[0], "
                "c.execute('PRAGMA user_version').fetchone()[0], "
                "c.execute('SELECT count(*) FROM occasions').fetchone()[0], "
                "c.execute(\\\"SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH "
                "'president'\\\").fetchone()[0])\" " + path_),
            "ok 1 2 1\n");
}

}  // namespace
}  // namespace depeche::exporter
