#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/store_commands.h"
#include "depeche/actors/kb.h"
#include "depeche/core/unicode.h"
#include "depeche/export/jsonl.h"
#include "depeche/ingest/ingest.h"
#include "depeche/pipeline/pipeline.h"

namespace depeche::cli {
namespace {

struct CommonOptions {
  std::vector<std::string> inputs;
  int threads = 0;
  std::string output;
  std::string format = "auto";
  bool quiet = false;
};

void AddCommon(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("inputs", o.inputs,
                  "Files or directories (.txt, .html, .jsonl), or - for stdin (the default)");
  cmd->add_option("-t,--threads", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-o,--output", o.output, "Write to this file instead of stdout");
  cmd->add_option("--format", o.format, "Input format: auto, text, html or jsonl")
      ->check(CLI::IsMember({"auto", "text", "html", "jsonl"}));
  cmd->add_flag("-q,--quiet", o.quiet, "Do not report failed documents on stderr");
}

ingest::Format ParseFormat(const std::string& f) {
  if (f == "text") return ingest::Format::kText;
  if (f == "html") return ingest::Format::kHtml;
  if (f == "jsonl") return ingest::Format::kJsonLines;
  return ingest::Format::kAuto;
}

// Runs the pipeline up to `last` over the inputs and writes what `write` makes of each
// document. Exit status: 0 all documents done, 1 some failed, 2 the engine could not start.
int RunDocuments(const CommonOptions& o, Stage last,
                 const std::function<void(const Document&, std::string&)>& write) {
  auto pipeline = Pipeline::Load(KnowledgePaths::Default(), last);
  if (!pipeline.ok()) {
    std::cerr << "depeche: " << pipeline.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<std::ofstream> file;
  std::ostream* out = &std::cout;
  if (!o.output.empty()) {
    file = std::make_unique<std::ofstream>(o.output, std::ios::binary | std::ios::trunc);
    if (!*file) {
      std::cerr << "depeche: cannot write " << o.output << "\n";
      return 2;
    }
    out = file.get();
  }
  std::vector<std::string> inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  ingest::DocumentReader reader(inputs, ParseFormat(o.format));
  const Pipeline& p = *pipeline.value();
  const size_t failed = RunParallel(
      reader, o.threads, [&](Document& d) { return p.Run(d); }, write,
      [&](Result<Document>& r, const std::string& text) {
        if (!r.ok()) {
          if (!o.quiet) std::cerr << "depeche: error: " << r.status().message() << "\n";
          return;
        }
        out->write(text.data(), static_cast<std::streamsize>(text.size()));
      });
  out->flush();
  if (!*out) {
    std::cerr << "depeche: write failed\n";
    return 2;
  }
  return failed > 0 ? 1 : 0;
}

// `depeche kb`: answers from the actor knowledge base directly, for reviewers.
int RunKb(const std::string& what, const std::vector<std::string>& args) {
  auto kb = actors::KnowledgeBase::Load(KnowledgePaths::Default());
  if (!kb.ok()) {
    std::cerr << "depeche: " << kb.status().message() << "\n";
    return 2;
  }
  const actors::KnowledgeBase& k = kb.value();
  if (what == "stats") {
    const auto s = k.stats();
    std::cout << "actors " << s.actors << "\npersons " << s.persons << "\norganisations "
              << s.organisations << "\ncountries " << s.countries << "\nposts " << s.posts
              << "\nphrases " << s.phrases << "\nrole phrases " << s.roles << "\nperiphrases "
              << s.periphrases << "\n";
    return 0;
  }
  if (what == "who") {
    // who ROLE-PHRASE ORG [DATE]: "président" USA 2019-03-01, or head_of_state USA
    if (args.size() < 2) {
      std::cerr << "depeche kb who: expected ROLE ORG [DATE], e.g. who président USA 2019-03-01\n";
      return 2;
    }
    std::string role = args[0];
    for (Lang l : {Lang::kFr, Lang::kEn})
      if (const auto* r = k.Role(l, actors::PhraseKey(args[0]))) role = r->role;
    const actors::Actor* org = k.Find(args[1]);
    if (!org) {  // an org given by name: "OTAN", "Libye"
      if (const auto* es = k.Phrase(actors::PhraseKey(args[1])); es && !es->empty())
        org = &k.actor(es->front().actor);
    }
    if (!org) {
      std::cerr << "depeche kb who: unknown organisation or country '" << args[1] << "'\n";
      return 1;
    }
    if (args.size() >= 3) {
      Precision p;
      auto d = ParseIsoDate(args[2], &p);
      int key = 0;
      if (!d || !actors::ParseDateBound(args[2], false, &key)) {
        std::cerr << "depeche kb who: bad date '" << args[2] << "' (YYYY-MM-DD)\n";
        return 2;
      }
      const auto holders = k.Holders(role, org->id, key);
      if (holders.empty()) {
        std::cout << "nobody known as " << role << "@" << org->id << " on " << args[2] << "\n";
        return 1;
      }
      for (const auto* a : holders)
        std::cout << a->name << "\t" << role << "@" << org->id << "\t" << a->id << "\n";
      return 0;
    }
    for (const auto& [a, post] : k.PostHistory(role, org->id)) {
      auto fmt = [](int d) { return d == 0 || d == 99999999 ? std::string("") : std::to_string(d); };
      std::cout << a->name << "\t" << role << "@" << org->id << "\t" << fmt(post->from) << ".."
                << fmt(post->to) << "\n";
    }
    return 0;
  }
  if (what == "find") {
    if (args.empty()) {
      std::cerr << "depeche kb find: expected a name\n";
      return 2;
    }
    const auto* es = k.Phrase(actors::PhraseKey(args[0]));
    if (!es) {
      std::cout << "no actor named '" << args[0] << "'\n";
      return 1;
    }
    for (const auto& e : *es) {
      const actors::Actor& a = k.actor(e.actor);
      std::cout << a.id << "\t" << a.name << "\t" << a.type << "\t" << a.affiliation << "\t"
                << a.sector << "\t" << a.file << "\n";
      for (const auto& p : a.posts)
        std::cout << "\tpost " << p.role << "@" << p.org << " " << p.from << ".." << p.to << "\n";
    }
    return 0;
  }
  std::cerr << "depeche kb: unknown question '" << what << "' (stats, who, find)\n";
  return 2;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"depeche: political event data from news articles (French, English)"};
  app.set_version_flag("--version", std::string("depeche ") + DEPECHE_VERSION);
  app.require_subcommand(1);

  CommonOptions analyze_opts;
  auto* analyze = app.add_subcommand(
      "analyze", "Clean, segment and analyse documents: one JSON object per document");
  AddCommon(analyze, analyze_opts);

  CommonOptions extract_opts;
  bool explain = false;
  auto* extract = app.add_subcommand(
      "extract", "Extract events (JSON Lines, the record of spec EVENTS.md)");
  AddCommon(extract, extract_opts);
  extract->add_flag("--explain", explain,
                    "Add the trigger, pattern and argument path behind each event");

  CommonOptions actors_opts;
  auto* actors = app.add_subcommand("actors", "List actor mentions, resolved at the article's date");
  AddCommon(actors, actors_opts);

  std::string kb_what;
  std::vector<std::string> kb_args;
  auto* kb = app.add_subcommand(
      "kb", "Ask the actor knowledge base: stats | who ROLE ORG [DATE] | find NAME");
  kb->add_option("question", kb_what, "stats, who or find")->required();
  kb->add_option("args", kb_args, "who: ROLE ORG [YYYY-MM-DD]; find: NAME");

  AddStoreCommands(app);  // ingest, recode, query, export, db-info

  CLI11_PARSE(app, argc, argv);
  if (*kb) return RunKb(kb_what, kb_args);

  if (*analyze) {
    return RunDocuments(analyze_opts, Stage::kPlaces, [](const Document& d, std::string& out) {
      out += exporter::DocumentJson(d);
      out += '\n';
    });
  }
  if (*extract) {
    return RunDocuments(extract_opts, Stage::kEvents, [&](const Document& d, std::string& out) {
      for (const Event& e : d.events) {
        out += exporter::EventJson(d, e, explain);
        out += '\n';
      }
    });
  }
  if (*actors) {
    return RunDocuments(actors_opts, Stage::kActors, [](const Document& d, std::string& out) {
      for (const Mention& m : d.mentions) {
        out += exporter::MentionJson(d, m);
        out += '\n';
      }
    });
  }
  return 0;
}

}  // namespace depeche::cli
