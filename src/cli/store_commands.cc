// The store's subcommands; see store_commands.h and docs/STORE.md.
#include "cli/store_commands.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "depeche/actors/kb.h"
#include "depeche/export/formats.h"
#include "depeche/ingest/ingest.h"
#include "depeche/pipeline/pipeline.h"
#include "depeche/store/query.h"
#include "depeche/store/schema.h"
#include "depeche/store/store.h"

namespace depeche::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(int code) { throw CLI::RuntimeError(code); }

void Finish(int code) {
  if (code != 0) Fail(code);
}

// Progress on stderr every ~2 s: documents, events, rate, and ETA when the total is known.
class Progress {
 public:
  Progress(bool enabled, std::optional<size_t> total)
      : enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0), total_(total),
        start_(Clock::now()), last_(start_) {}

  void Update(size_t docs, size_t events, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::seconds(2)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(docs) / secs : 0;
    char buf[256];
    int n = std::snprintf(buf, sizeof buf, "depeche: %zu", docs);
    if (total_) n += std::snprintf(buf + n, sizeof buf - n, "/%zu", *total_);
    n += std::snprintf(buf + n, sizeof buf - n, " documents, %zu events, %.1f docs/s", events, rate);
    if (total_ && rate > 0 && *total_ >= docs) {
      const long eta = static_cast<long>(static_cast<double>(*total_ - docs) / rate);
      n += std::snprintf(buf + n, sizeof buf - n, ", ETA %ldm%02lds", eta / 60, eta % 60);
    }
    std::fprintf(stderr, tty_ ? "\r%s\033[K" : "%s\n", buf);
    printed_ = true;
  }
  void Done(size_t docs, size_t events) {
    if (!enabled_) return;
    Update(docs, events, true);
    if (tty_ && printed_) std::fputc('\n', stderr);
  }

 private:
  bool enabled_, tty_;
  std::optional<size_t> total_;
  Clock::time_point start_, last_;
  bool printed_ = false;
};

std::string Extension(const std::string& name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string e = name.substr(dot);
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

size_t CountLines(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  size_t n = 0;
  bool nonblank = false;
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0)
    for (size_t i = 0; i < got; ++i) {
      if (buf[i] == '\n') {
        if (nonblank) ++n;
        nonblank = false;
      } else if (buf[i] != ' ' && buf[i] != '\r' && buf[i] != '\t') {
        nonblank = true;
      }
    }
  if (nonblank) ++n;
  std::fclose(f);
  return n;
}

// How many documents the inputs hold, as DocumentReader will read them; nullopt for stdin.
std::optional<size_t> CountDocuments(const std::vector<std::string>& inputs, ingest::Format fmt) {
  size_t total = 0;
  auto count_file = [&](const std::string& path) {
    const std::string ext = Extension(path);
    if (fmt == ingest::Format::kJsonLines || ext == ".jsonl" || ext == ".ndjson")
      total += CountLines(path);
    else
      ++total;
  };
  for (const std::string& in : inputs) {
    if (in == "-") return std::nullopt;
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(
               in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const std::string ext = Extension(name);
        if (ext == ".txt" || ext == ".text" || ext == ".html" || ext == ".htm" ||
            ext == ".jsonl" || ext == ".ndjson")
          count_file(it->path().string());
      }
    } else {
      count_file(in);
    }
  }
  return total;
}

ingest::Format ParseInputFormat(const std::string& f) {
  if (f == "text") return ingest::Format::kText;
  if (f == "html") return ingest::Format::kHtml;
  if (f == "jsonl") return ingest::Format::kJsonLines;
  return ingest::Format::kAuto;
}

struct StoreFlags {
  std::string db = "depeche.db";
  int threads = 0;
  bool progress = false;
  bool quiet = false;
  int batch = 256;
  int date_window = 1;
  double dup_threshold = 0.5;
  bool no_merge = false;
};

void AddStoreFlags(CLI::App* cmd, StoreFlags& f, bool merge_flags) {
  cmd->add_option("--db", f.db, "The store (SQLite file; created when missing)")
      ->capture_default_str();
  cmd->add_option("-t,--threads", f.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--progress", f.progress,
                "Report progress on stderr every ~2 s even when stderr is not a terminal");
  cmd->add_flag("-q,--quiet", f.quiet, "No progress, no summary, no per-document errors");
  cmd->add_option("--batch", f.batch, "Documents per transaction")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  if (!merge_flags) return;
  cmd->add_option("--date-window", f.date_window,
                  "Days apart two reports' dates may be and still be one occasion")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--dup-threshold", f.dup_threshold,
                  "Estimated Jaccard similarity (5-word shingles) above which two articles are "
                  "one story")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-merge", f.no_merge,
                "Keep every event as its own occasion (no cross-document merging)");
}

Result<std::unique_ptr<store::Store>> OpenStore(const StoreFlags& f, bool read_only) {
  store::StoreOptions o;
  o.read_only = read_only;
  o.merge.merge = !f.no_merge;
  o.merge.date_window_days = f.date_window;
  o.merge.near_dup_threshold = f.dup_threshold;
  if (read_only && !fs::exists(f.db)) return NotFound(f.db + ": no such store");
  return store::Store::Open(f.db, o);
}

// Commits documents in input order, a transaction per batch, and keeps the tallies.
class Writer {
 public:
  Writer(store::Store& s, const StoreFlags& f, Progress& p) : store_(s), flags_(f), progress_(p) {}

  // false when the store failed (the run must stop).
  bool Put(const Document& d, bool force) {
    if (!in_txn_) {
      if (Status st = store_.Begin(); !st.ok()) return Error(st);
      in_txn_ = true;
    }
    auto r = store_.Put(d, force);
    if (!r.ok()) {
      store_.Rollback();
      in_txn_ = false;
      pending_ = {};
      return Error(r.status());
    }
    switch (*r) {
      case store::Store::Outcome::kAdded: ++pending_.added; break;
      case store::Store::Outcome::kReplaced: ++pending_.replaced; break;
      case store::Store::Outcome::kUnchanged: ++pending_.unchanged; break;
    }
    if (*r != store::Store::Outcome::kUnchanged) pending_.events += d.events.size();
    ++pending_.docs;
    if (pending_.docs >= static_cast<size_t>(flags_.batch)) return Commit();
    return true;
  }

  bool Commit() {
    if (!in_txn_) return true;
    in_txn_ = false;
    if (Status st = store_.Commit(); !st.ok()) {
      store_.Rollback();
      pending_ = {};
      return Error(st);
    }
    done_.docs += pending_.docs;
    done_.added += pending_.added;
    done_.replaced += pending_.replaced;
    done_.unchanged += pending_.unchanged;
    done_.events += pending_.events;
    pending_ = {};
    progress_.Update(done_.docs + failed_, done_.events);
    return true;
  }

  void CountFailure() { ++failed_; }
  bool failed_store() const { return store_failed_; }

  void Summary(const char* verb) const {
    if (flags_.quiet) return;
    std::fprintf(stderr,
                 "depeche: %s %zu documents (%zu added, %zu replaced, %zu unchanged, %zu failed), "
                 "%zu events stored\n",
                 verb, done_.docs + failed_, done_.added, done_.replaced, done_.unchanged,
                 failed_, done_.events);
  }
  size_t failed() const { return failed_; }
  size_t docs() const { return done_.docs; }
  size_t events() const { return done_.events; }

 private:
  bool Error(const Status& st) {
    std::cerr << "depeche: " << st.message() << "\n";
    store_failed_ = true;
    return false;
  }
  struct Tally {
    size_t docs = 0, added = 0, replaced = 0, unchanged = 0, events = 0;
  };
  store::Store& store_;
  const StoreFlags& flags_;
  Progress& progress_;
  Tally pending_, done_;
  size_t failed_ = 0;
  bool in_txn_ = false;
  bool store_failed_ = false;
};

int RunIngest(const std::vector<std::string>& inputs_in, const std::string& format,
              const StoreFlags& f) {
  auto pipeline = Pipeline::Load(KnowledgePaths::Default(), Stage::kEvents);
  if (!pipeline.ok()) {
    std::cerr << "depeche: " << pipeline.status().message() << "\n";
    return 2;
  }
  auto st = OpenStore(f, false);
  if (!st.ok()) {
    std::cerr << "depeche: " << st.status().message() << "\n";
    return 2;
  }
  store::Store& s = *st.value();
  const std::vector<std::string> inputs = inputs_in.empty() ? std::vector<std::string>{"-"}
                                                            : inputs_in;
  const ingest::Format fmt = ParseInputFormat(format);
  const bool show = !f.quiet && (f.progress || isatty(STDERR_FILENO));
  Progress progress(show, show ? CountDocuments(inputs, fmt) : std::nullopt);
  Writer w(s, f, progress);
  ingest::DocumentReader reader(inputs, fmt);
  const Pipeline& p = *pipeline.value();
  std::atomic<bool> stop{false};
  RunParallel(
      reader, f.threads,
      [&](Document& d) -> Status {
        // A document stored with the same content is not analysed again.
        if (stop.load() || s.StoredHash(d.id) == store::Store::ContentHash(d)) return Status::Ok();
        return p.Run(d);
      },
      [&](Result<Document>& r) {
        if (stop.load()) return;
        if (!r.ok()) {
          if (!f.quiet) std::cerr << "depeche: error: " << r.status().message() << "\n";
          w.CountFailure();
          return;
        }
        if (!w.Put(r.value(), false)) stop = true;
      });
  if (!stop && !w.Commit()) stop = true;
  // Lets later queries plan with fresh statistics (cheap: only tables that changed much).
  if (!stop) (void)s.db().Exec("PRAGMA optimize");
  progress.Done(w.docs() + w.failed(), w.events());
  w.Summary("ingested");
  if (stop) return 2;
  return w.failed() > 0 ? 1 : 0;
}

int RunRecode(const StoreFlags& f) {
  auto pipeline = Pipeline::Load(KnowledgePaths::Default(), Stage::kEvents);
  if (!pipeline.ok()) {
    std::cerr << "depeche: " << pipeline.status().message() << "\n";
    return 2;
  }
  if (!fs::exists(f.db)) {
    std::cerr << "depeche: " << f.db << ": no such store\n";
    return 2;
  }
  auto st = OpenStore(f, false);
  if (!st.ok()) {
    std::cerr << "depeche: " << st.status().message() << "\n";
    return 2;
  }
  store::Store& s = *st.value();
  auto keys = s.DocumentKeys();
  if (!keys.ok()) {
    std::cerr << "depeche: " << keys.status().message() << "\n";
    return 2;
  }
  const bool show = !f.quiet && (f.progress || isatty(STDERR_FILENO));
  Progress progress(show, keys->size());
  Writer w(s, f, progress);
  const Pipeline& p = *pipeline.value();
  const int threads = f.threads > 0 ? f.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const size_t chunk = static_cast<size_t>(threads) * 16;
  bool stop = false;
  for (size_t at = 0; at < keys->size() && !stop; at += chunk) {
    std::vector<Result<Document>> batch;
    for (size_t i = at; i < std::min(keys->size(), at + chunk); ++i)
      batch.push_back(s.LoadDocument((*keys)[i]));
    std::atomic<size_t> cursor{0};
    auto work = [&] {
      for (size_t i; (i = cursor.fetch_add(1)) < batch.size();) {
        if (!batch[i].ok()) continue;
        Status r = p.Run(batch[i].value());
        if (!r.ok()) batch[i] = Result<Document>(Status(r.code(), batch[i]->id + ": " + r.message()));
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (auto& r : batch) {
      if (!r.ok()) {
        if (!f.quiet) std::cerr << "depeche: error: " << r.status().message() << "\n";
        w.CountFailure();
        continue;
      }
      if (!w.Put(r.value(), true)) {
        stop = true;
        break;
      }
    }
    if (!stop && !w.Commit()) stop = true;
  }
  if (!stop) (void)s.db().Exec("PRAGMA optimize");
  progress.Done(w.docs() + w.failed(), w.events());
  w.Summary("recoded");
  if (stop) return 2;
  return w.failed() > 0 ? 1 : 0;
}

// --- query / export ------------------------------------------------------------------------

struct OutputFlags {
  std::string format = "table";
  std::string output;
};

void AddFilterFlags(CLI::App* cmd, store::Filter& f) {
  cmd->add_option("--actor", f.actors,
                  "Actor taking part (KB id or name; repeat: all must take part)");
  cmd->add_option("--affiliation", f.affiliation, "Either side's affiliation (ISO3 or IGO code)");
  cmd->add_option("--sector", f.sector, "Either side's sector (GOV, MIL, ...)");
  cmd->add_option("--type", f.types, "PLOVER type (repeat for any of several)");
  cmd->add_option("--mode", f.mode, "PLOVER mode");
  cmd->add_option("--since", f.since, "From this date (YYYY, YYYY-MM or YYYY-MM-DD)");
  cmd->add_option("--until", f.until, "Up to this date, inclusive");
  cmd->add_option("--place", f.place, "Place name of the event");
  cmd->add_option("--country", f.country, "Country (ISO3) of the event's place");
  cmd->add_option("--outlet", f.outlet, "Reported by this outlet");
  cmd->add_option("--text", f.text, "Full-text search over the evidence sentences");
}

// The stream to write to: stdout or the -o file.
struct Out {
  std::unique_ptr<std::ofstream> file;
  std::ostream* os = &std::cout;
};

std::optional<Out> OpenOut(const std::string& path) {
  Out o;
  if (path.empty() || path == "-") return o;
  o.file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*o.file) {
    std::cerr << "depeche: cannot write " << path << "\n";
    return std::nullopt;
  }
  o.os = o.file.get();
  return o;
}

int Flush(Out& o) {
  o.os->flush();
  if (!*o.os) {
    std::cerr << "depeche: write failed\n";
    return 2;
  }
  return 0;
}

int ReportError(const Status& st) {
  std::cerr << "depeche: " << st.message() << "\n";
  return st.code() == StatusCode::kNotFound || st.code() == StatusCode::kInvalidArgument ? 1 : 2;
}

}  // namespace

void AddStoreCommands(CLI::App& app) {
  // ingest
  {
    auto inputs = std::make_shared<std::vector<std::string>>();
    auto format = std::make_shared<std::string>("auto");
    auto flags = std::make_shared<StoreFlags>();
    auto* cmd = app.add_subcommand(
        "ingest", "Analyse documents and store them, their mentions and events in a database");
    cmd->add_option("inputs", *inputs,
                    "Files or directories (.txt, .html, .jsonl), or - for stdin (the default)");
    cmd->add_option("--format", *format, "Input format: auto, text, html or jsonl")
        ->check(CLI::IsMember({"auto", "text", "html", "jsonl"}));
    AddStoreFlags(cmd, *flags, true);
    cmd->callback([=] { Finish(RunIngest(*inputs, *format, *flags)); });
  }
  // recode
  {
    auto flags = std::make_shared<StoreFlags>();
    auto* cmd = app.add_subcommand(
        "recode", "Run the current engine again over every stored document's text");
    AddStoreFlags(cmd, *flags, true);
    cmd->callback([=] { Finish(RunRecode(*flags)); });
  }
  // query
  {
    auto* query = app.add_subcommand("query", "Ask the store: events, dyads, actor profiles");
    query->require_subcommand(1);
    auto db = std::make_shared<std::string>("depeche.db");
    auto out = std::make_shared<OutputFlags>();
    auto add_common = [&](CLI::App* cmd) {
      cmd->add_option("--db", *db, "The store")->capture_default_str();
      cmd->add_option("--format", out->format, "Output: table (aligned), csv or jsonl")
          ->check(CLI::IsMember({"table", "csv", "jsonl"}))
          ->capture_default_str();
      cmd->add_option("-o,--output", out->output, "Write to this file instead of stdout");
    };
    // Opens the store read-only and runs `fn` on it; the exit status is fn's.
    auto with_store = [db](const std::function<int(store::Store&)>& fn) {
      StoreFlags f;
      f.db = *db;
      auto st = OpenStore(f, true);
      if (!st.ok()) Fail(ReportError(st.status()));
      Finish(fn(*st.value()));
    };

    auto filter = std::make_shared<store::Filter>();
    filter->limit = 100;
    auto* events = query->add_subcommand("events", "Occasions matching filters (one per occasion)");
    add_common(events);
    AddFilterFlags(events, *filter);
    events->add_option("--limit", filter->limit, "At most this many rows (0: all)")
        ->capture_default_str();
    events->callback([=] {
      with_store([&](store::Store& s) {
        auto t = store::QueryEvents(s.db(), *filter);
        if (!t.ok()) return ReportError(t.status());
        auto o = OpenOut(out->output);
        if (!o) return 2;
        exporter::WriteTable(*t, *exporter::ParseTableFormat(out->format), *o->os);
        return Flush(*o);
      });
    });

    auto dfilter = std::make_shared<store::Filter>();
    auto undirected = std::make_shared<bool>(false);
    auto* dyads = query->add_subcommand(
        "dyads", "Events and summed PLOVER intensity per actor pair and month");
    add_common(dyads);
    AddFilterFlags(dyads, *dfilter);
    dyads->add_option("--limit", dfilter->limit, "At most this many rows (0: all)")
        ->capture_default_str();
    dyads->add_flag("--undirected", *undirected, "Count A->B and B->A together");
    dyads->callback([=] {
      with_store([&](store::Store& s) {
        auto t = store::QueryDyads(s.db(), *dfilter, *undirected);
        if (!t.ok()) return ReportError(t.status());
        auto o = OpenOut(out->output);
        if (!o) return 2;
        exporter::WriteTable(*t, *exporter::ParseTableFormat(out->format), *o->os);
        return Flush(*o);
      });
    });

    auto name = std::make_shared<std::string>();
    auto top = std::make_shared<int>(10);
    auto by_month = std::make_shared<bool>(false);
    auto no_kb = std::make_shared<bool>(false);
    auto* actor = query->add_subcommand(
        "actor", "An actor's profile: posts (from the knowledge base), partners, event types");
    add_common(actor);
    actor->add_option("name", *name, "KB id or name (a part of the name will do)")->required();
    actor->add_option("--top", *top, "Partners to list")->capture_default_str();
    actor->add_flag("--by-month", *by_month, "Event types per month instead of per year");
    actor->add_flag("--no-kb", *no_kb, "Do not load the knowledge base (no posts)");
    actor->callback([=] {
      with_store([&](store::Store& s) {
        std::optional<actors::KnowledgeBase> kb;
        if (!*no_kb) {
          auto k = actors::KnowledgeBase::Load(KnowledgePaths::Default());
          if (k.ok()) kb = std::move(k.value());
          else std::cerr << "depeche: warning: " << k.status().message() << " (no posts)\n";
        }
        auto t = store::QueryActor(s.db(), *name, kb ? &*kb : nullptr, *top, *by_month);
        if (!t.ok()) return ReportError(t.status());
        auto o = OpenOut(out->output);
        if (!o) return 2;
        exporter::WriteTables(*t, *exporter::ParseTableFormat(out->format), *o->os);
        return Flush(*o);
      });
    });
  }
  // export
  {
    auto db = std::make_shared<std::string>("depeche.db");
    auto format = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto filter = std::make_shared<store::Filter>();
    auto* cmd = app.add_subcommand(
        "export", "Write the store's occasions for other tools (formats: docs/STORE.md)");
    cmd->add_option("--db", *db, "The store")->capture_default_str();
    cmd->add_option("--format", *format, "jsonl, plover, gdelt, icews, acled, graphml or gexf")
        ->required()
        ->check(CLI::IsMember(exporter::ExportFormats()));
    cmd->add_option("-o,--output", *output, "Write to this file instead of stdout");
    AddFilterFlags(cmd, *filter);
    cmd->callback([=] {
      StoreFlags f;
      f.db = *db;
      auto st = OpenStore(f, true);
      if (!st.ok()) Fail(ReportError(st.status()));
      auto o = OpenOut(*output);
      if (!o) Fail(2);
      Status s = exporter::Export(st.value()->db(), *format, *filter, *o->os);
      if (!s.ok()) Fail(ReportError(s));
      Finish(Flush(*o));
    });
  }
  // db-info
  {
    auto db = std::make_shared<std::string>("depeche.db");
    auto check = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("db-info", "Schema version and row counts of a store");
    cmd->add_option("--db", *db, "The store")->capture_default_str();
    cmd->add_flag("--check", *check,
                  "Also verify integrity (SQLite, full-text index, no orphan rows); exit 1 if not");
    cmd->callback([=] {
      StoreFlags f;
      f.db = *db;
      auto st = OpenStore(f, true);
      if (!st.ok()) Fail(ReportError(st.status()));
      store::Store& s = *st.value();
      auto c = s.Counts();
      if (!c.ok()) Fail(ReportError(c.status()));
      std::printf("schema_version\t%d\ndocuments\t%lld\nmentions\t%lld\nevents\t%lld\n"
                  "occasions\t%lld\nactors\t%lld\nevidence\t%lld\n",
                  store::kSchemaVersion, static_cast<long long>(c->documents),
                  static_cast<long long>(c->mentions), static_cast<long long>(c->events),
                  static_cast<long long>(c->occasions), static_cast<long long>(c->actors),
                  static_cast<long long>(c->evidence));
      if (*check) {
        auto r = s.Check();
        if (!r.ok()) Fail(ReportError(r.status()));
        std::printf("check\t%s\n", r->empty() ? "ok" : "FAILED");
        if (!r->empty()) {
          std::fputs(r->c_str(), stderr);
          Fail(1);
        }
      }
    });
  }
}

}  // namespace depeche::cli
