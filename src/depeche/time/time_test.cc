// Tests of the time stage: a table of French and English sentences with their expected
// normalisation, the document run, anchored resolution, speed, and the seed corpus.
#include "depeche/time/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace depeche::timex {
namespace {

const TimeTagger& Tagger() {
  static const TimeTagger* tagger = [] {
    auto t = TimeTagger::Load(KnowledgePaths::Default());
    if (!t.ok()) {
      std::cerr << t.status().message() << "\n";
      std::abort();
    }
    return new TimeTagger(std::move(t).value());
  }();
  return *tagger;
}

std::optional<CivilDate> Ref(const char* iso) {
  if (iso == nullptr || *iso == '\0') return std::nullopt;
  return ParseIsoDate(iso);
}

char KindChar(TimeExpr::Kind k) {
  switch (k) {
    case TimeExpr::Kind::kAbsolute:
      return 'A';
    case TimeExpr::Kind::kRelative:
      return 'R';
    case TimeExpr::Kind::kAnchored:
      return 'N';
    case TimeExpr::Kind::kVague:
      return 'V';
    case TimeExpr::Kind::kRange:
      return 'G';
    case TimeExpr::Kind::kOnset:
      return 'O';
  }
  return '?';
}

std::string Dump(std::string_view text, const std::vector<TimeExpr>& v) {
  std::ostringstream o;
  for (const auto& e : v) {
    const char* p = PrecisionName(e.precision);
    o << "[" << text.substr(e.span.start, e.span.size()) << "] " << KindChar(e.kind) << " "
      << e.value << (e.end_value.empty() ? "" : ".." + e.end_value) << " " << (p ? p : "-")
      << " off=" << e.anchor_offset_days << "; ";
  }
  return o.str();
}

// kind: A absolute, R relative, N anchored, V vague, G range, O onset, '-' no expression at
// all in the sentence. ref "" = no reference date. prec "" = kNone.
struct Case {
  Case(Lang l, const char* r, const char* t, const char* s, char k, const char* v, const char* p,
       const char* e = "", int o = 0)
      : lang(l), ref(r), text(t), span(s), kind(k), value(v), prec(p), end(e), offset(o) {}
  Lang lang;
  const char* ref;
  const char* text;
  const char* span;
  char kind;
  const char* value;
  const char* prec;
  const char* end;
  int offset;
};

constexpr Lang FR = Lang::kFr;
constexpr Lang EN = Lang::kEn;
constexpr Lang UND = Lang::kUnknown;
constexpr const char* R0 = "2020-05-17";  // a Sunday

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // ---- French: absolute dates in their written forms ----
      {FR, R0, "Le sommet s'est tenu le 17.05.2020 à Tunis.", "17.05.2020", 'A', "2020-05-17",
       "day"},
      {FR, R0, "Réunion prévue le 17/05/2020 au Caire.", "17/05/2020", 'A', "2020-05-17", "day"},
      {FR, R0, "Publié le 2020-05-17 à 10 heures.", "2020-05-17", 'A', "2020-05-17", "day"},
      {FR, R0, "Mis à jour 2020-05-17T10:32:00Z.", "2020-05-17", 'A', "2020-05-17", "day"},
      {FR, "", "Le 17 mai 2020, les forces ont avancé.", "17 mai 2020", 'A', "2020-05-17", "day"},
      {FR, "", "Il a été élu le 1er mai 2020.", "1er mai 2020", 'A', "2020-05-01", "day"},
      {FR, "", "Signé le premier mai 2020 à Rome.", "premier mai 2020", 'A', "2020-05-01", "day"},
      {FR, "", "Il est arrivé le 3 janvier 2021 au Caire.", "3 janvier 2021", 'A', "2021-01-03",
       "day"},
      {FR, "", "Le 14 février 2019, le texte a été voté.", "14 février 2019", 'A', "2019-02-14",
       "day"},
      {FR, "", "Le 14 fevrier 2019 sans accent.", "14 fevrier 2019", 'A', "2019-02-14", "day"},
      {FR, "", "LE 14 FÉVRIER 2019 EN CAPITALES.", "14 FÉVRIER 2019", 'A', "2019-02-14", "day"},
      {FR, "", "Le 8 mars 2021, journée des femmes.", "8 mars 2021", 'A', "2021-03-08", "day"},
      {FR, "", "Le 30 avril 2018 à l'aube.", "30 avril 2018", 'A', "2018-04-30", "day"},
      {FR, "", "Le 6 juin 2019 au matin.", "6 juin 2019", 'A', "2019-06-06", "day"},
      {FR, "", "Le 14 juillet 2017 à Paris.", "14 juillet 2017", 'A', "2017-07-14", "day"},
      {FR, "", "Le 15 août 2016, jour férié.", "15 août 2016", 'A', "2016-08-15", "day"},
      {FR, "", "Le 15 aout 2016, sans circonflexe.", "15 aout 2016", 'A', "2016-08-15", "day"},
      {FR, "", "Le 11 septembre 2001 à New York.", "11 septembre 2001", 'A', "2001-09-11", "day"},
      {FR, "", "Le 23 octobre 2011, la libération.", "23 octobre 2011", 'A', "2011-10-23", "day"},
      {FR, "", "Le 2 novembre 2015 à Alger.", "2 novembre 2015", 'A', "2015-11-02", "day"},
      {FR, "", "Le 24 décembre 1951, l'indépendance.", "24 décembre 1951", 'A', "1951-12-24",
       "day"},
      {FR, "", "Le 3 févr. 2020, selon la dépêche.", "3 févr. 2020", 'A', "2020-02-03", "day"},
      {FR, "", "Le 12 janv. 2020 à Tripoli.", "12 janv. 2020", 'A', "2020-01-12", "day"},
      {FR, "", "Le 12 déc 2019 à Tripoli.", "12 déc 2019", 'A', "2019-12-12", "day"},
      {FR, "", "Mardi 17 mars 2020, le confinement a commencé.", "Mardi 17 mars 2020", 'A',
       "2020-03-17", "day"},
      {FR, "", "Le vendredi 15 mai 2020 à Bruxelles.", "vendredi 15 mai 2020", 'A', "2020-05-15",
       "day"},
      {FR, "", "sam. 16 mai 2020 - 10:32", "sam. 16 mai 2020", 'A', "2020-05-16", "day"},
      {FR, "", "En mai 2020, l'ONU a réagi.", "mai 2020", 'A', "2020-05", "month"},
      {FR, "", "Haftar est attendu en avril 2026.", "avril 2026", 'A', "2026-04", "month"},
      {FR, "", "Le rapport de janvier 2018 l'indiquait.", "janvier 2018", 'A', "2018-01", "month"},
      {FR, "", "Publié en janv. 2018.", "janv. 2018", 'A', "2018-01", "month"},
      {FR, "", "Des élections ont eu lieu en 2019.", "2019", 'A', "2019", "year"},
      {FR, "", "Il a été renversé en 2011 après 42 ans de règne.", "2011", 'A', "2011", "year"},
      {FR, "", "Début 2020, la situation s'est dégradée.", "2020", 'A', "2020", "year"},
      {FR, "", "La mission prendra fin courant 2021.", "2021", 'A', "2021", "year"},
      {FR, "", "Le texte sera appliqué jusqu'en 2030.", "2030", 'A', "2030", "year"},
      {FR, "", "Au printemps 2011, la révolte a éclaté.", "2011", 'A', "2011", "year"},
      {FR, "", "Le 29 février 2020 est un samedi.", "29 février 2020", 'A', "2020-02-29", "day"},
      // ---- French: day and month without a year ----
      {FR, R0, "Le 26 mars, le gouvernement a réagi.", "26 mars", 'A', "2020-03-26", "day"},
      {FR, R0, "Le 17 mai, il a téléphoné.", "17 mai", 'A', "2020-05-17", "day"},
      {FR, "2021-03-10", "Le 8 mars, des femmes ont défilé.", "8 mars", 'A', "2021-03-08", "day"},
      {FR, "2021-01-05", "Le 26 décembre, un attentat a eu lieu.", "26 décembre", 'A', "2020-12-26",
       "day"},
      {FR, "2021-01-05", "Le 15 février, une réunion est prévue.", "15 février", 'A', "2021-02-15",
       "day"},
      {FR, "2021-01-05", "Le 20 mars, l'accord avait été signé.", "20 mars", 'A', "2020-03-20",
       "day"},
      {FR, "2019-01-01", "Le 1er janvier, la loi est entrée en vigueur.", "1er janvier", 'A',
       "2019-01-01", "day"},
      {FR, "2019-01-02", "Le 31 décembre, les combats ont repris.", "31 décembre", 'A',
       "2018-12-31", "day"},
      {FR, "2021-03-01", "Le 29 février, un accord a été conclu.", "29 février", 'A', "2020-02-29",
       "day"},
      {FR, "", "Le 26 mars, le gouvernement a réagi.", "26 mars", 'A', "", ""},
      {FR, "2017-01-20", "Le mercredi 11 janvier, il a reçu le ministre.", "mercredi 11 janvier",
       'A', "2017-01-11", "day"},
      {FR, "2019-06-01", "Le mercredi 11 janvier, il a reçu le ministre.", "mercredi 11 janvier",
       'A', "2017-01-11", "day"},
      {FR, R0, "Le samedi 16 mai, Sarraj a appelé Stoltenberg.", "samedi 16 mai", 'A', "2020-05-16",
       "day"},
      {FR, "", "Le mercredi 11 janvier, il a reçu le ministre.", "mercredi 11 janvier", 'A', "",
       ""},
      // ---- French: months with a cue ----
      {FR, R0, "Fin avril, les combats ont repris.", "avril", 'A', "2020-04", "month"},
      {FR, R0, "La conférence aura lieu en juillet.", "juillet", 'A', "2020-07", "month"},
      {FR, R0, "Les pourparlers avaient échoué en septembre.", "septembre", 'A', "2019-09",
       "month"},
      {FR, R0, "À la mi-avril, l'offensive a échoué.", "avril", 'A', "2020-04", "month"},
      {FR, R0, "Au mois de mars, rien n'a changé.", "mars", 'A', "2020-03", "month"},
      {FR, R0, "Au mois d'avril, rien n'a changé.", "avril", 'A', "2020-04", "month"},
      {FR, "", "Les pourparlers avaient échoué en avril.", "avril", 'A', "", ""},
      {FR, R0, "Comme convenu en mai dernier, rien.", "mai dernier", 'A', "2019-05", "month"},
      {FR, "2024-03-10", "Comme convenu en mai dernier, rien.", "mai dernier", 'A', "2023-05",
       "month"},
      {FR, R0, "Il reviendra en janvier prochain.", "janvier prochain", 'A', "2021-01", "month"},
      {FR, R0, "Le 3 mai dernier, il a parlé.", "3 mai dernier", 'A', "2020-05-03", "day"},
      {FR, R0, "Le 20 mai dernier, il a parlé.", "20 mai dernier", 'A', "2019-05-20", "day"},
      {FR, "2021-01-05", "Début décembre, la trêve a été rompue.", "décembre", 'A', "2020-12",
       "month"},
      // ---- French: onsets ----
      {FR, "", "Le conflit dure depuis avril 2019.", "depuis avril 2019", 'O', "2019-04", "month"},
      {FR, "", "Il est au pouvoir depuis 2011.", "depuis 2011", 'O', "2011", "year"},
      {FR, "2019-05-01", "Les combats durent depuis le 4 avril.", "depuis le 4 avril", 'O',
       "2019-04-04", "day"},
      {FR, R0, "Il est détenu depuis hier.", "depuis hier", 'O', "2020-05-16", "day"},
      {FR, R0, "Les combats ont repris depuis deux jours.", "depuis deux jours", 'O', "2020-05-15",
       "day"},
      {FR, "", "Le couvre-feu s'applique à partir du 3 mars 2020.", "à partir du 3 mars 2020", 'O',
       "2020-03-03", "day"},
      {FR, R0, "Les vols sont suspendus depuis la semaine dernière.", "depuis la semaine dernière",
       'O', "2020-05", "month"},
      {FR, "", "Le siège dure depuis mars.", "depuis mars", 'O', "", ""},
      {FR, R0, "Dès le 3 mars, l'armée était déployée.", "Dès le 3 mars", 'O', "2020-03-03", "day"},
      // ---- French: relative to the publication date ----
      {FR, R0, "Il a été arrêté hier à Tripoli.", "hier", 'R', "2020-05-16", "day"},
      {FR, R0, "Les tirs ont commencé avant-hier.", "avant-hier", 'R', "2020-05-15", "day"},
      {FR, R0, "Les tirs ont commencé avant hier soir.", "avant hier soir", 'R', "2020-05-15",
       "day"},
      {FR, R0, "Le ministre a annoncé aujourd'hui sa démission.", "aujourd'hui", 'R', "2020-05-17",
       "day"},
      {FR, R0, "Le ministre a annoncé aujourd’hui sa démission.", "aujourd’hui", 'R', "2020-05-17",
       "day"},
      {FR, R0, "La réunion aura lieu demain.", "demain", 'R', "2020-05-18", "day"},
      {FR, R0, "La réunion aura lieu après-demain.", "après-demain", 'R', "2020-05-19", "day"},
      {FR, R0, "Ce matin, des tirs ont été entendus.", "Ce matin", 'R', "2020-05-17", "day"},
      {FR, R0, "Hier soir, des tirs ont été entendus.", "Hier soir", 'R', "2020-05-16", "day"},
      {FR, R0, "Il y a deux jours, Sarraj a reçu l'ambassadeur.", "Il y a deux jours", 'R',
       "2020-05-15", "day"},
      {FR, R0, "Il a parlé il y a 3 semaines.", "il y a 3 semaines", 'R', "2020-04-26", "day"},
      {FR, R0, "Il a parlé il y a trois mois.", "il y a trois mois", 'R', "2020-02", "month"},
      {FR, R0, "Il a été élu il y a un an.", "il y a un an", 'R', "2019", "year"},
      {FR, R0, "Il a été blessé il y a cinq jours.", "il y a cinq jours", 'R', "2020-05-12", "day"},
      {FR, R0, "Il a été blessé il y a quinze jours.", "il y a quinze jours", 'R', "2020-05-02",
       "day"},
      {FR, R0, "Il a été blessé il y a vingt-deux jours.", "il y a vingt-deux jours", 'R',
       "2020-04-25", "day"},
      {FR, R0, "Il a été blessé il y a trente et un jours.", "il y a trente et un jours", 'R',
       "2020-04-16", "day"},
      {FR, R0, "Il a parlé il y a une semaine.", "il y a une semaine", 'R', "2020-05-10", "day"},
      {FR, R0, "La semaine dernière, il a rencontré Haftar.", "La semaine dernière", 'R', "2020-05",
       "month"},
      {FR, "2020-03-03", "La semaine dernière, il a rencontré Haftar.", "La semaine dernière", 'R',
       "2020-02", "month"},
      {FR, "2020-01-15", "Le mois dernier, les prix ont flambé.", "Le mois dernier", 'R', "2019-12",
       "month"},
      {FR, R0, "Le mois prochain, il se rendra à Moscou.", "Le mois prochain", 'R', "2020-06",
       "month"},
      {FR, R0, "L'an dernier, il a été réélu.", "L'an dernier", 'R', "2019", "year"},
      {FR, R0, "L’année dernière, il a été réélu.", "L’année dernière", 'R', "2019", "year"},
      {FR, R0, "Cette année, la croissance a chuté.", "Cette année", 'R', "2020", "year"},
      {FR, R0, "Il reviendra l'an prochain.", "l'an prochain", 'R', "2021", "year"},
      {FR, R0, "Il reviendra dans deux semaines.", "dans deux semaines", 'R', "2020-05-31", "day"},
      {FR, R0, "Un accord sera signé d'ici trois mois.", "d'ici trois mois", 'R', "2020-08",
       "month"},
      {FR, R0, "Cette semaine, les combats ont cessé.", "Cette semaine", 'R', "2020-05", "month"},
      // ---- French: weekdays ----
      {FR, R0, "Mardi, le Parlement a voté.", "Mardi", 'R', "2020-05-12", "day"},
      {FR, R0, "Il a été reçu ce vendredi à Alger.", "ce vendredi", 'R', "2020-05-15", "day"},
      {FR, "2019-01-01", "Lundi dernier, un drone a frappé.", "Lundi dernier", 'R', "2018-12-31",
       "day"},
      {FR, R0, "Il partira samedi prochain.", "samedi prochain", 'R', "2020-05-23", "day"},
      {FR, R0, "Dimanche, des milliers de manifestants.", "Dimanche", 'R', "2020-05-17", "day"},
      {FR, R0, "Dimanche dernier, des milliers de manifestants.", "Dimanche dernier", 'R',
       "2020-05-10", "day"},
      {FR, R0, "Il reviendra dimanche prochain.", "dimanche prochain", 'R', "2020-05-24", "day"},
      {FR, R0, "Mardi soir, les tirs ont repris.", "Mardi soir", 'R', "2020-05-12", "day"},
      {FR, R0, "MARDI, LE PARLEMENT A VOTÉ.", "MARDI", 'R', "2020-05-12", "day"},
      {FR, R0, "Jeudi passé, il a démissionné.", "Jeudi passé", 'R', "2020-05-14", "day"},
      {FR, "2018-12-31", "Il partira lundi prochain.", "lundi prochain", 'R', "2019-01-07", "day"},
      {FR, "", "Mardi, le Parlement a voté.", "Mardi", 'R', "", ""},
      // ---- French: anchored ----
      {FR, R0, "La veille, il avait rencontré Haftar.", "La veille", 'N', "2020-05-16", "day", "",
       -1},
      {FR, R0, "Le lendemain, il a quitté Tripoli.", "Le lendemain", 'N', "2020-05-18", "day", "",
       1},
      {FR, R0, "Le surlendemain, il a quitté Tripoli.", "Le surlendemain", 'N', "2020-05-19", "day",
       "", 2},
      {FR, R0, "Deux jours plus tard, il est revenu.", "Deux jours plus tard", 'N', "2020-05-19",
       "day", "", 2},
      {FR, R0, "Trois jours auparavant, il avait appelé.", "Trois jours auparavant", 'N',
       "2020-05-14", "day", "", -3},
      {FR, R0, "Une semaine plus tard, l'accord a été rompu.", "Une semaine plus tard", 'N',
       "2020-05-24", "day", "", 7},
      {FR, R0, "Vingt et un jours plus tard, il est mort.", "Vingt et un jours plus tard", 'N',
       "2020-06-07", "day", "", 21},
      {FR, R0, "Deux jours avant le scrutin, il a renoncé.", "Deux jours avant", 'N', "2020-05-15",
       "day", "", -2},
      {FR, R0, "Le jour même, il a démissionné.", "Le jour même", 'N', "2020-05-17", "day", "", 0},
      {FR, "", "La veille, il avait rencontré Haftar.", "La veille", 'N', "", "", "", -1},
      {FR, "2020-03-01", "La veille, il avait rencontré Haftar.", "La veille", 'N', "2020-02-29",
       "day", "", -1},
      {FR, R0, "Quelques jours plus tard, il est revenu.", "Quelques jours plus tard", 'V', "", ""},
      // ---- French: ranges ----
      {FR, R0, "Le salon se tient du 3 au 5 mars.", "du 3 au 5 mars", 'G', "2020-03-03", "day",
       "2020-03-05"},
      {FR, "", "Le salon se tient du 3 au 5 mars 2019.", "du 3 au 5 mars 2019", 'G', "2019-03-03",
       "day", "2019-03-05"},
      {FR, "", "Les combats entre le 3 et le 5 mars 2020.", "entre le 3 et le 5 mars 2020", 'G',
       "2020-03-03", "day", "2020-03-05"},
      {FR, "", "Du 28 février au 2 mars 2020, les combats.", "Du 28 février au 2 mars 2020", 'G',
       "2020-02-28", "day", "2020-03-02"},
      {FR, "2020-01-10", "Du 28 décembre au 3 janvier, la trêve.", "Du 28 décembre au 3 janvier",
       'G', "2019-12-28", "day", "2020-01-03"},
      {FR, "", "Il a gouverné de 2011 à 2014.", "de 2011 à 2014", 'G', "2011", "year", "2014"},
      {FR, "", "De mars à mai 2020, le confinement.", "De mars à mai 2020", 'G', "2020-03", "month",
       "2020-05"},
      {FR, "", "Les 3 et 4 juin 2021, un sommet.", "Les 3 et 4 juin 2021", 'G', "2021-06-03", "day",
       "2021-06-04"},
      {FR, "", "Le festival, 3-5 mars 2020, est annulé.", "3-5 mars 2020", 'G', "2020-03-03", "day",
       "2020-03-05"},
      {FR, "", "Le salon se tient du 3 au 5 mars.", "du 3 au 5 mars", 'G', "", ""},
      {FR, "", "Du lundi 2 au mercredi 4 mars 2020.", "Du lundi 2 au mercredi 4 mars 2020", 'G',
       "2020-03-02", "day", "2020-03-04"},
      // ---- French: vague ----
      {FR, R0, "Il a récemment rencontré Haftar.", "récemment", 'V', "", ""},
      {FR, R0, "Ces derniers mois, les tensions ont monté.", "Ces derniers mois", 'V', "", ""},
      {FR, R0, "Un accord est attendu dans les prochains jours.", "dans les prochains jours", 'V',
       "", ""},
      {FR, R0, "Il y a quelques jours, il a parlé.", "Il y a quelques jours", 'V', "", ""},
      {FR, R0, "Ces dernières semaines, rien n'a bougé.", "Ces dernières semaines", 'V', "", ""},
      {FR, R0, "Il a été dernièrement aperçu à Benghazi.", "dernièrement", 'V', "", ""},
      {FR, R0, "Il y a plusieurs mois, il a parlé.", "Il y a plusieurs mois", 'V', "", ""},
      // ---- French: impossible dates and negatives ----
      {FR, "", "Le 29 février 2021 n'existe pas.", "", '-', "", ""},
      {FR, "2021-03-10", "Le 31 février, rien.", "", '-', "", ""},
      {FR, "", "Le 31 avril 2019, rien.", "", '-', "", ""},
      {FR, "", "Le 31 juin 2020, rien.", "", '-', "", ""},
      {FR, R0, "Le 32 mai, rien.", "", '-', "", ""},
      {FR, "", "Le 31.02.2020, rien.", "", '-', "", ""},
      {FR, "", "Le 2020-02-30, rien.", "", '-', "", ""},
      {FR, "", "Le 17/13/2020, rien.", "", '-', "", ""},
      {FR, R0, "Le maréchal Haftar a parlé.", "", '-', "", ""},
      {FR, R0, "Il a marché vers le palais.", "", '-', "", ""},
      {FR, R0, "La mission vers la planète Mars a décollé.", "", '-', "", ""},
      {FR, R0, "Plus de 1 000 morts selon l'ONU.", "", '-', "", ""},
      {FR, R0, "Le conflit a fait 2019 victimes.", "", '-', "", ""},
      {FR, R0, "Les 1 500 soldats sont partis à 17h30.", "", '-', "", ""},
      {FR, R0, "Selon l'article 17.5 du traité.", "", '-', "", ""},
      {FR, R0, "Le serveur 192.168.1.20 est tombé.", "", '-', "", ""},
      {FR, R0, "La version 3.5.12 est disponible.", "", '-', "", ""},
      {FR, R0, "Sam a dit que Dim était parti.", "", '-', "", ""},
      {FR, R0, "La mer Méditerranée est agitée.", "", '-', "", ""},
      {FR, R0, "Il a demandé un an de prison.", "", '-', "", ""},
      {FR, R0, "Le Conseil se réunit en session.", "", '-', "", ""},
      {FR, R0, "Mai Thi a témoigné.", "", '-', "", ""},
      {FR, R0, "Il a été condamné à 2 ans.", "", '-', "", ""},
      {FR, R0, "Il a passé trois jours en prison.", "", '-', "", ""},
      {FR, R0, "Le budget de 2 000 euros.", "", '-', "", ""},
      {FR, R0, "Le démineur a été tué.", "", '-', "", ""},
      // ---- French: year boundaries and leap years ----
      {FR, "2019-01-01", "Hier, des tirs ont été entendus.", "Hier", 'R', "2018-12-31", "day"},
      {FR, "2018-12-31", "Demain, la trêve expire.", "Demain", 'R', "2019-01-01", "day"},
      {FR, "2019-01-15", "Le mois dernier, les prix ont flambé.", "Le mois dernier", 'R', "2018-12",
       "month"},
      {FR, "2019-01-02", "La semaine dernière, rien.", "La semaine dernière", 'R', "2018-12",
       "month"},
      {FR, "2020-03-01", "Il a parlé il y a deux jours.", "il y a deux jours", 'R', "2020-02-28",
       "day"},
      {FR, "2020-03-01", "Hier, rien.", "Hier", 'R', "2020-02-29", "day"},
      {FR, "2021-03-01", "Hier, rien.", "Hier", 'R', "2021-02-28", "day"},
      {FR, "2020-01-03", "L'an dernier, rien.", "L'an dernier", 'R', "2019", "year"},

      // ---- English: absolute dates ----
      {EN, "", "The talks began on May 17, 2020 in Berlin.", "May 17, 2020", 'A', "2020-05-17",
       "day"},
      {EN, "", "The talks began on 17 May 2020 in Berlin.", "17 May 2020", 'A', "2020-05-17",
       "day"},
      {EN, "", "On the 17th of May 2020 he spoke.", "17th of May 2020", 'A', "2020-05-17", "day"},
      {EN, "", "In May 2020, the UN reacted.", "May 2020", 'A', "2020-05", "month"},
      {EN, "", "Elections were held in 2019.", "2019", 'A', "2019", "year"},
      {EN, "", "He was elected on January 3, 2021.", "January 3, 2021", 'A', "2021-01-03", "day"},
      {EN, "", "On February 14, 2019 the bill passed.", "February 14, 2019", 'A', "2019-02-14",
       "day"},
      {EN, "", "On March 8, 2021 women marched.", "March 8, 2021", 'A', "2021-03-08", "day"},
      {EN, "", "On April 30, 2018 at dawn.", "April 30, 2018", 'A', "2018-04-30", "day"},
      {EN, "", "On June 6, 2019 in the morning.", "June 6, 2019", 'A', "2019-06-06", "day"},
      {EN, "", "On July 4, 2017 in Washington.", "July 4, 2017", 'A', "2017-07-04", "day"},
      {EN, "", "On August 15, 2016 it rained.", "August 15, 2016", 'A', "2016-08-15", "day"},
      {EN, "", "On September 11, 2001 in New York.", "September 11, 2001", 'A', "2001-09-11",
       "day"},
      {EN, "", "On October 23, 2011 Libya was declared liberated.", "October 23, 2011", 'A',
       "2011-10-23", "day"},
      {EN, "", "On November 2, 2015 in Algiers.", "November 2, 2015", 'A', "2015-11-02", "day"},
      {EN, "", "On December 24, 1951 Libya became independent.", "December 24, 1951", 'A',
       "1951-12-24", "day"},
      {EN, "", "Updated Jan. 5, 2021 at noon.", "Jan. 5, 2021", 'A', "2021-01-05", "day"},
      {EN, "", "Since Sept. 11, 2001 security has changed.", "Since Sept. 11, 2001", 'O',
       "2001-09-11", "day"},
      {EN, "", "MAY 17, 2020 - TRIPOLI", "MAY 17, 2020", 'A', "2020-05-17", "day"},
      {EN, "", "Posted 05/17/2020 by staff.", "05/17/2020", 'A', "2020-05-17", "day"},
      {EN, "", "Posted 17/05/2020 by staff.", "17/05/2020", 'A', "2020-05-17", "day"},
      {EN, "", "Posted 17.05.2020 by staff.", "17.05.2020", 'A', "2020-05-17", "day"},
      {EN, "", "On February 29, 2020 a deal was struck.", "February 29, 2020", 'A', "2020-02-29",
       "day"},
      {EN, "", "Wednesday, January 11, 2017 was cold.", "Wednesday, January 11, 2017", 'A',
       "2017-01-11", "day"},
      {EN, "", "Fighting resumed in early 2020.", "2020", 'A', "2020", "year"},
      {EN, "", "The deal was signed on the first of May 2020.", "first of May 2020", 'A',
       "2020-05-01", "day"},
      // ---- English: day and month without a year, months with a cue ----
      {EN, R0, "On March 26 the government reacted.", "March 26", 'A', "2020-03-26", "day"},
      {EN, R0, "On 26 March the government reacted.", "26 March", 'A', "2020-03-26", "day"},
      {EN, "2019-01-02", "On December 31 fighting resumed.", "December 31", 'A', "2018-12-31",
       "day"},
      {EN, "2017-01-20", "On Wednesday, January 11, he met the minister.", "Wednesday, January 11",
       'A', "2017-01-11", "day"},
      {EN, R0, "Sat. May 16 - Tripoli", "Sat. May 16", 'A', "2020-05-16", "day"},
      {EN, R0, "On May 17th he called.", "May 17th", 'A', "2020-05-17", "day"},
      {EN, R0, "The talks failed in May.", "May", 'A', "2020-05", "month"},
      {EN, R0, "The talks failed in March.", "March", 'A', "2020-03", "month"},
      {EN, R0, "Talks are planned for early June.", "June", 'A', "2020-06", "month"},
      {EN, "2021-01-05", "The truce collapsed in late December.", "December", 'A', "2020-12",
       "month"},
      {EN, R0, "The talks failed last May.", "May", 'A', "2019-05", "month"},
      {EN, R0, "The vote is due next March.", "March", 'A', "2021-03", "month"},
      {EN, R0, "The talks failed in September.", "September", 'A', "2019-09", "month"},
      {EN, "", "On March 26 the government reacted.", "March 26", 'A', "", ""},
      // ---- English: weekdays ----
      {EN, R0, "The parliament voted on Tuesday.", "Tuesday", 'R', "2020-05-12", "day"},
      {EN, "2019-01-01", "A drone struck last Monday.", "last Monday", 'R', "2018-12-31", "day"},
      {EN, R0, "He will leave next Friday.", "next Friday", 'R', "2020-05-22", "day"},
      {EN, R0, "Thousands marched on Sunday.", "Sunday", 'R', "2020-05-17", "day"},
      {EN, R0, "Thousands marched last Sunday.", "last Sunday", 'R', "2020-05-10", "day"},
      {EN, R0, "Shelling resumed on Monday night.", "Monday night", 'R', "2020-05-11", "day"},
      {EN, R0, "The minister said Thursday that talks would resume.", "Thursday", 'R', "2020-05-14",
       "day"},
      {EN, R0, "Talks resumed on Tuesday's meeting.", "Tuesday", 'R', "2020-05-12", "day"},
      {EN, "", "The parliament voted on Tuesday.", "Tuesday", 'R', "", ""},
      // ---- English: relative ----
      {EN, R0, "He was arrested yesterday in Tripoli.", "yesterday", 'R', "2020-05-16", "day"},
      {EN, R0, "He spoke two days ago.", "two days ago", 'R', "2020-05-15", "day"},
      {EN, R0, "He spoke three weeks ago.", "three weeks ago", 'R', "2020-04-26", "day"},
      {EN, R0, "He was elected a year ago.", "a year ago", 'R', "2019", "year"},
      {EN, R0, "He spoke ten days ago.", "ten days ago", 'R', "2020-05-07", "day"},
      {EN, R0, "He spoke thirty-one days ago.", "thirty-one days ago", 'R', "2020-04-16", "day"},
      {EN, R0, "He met Haftar last week.", "last week", 'R', "2020-05", "month"},
      {EN, R0, "Prices soared last month.", "last month", 'R', "2020-04", "month"},
      {EN, R0, "Earlier this month, prices soared.", "Earlier this month", 'R', "2020-05", "month"},
      {EN, R0, "The meeting is tomorrow.", "tomorrow", 'R', "2020-05-18", "day"},
      {EN, R0, "It happened the day before yesterday.", "the day before yesterday", 'R',
       "2020-05-15", "day"},
      {EN, R0, "He will return in two weeks.", "in two weeks", 'R', "2020-05-31", "day"},
      {EN, R0, "Growth fell this year.", "this year", 'R', "2020", "year"},
      {EN, R0, "He was re-elected last year.", "last year", 'R', "2019", "year"},
      {EN, R0, "Elections are due next year.", "next year", 'R', "2021", "year"},
      {EN, R0, "Protests are planned tonight.", "tonight", 'R', "2020-05-17", "day"},
      {EN, R0, "Maybe tomorrow, he said.", "tomorrow", 'R', "2020-05-18", "day"},
      {EN, R0, "Flights were suspended since last week.", "since last week", 'O', "2020-05",
       "month"},
      {EN, "2019-01-01", "He was arrested yesterday.", "yesterday", 'R', "2018-12-31", "day"},
      {EN, "", "He was arrested yesterday.", "yesterday", 'R', "", ""},
      // ---- English: anchored ----
      {EN, R0, "The day before, he had met Haftar.", "The day before", 'N', "2020-05-16", "day", "",
       -1},
      {EN, R0, "The next day, he left Tripoli.", "The next day", 'N', "2020-05-18", "day", "", 1},
      {EN, R0, "A day later, he left Tripoli.", "A day later", 'N', "2020-05-18", "day", "", 1},
      {EN, R0, "Two days later, he came back.", "Two days later", 'N', "2020-05-19", "day", "", 2},
      {EN, R0, "Twenty-one days later, he died.", "Twenty-one days later", 'N', "2020-06-07", "day",
       "", 21},
      {EN, R0, "The following day, talks resumed.", "The following day", 'N', "2020-05-18", "day",
       "", 1},
      {EN, R0, "Three days earlier, he had called.", "Three days earlier", 'N', "2020-05-14", "day",
       "", -3},
      {EN, "", "Two days later, he came back.", "Two days later", 'N', "", "", "", 2},
      // ---- English: ranges, onsets, vague ----
      {EN, R0, "The fair runs from 3 to 5 March.", "from 3 to 5 March", 'G', "2020-03-03", "day",
       "2020-03-05"},
      {EN, "", "Fighting between March 3 and 5, 2020.", "between March 3 and 5, 2020", 'G',
       "2020-03-03", "day", "2020-03-05"},
      {EN, "", "The summit, March 3-5, 2020, was cancelled.", "March 3-5, 2020", 'G', "2020-03-03",
       "day", "2020-03-05"},
      {EN, "", "He ruled from 2011 to 2014.", "from 2011 to 2014", 'G', "2011", "year", "2014"},
      {EN, "", "The 2011-2014 period.", "2011-2014", 'G', "2011", "year", "2014"},
      {EN, "", "From March to May 2020, a lockdown.", "From March to May 2020", 'G', "2020-03",
       "month", "2020-05"},
      {EN, "", "From March 30 to April 2, 2020, talks.", "From March 30 to April 2, 2020", 'G',
       "2020-03-30", "day", "2020-04-02"},
      {EN, "", "The war has raged since April 2019.", "since April 2019", 'O', "2019-04", "month"},
      {EN, "", "He has ruled since 2011.", "since 2011", 'O', "2011", "year"},
      {EN, R0, "He recently met Haftar.", "recently", 'V', "", ""},
      {EN, R0, "In recent weeks, tensions rose.", "In recent weeks", 'V', "", ""},
      {EN, R0, "A deal is expected in the coming days.", "in the coming days", 'V', "", ""},
      {EN, R0, "A few days ago, he spoke.", "A few days ago", 'V', "", ""},
      {EN, R0, "Several weeks ago, he spoke.", "Several weeks ago", 'V', "", ""},
      // ---- English: impossible dates and negatives ----
      {EN, "", "On 30 February 2021 nothing happened.", "", '-', "", ""},
      {EN, "", "On February 29, 2021 nothing happened.", "", '-', "", ""},
      {EN, "", "On 31 April 2020 nothing happened.", "", '-', "", ""},
      {EN, R0, "Officials said they may meet again.", "", '-', "", ""},
      {EN, R0, "Protesters march to the square.", "", '-', "", ""},
      {EN, R0, "May he rest in peace.", "", '-', "", ""},
      {EN, R0, "The mayor said the 1,000 dead were buried.", "", '-', "", ""},
      {EN, R0, "The Sun rose over the Mediterranean.", "", '-', "", ""},
      {EN, R0, "The March rally drew crowds.", "", '-', "", ""},
      {EN, R0, "They may 17 times have tried.", "", '-', "", ""},
      {EN, R0, "He spent three days in jail.", "", '-', "", ""},
      {EN, R0, "Martin said the firm had 2019 employees.", "", '-', "", ""},
      {EN, R0, "The budget of 2,000 dollars.", "", '-', "", ""},
      // ---- language not known: both word lists ----
      {UND, "", "Le 17 mai 2020 à Tunis.", "17 mai 2020", 'A', "2020-05-17", "day"},
      {UND, "", "On May 17, 2020 in Berlin.", "May 17, 2020", 'A', "2020-05-17", "day"},
      {UND, R0, "Hier, yesterday.", "yesterday", 'R', "2020-05-16", "day"},
  };
  return cases;
}

TEST(TimeTagger, Table) {
  const TimeTagger& t = Tagger();
  int n = 0;
  for (const Case& c : Cases()) {
    ++n;
    SCOPED_TRACE(std::string(c.text) + " (ref " + c.ref + ")");
    const auto found = t.Find(c.text, c.lang, Ref(c.ref));
    const std::string_view text(c.text);
    if (c.kind == '-') {
      EXPECT_TRUE(found.empty()) << Dump(text, found);
      continue;
    }
    const TimeExpr* e = nullptr;
    for (const auto& f : found)
      if (text.substr(f.span.start, f.span.size()) == c.span) e = &f;
    if (!e) {
      ADD_FAILURE() << "no expression [" << c.span << "]; found: " << Dump(text, found);
      continue;
    }
    EXPECT_EQ(KindChar(e->kind), c.kind) << Dump(text, found);
    EXPECT_EQ(e->value, c.value) << Dump(text, found);
    const char* p = PrecisionName(e->precision);
    EXPECT_EQ(std::string(p ? p : ""), c.prec) << Dump(text, found);
    EXPECT_EQ(e->end_value, c.end) << Dump(text, found);
    EXPECT_EQ(e->anchor_offset_days, c.offset) << Dump(text, found);
  }
  std::cout << "[time] " << n << " table cases\n";
  EXPECT_GE(n, 200);
}

TEST(TimeTagger, SeveralExpressionsInTextOrder) {
  const std::string text =
      "Le 16 mai 2020, Sarraj a appelé Stoltenberg. La veille, il avait reçu l'ambassadeur, "
      "et depuis avril 2019 les combats durent. Il y a deux jours, rien.";
  const auto v = Tagger().Find(text, Lang::kFr, CivilDate{2020, 5, 17});
  ASSERT_EQ(v.size(), 4u) << Dump(text, v);
  for (size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1].span.end, v[i].span.start);
  EXPECT_EQ(v[0].value, "2020-05-16");
  EXPECT_EQ(v[1].kind, TimeExpr::Kind::kAnchored);
  EXPECT_EQ(v[2].kind, TimeExpr::Kind::kOnset);
  EXPECT_EQ(v[3].value, "2020-05-15");
}

TEST(TimeTagger, RunUsesContentLinesAndPubdate) {
  Document doc;
  doc.text = "Menu 1er janvier 2000\nLe 16 mai, Sarraj a appelé.\nPublié hier\nLe lendemain, rien.";
  doc.lang = Lang::kFr;
  doc.given.pubdate = "2020-05-17";
  doc.lines = {{{0, 21}, 1, LineLabel::kClutter},
               {{22, 50}, 2, LineLabel::kBody},
               {{51, 62}, 3, LineLabel::kMeta},
               {{63, static_cast<uint32_t>(doc.text.size())}, 4, LineLabel::kBody}};
  ASSERT_EQ(doc.View(doc.lines[1].span), "Le 16 mai, Sarraj a appelé.");
  Tagger().Run(doc);
  ASSERT_EQ(doc.times.size(), 2u) << Dump(doc.text, doc.times);
  EXPECT_EQ(doc.View(doc.times[0].span), "16 mai");
  EXPECT_EQ(doc.times[0].value, "2020-05-16");
  EXPECT_EQ(doc.View(doc.times[1].span), "Le lendemain");
  EXPECT_EQ(doc.times[1].value, "2020-05-18");

  Document whole;
  whole.text = "Yesterday the talks ended.";
  whole.lang = Lang::kEn;
  Tagger().Run(whole);  // no lines: the whole text; no pubdate: no value
  ASSERT_EQ(whole.times.size(), 1u);
  EXPECT_EQ(whole.times[0].value, "");
  EXPECT_EQ(whole.times[0].precision, Precision::kNone);
}

TEST(TimeTagger, ResolveAnchored) {
  const auto v = Tagger().Find("La veille, et deux jours plus tard.", Lang::kFr, std::nullopt);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(TimeTagger::ResolveAnchored(v[0], {2019, 1, 1}), (CivilDate{2018, 12, 31}));
  EXPECT_EQ(TimeTagger::ResolveAnchored(v[1], {2020, 2, 28}), (CivilDate{2020, 3, 1}));
  EXPECT_FALSE(TimeTagger::ResolveAnchored(v[0], {2020, 5, 0}));
  TimeExpr abs;
  abs.kind = TimeExpr::Kind::kAbsolute;
  EXPECT_FALSE(TimeTagger::ResolveAnchored(abs, {2020, 5, 1}));
}

TEST(TimeTagger, HostileInputNeverCrashes) {
  const TimeTagger& t = Tagger();
  const std::vector<std::string> inputs = {"",
                                           "\xff\xfe\xfd",
                                           "le 99 mai 99999",
                                           "31/31/3131",
                                           "du 5 au 3 mars",
                                           "2020-99-99",
                                           "il y a 999999999999 jours",
                                           "\xc3",
                                           "mai mai mai 2020 2020",
                                           std::string(1000, '1'),
                                           "le 1er",
                                           "depuis",
                                           "from to",
                                           "entre le et le",
                                           "les 3 et 3 mars 2020"};
  for (const auto& s : inputs) {
    for (Lang l : {Lang::kFr, Lang::kEn, Lang::kUnknown}) {
      auto v = t.Find(s, l, CivilDate{2020, 5, 17});
      for (const auto& e : v) EXPECT_LE(e.span.end, s.size());
      t.Find(s, l, CivilDate{2020, 2, 31});  // an impossible reference is ignored
    }
  }
}

TEST(TimeTagger, LoadErrorsNameFileAndLine) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "depeche_time_test_data";
  fs::create_directories(dir / "time");
  const KnowledgePaths src = KnowledgePaths::Default();
  fs::copy_file(src.Source("time/en.tsv"), dir / "time/en.tsv",
                fs::copy_options::overwrite_existing);
  {
    std::ofstream f(dir / "time/fr.tsv");
    f << "# test\nmonth\tjanvier\t1\nmonth\tfoo\t13\n";
  }
  auto r = TimeTagger::Load({dir.string(), dir.string()});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("fr.tsv:3:"), std::string::npos) << r.status().message();
  fs::remove_all(dir);
}

TEST(TimeTagger, Speed) {
  // Plain news-like text with a few dates, repeated to ~4 MB.
  const std::string para =
      "Le chef du gouvernement a reçu mardi une délégation européenne à Tripoli, selon un "
      "communiqué publié sur la page officielle du Conseil présidentiel. Les deux parties ont "
      "évoqué la situation sécuritaire et les moyens de relancer le processus politique sous "
      "l'égide des Nations unies, interrompu depuis avril 2019 par l'offensive des forces de "
      "l'Est. Plus de 1 000 personnes ont été tuées et des dizaines de milliers déplacées.\n";
  std::string text;
  while (text.size() < 4'000'000) text += para;
  const auto t0 = std::chrono::steady_clock::now();
  const auto v = Tagger().Find(text, Lang::kFr, CivilDate{2020, 5, 17});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double mbps = text.size() / 1e6 / s;
  std::cout << "[time] " << text.size() / 1e6 << " MB, " << v.size() << " expressions, " << mbps
            << " MB/s\n";
  EXPECT_EQ(v.size(), 2 * (text.size() / para.size()));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// For information: how many gold event dates of the seed articles are among the values
// the tagger finds in their text.
TEST(TimeTagger, SeedCorpusGoldDates) {
  const std::string dir = std::string(DEPECHE_SHARED_DIR) + "/corpus";
  if (!std::filesystem::exists(dir + "/seeds.gold.jsonl") ||
      !std::filesystem::exists(dir + "/seeds.meta.jsonl"))
    GTEST_SKIP() << "no seed corpus in " << dir;
  std::map<std::string, std::optional<CivilDate>> refs;
  std::map<std::string, Lang> langs;
  {
    std::istringstream in(ReadAll(dir + "/seeds.meta.jsonl"));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      const std::string doc = j.value("doc", "");
      refs[doc] = std::nullopt;
      if (j.contains("pubdate") && j["pubdate"].is_string())
        refs[doc] = ParseIsoDate(j["pubdate"].get<std::string>());
      langs[doc] = j.contains("lang") && j["lang"].is_string()
                       ? LangFromCode(j["lang"].get<std::string>())
                       : Lang::kUnknown;
    }
  }
  std::map<std::string, std::set<std::string>> values;
  int dated = 0, found = 0, events = 0;
  std::istringstream in(ReadAll(dir + "/seeds.gold.jsonl"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    ++events;
    const std::string doc = j.value("doc", "");
    if (!values.count(doc)) {
      const std::string text = ReadAll(dir + "/seeds/" + doc + ".txt");
      auto& vs = values[doc];
      for (const auto& e : Tagger().Find(text, langs[doc], refs[doc]))
        if (!e.value.empty()) vs.insert(e.value);
      std::cout << "[time] " << doc << ": " << vs.size() << " distinct values\n";
    }
    if (!j.contains("date") || !j["date"].is_string()) continue;
    ++dated;
    if (values[doc].count(j["date"].get<std::string>())) ++found;
  }
  std::cout << "[time] seeds: " << events << " gold events, " << dated << " with a date, " << found
            << " of those dates among the values found in their document\n";
}

}  // namespace
}  // namespace depeche::timex
