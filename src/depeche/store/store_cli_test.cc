// End-to-end tests of the store subcommands through the built CLI (the engine included):
// idempotent ingest, merging of a story told by two outlets, and crash safety under
// SIGKILL at arbitrary moments.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "depeche/store/store.h"
#include "depeche/store/test_util.h"

namespace depeche::store {
namespace {

using testing::DumpStore;
using testing::TempPath;

std::string Cli() {
  const char* env = std::getenv("DEPECHE_TEST_CLI");
  return env && *env ? env : DEPECHE_CLI;
}

// Runs the CLI with `args`, stdout and stderr to /dev/null; returns the pid.
pid_t Spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> argv;
    const std::string cli = Cli();
    argv.push_back(const_cast<char*>(cli.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(cli.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int RunCli(const std::vector<std::string>& args) {
  const pid_t pid = Spawn(args);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool CliHasStore() {
  if (access(Cli().c_str(), X_OK) != 0) return false;
  return RunCli({"ingest", "--help"}) == 0;
}

#define REQUIRE_CLI()                                                                   \
  do {                                                                                  \
    if (access(Cli().c_str(), X_OK) != 0) GTEST_SKIP() << "CLI not built: " << Cli();   \
    ASSERT_TRUE(CliHasStore()) << Cli() << " lacks the store subcommands: register "    \
                                           "cli::AddStoreCommands(app) in commands.cc"; \
  } while (0)

std::string JsonEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

void WriteJsonl(const std::string& path, const std::vector<std::vector<std::string>>& docs) {
  std::ofstream f(path, std::ios::binary);
  for (const auto& d : docs)
    f << "{\"id\":\"" << d[0] << "\",\"outlet\":\"" << d[1] << "\",\"pubdate\":\"" << d[2]
      << "\",\"lang\":\"fr\",\"text\":\"" << JsonEscape(d[3]) << "\"}\n";
}

const std::vector<std::vector<std::string>> kMeeting = {
    {"m1", "Le Monde", "2021-03-10",
     "Le président turc Recep Tayyip Erdogan a rencontré mardi le Premier ministre grec "
     "Kyriakos Mitsotakis à Ankara. Les deux dirigeants ont évoqué la Méditerranée orientale."},
    {"m2", "Le Figaro", "2021-03-10",
     "Kyriakos Mitsotakis s'est entretenu mardi avec Recep Tayyip Erdogan à Ankara, selon un "
     "communiqué. La rencontre a duré deux heures."},
    {"m3", "Le Monde", "2021-04-20",
     "Le président turc Recep Tayyip Erdogan a rencontré lundi le Premier ministre grec "
     "Kyriakos Mitsotakis à Athènes."},
};

TEST(StoreCliTest, IngestTwiceGivesSameRowsAndMergesTheStory) {
  REQUIRE_CLI();
  const std::string in = TempPath("meeting.jsonl"), db = TempPath("meeting.db");
  WriteJsonl(in, kMeeting);
  ASSERT_EQ(RunCli({"ingest", in, "--db", db, "-q"}), 0);
  std::string first;
  {
    auto s = testing::OpenOrDie(db);
    first = DumpStore(s->db());
    // Two reports of Tuesday's meeting (sides swapped in one) are one occasion with two
    // sources; the April meeting is another.
    auto v = s->db().QueryInt(
        "SELECT count(*) FROM occasions WHERE type = 'CONSULT' AND num_sources = 2 "
        "AND num_articles = 2");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, 1);
    EXPECT_EQ(*s->db().QueryInt("SELECT count(*) FROM occasions WHERE type = 'CONSULT'"), 2);
  }
  ASSERT_EQ(RunCli({"ingest", in, "--db", db, "-q"}), 0);
  {
    auto s = testing::OpenOrDie(db);
    EXPECT_EQ(DumpStore(s->db()), first);
  }
  // recode keeps the given metadata and, with the same engine, the same events.
  ASSERT_EQ(RunCli({"recode", "--db", db, "-q"}), 0);
  {
    auto s = testing::OpenOrDie(db);
    EXPECT_EQ(*s->db().QueryInt("SELECT count(*) FROM occasions WHERE num_sources = 2"), 1);
    EXPECT_EQ(*s->db().QueryInt("SELECT count(*) FROM documents WHERE outlet = 'Le Figaro'"), 1);
  }
  for (const char* f : {"jsonl", "plover", "gdelt", "icews", "acled", "graphml", "gexf"})
    EXPECT_EQ(RunCli({"export", "--db", db, "--format", f, "-o", TempPath("x.out")}), 0) << f;
  EXPECT_EQ(RunCli({"query", "events", "--db", db, "--actor", "Mitsotakis", "--format", "csv"}), 0);
  EXPECT_EQ(RunCli({"query", "dyads", "--db", db}), 0);
  EXPECT_EQ(RunCli({"query", "actor", "Erdogan", "--db", db, "--no-kb"}), 0);
  EXPECT_EQ(RunCli({"query", "actor", "Nobody Atall", "--db", db, "--no-kb"}), 1);
  EXPECT_EQ(RunCli({"db-info", "--db", db, "--check"}), 0);
  EXPECT_NE(RunCli({"query", "events", "--db", TempPath("missing.db")}), 0);
}

// Ten thousand one-sentence documents written here (leaders of well-known countries).
std::string GenerateCorpus(size_t n) {
  static const char* kWho[] = {"Le président turc",    "Le Premier ministre grec",
                               "Le président français", "Le chancelier allemand",
                               "Le président égyptien", "Le Premier ministre italien"};
  static const char* kVerb[] = {"a rencontré", "s'est entretenu avec", "a reçu", "a accusé"};
  static const char* kDay[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi"};
  static const char* kPlace[] = {"Ankara", "Athènes", "Paris", "Berlin", "Le Caire", "Rome"};
  uint64_t x = 42;
  auto next = [&](uint64_t m) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (x >> 33) % m;
  };
  const std::string path = TempPath("gen.jsonl");
  std::vector<std::vector<std::string>> docs;
  char id[16], date[16];
  for (size_t i = 0; i < n; ++i) {
    const size_t a = next(6), b = (a + 1 + next(5)) % 6;
    std::string who_b = kWho[b];
    who_b[0] = 'l';
    std::snprintf(id, sizeof id, "g%05zu", i);
    std::snprintf(date, sizeof date, "2021-%02zu-%02zu", 1 + i % 12, 1 + i % 28);
    docs.push_back({id, "outlet" + std::to_string(i % 7), date,
                    std::string(kWho[a]) + " " + kVerb[next(4)] + " " + kDay[next(5)] + " " +
                        who_b + " à " + kPlace[next(6)] + "."});
  }
  WriteJsonl(path, docs);
  return path;
}

// id -> number of events, for every stored document.
std::map<std::string, int64_t> EventsPerDocument(Store& s) {
  std::map<std::string, int64_t> out;
  auto q = s.db().Prepare(
      "SELECT d.id, (SELECT count(*) FROM events e WHERE e.doc_pk = d.doc_pk) FROM documents d");
  EXPECT_TRUE(q.ok());
  Status err;
  while (q->Step(&err)) out[q->Text(0)] = q->Int(1);
  return out;
}

TEST(StoreCliTest, KilledIngestLeavesAConsistentStoreAndResumes) {
  REQUIRE_CLI();
  constexpr size_t kDocs = 10000;
  const std::string in = GenerateCorpus(kDocs), db = TempPath("kill.db");
  const std::vector<std::string> args = {"ingest", in, "--db", db, "-q", "--batch", "200"};
  // Deterministic "random" moments: during the engine's start, mid-run, between commits.
  const int kDelaysMs[] = {300, 1100, 1500, 900, 1900};
  std::vector<std::map<std::string, int64_t>> snapshots;
  for (int delay : kDelaysMs) {
    const pid_t pid = Spawn(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    auto s = testing::OpenOrDie(db);
    ASSERT_NE(s, nullptr);
    auto check = s->Check();
    ASSERT_TRUE(check.ok()) << check.status().message();
    EXPECT_EQ(*check, "") << "after a kill at " << delay << " ms";
    auto snap = EventsPerDocument(*s);
    // Commits follow input order: what is stored is a prefix of the input.
    size_t i = 0;
    for (const auto& [id, n] : snap) {
      char want[16];
      std::snprintf(want, sizeof want, "g%05zu", i++);
      ASSERT_EQ(id, want) << "stored documents are not a prefix of the input";
    }
    std::fprintf(stderr, "kill at %d ms: %zu documents stored\n", delay, snap.size());
    snapshots.push_back(std::move(snap));
  }
  ASSERT_EQ(RunCli(args), 0);
  auto s = testing::OpenOrDie(db);
  EXPECT_EQ(*s->Check(), "");
  const auto final_counts = EventsPerDocument(*s);
  ASSERT_EQ(final_counts.size(), kDocs);
  // Every document committed before a kill had all its events then: the same as now.
  for (const auto& snap : snapshots)
    for (const auto& [id, n] : snap) ASSERT_EQ(n, final_counts.at(id)) << id;
  EXPECT_GT(snapshots.back().size(), 0u) << "no kill landed after a commit; delays too short";
}

}  // namespace
}  // namespace depeche::store
